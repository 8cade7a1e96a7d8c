/**
 * The model catalogue: one data file (`models.json`), validated once, shared by the simulator,
 * the cost model, reports and docs. Lookups accept a model id or any of its aliases.
 */
import { z } from 'zod';
import raw from './models.json' with { type: 'json' };

const LongContextPrice = z.strictObject({
  /** Above this many total input tokens (uncached + cache writes + cache reads), every token in the request is billed at these rates. */
  threshold_input_tokens: z.number().int().positive(),
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
});

export const PriceSchema = z.strictObject({
  /** ISO date (YYYY-MM-DD) from which this price applies (UTC). */
  effective_from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** USD per million uncached input tokens. */
  input: z.number().nonnegative(),
  /** USD per million output tokens. */
  output: z.number().nonnegative(),
  /** Overrides of the catalogue-wide multipliers for this model, e.g. a cache read at 0.025x. */
  cache_write_5m: z.number().nonnegative().optional(),
  cache_write_1h: z.number().nonnegative().optional(),
  cache_read: z.number().nonnegative().optional(),
  long_context: LongContextPrice.optional(),
});
export type Price = z.infer<typeof PriceSchema>;

export const ModelSchema = z.strictObject({
  id: z.string().min(1),
  aliases: z.array(z.string()),
  family: z.string(),
  display_name: z.string(),
  context_window: z.number().int().positive(),
  max_output: z.number().int().positive(),
  status: z.enum(['active', 'deprecated', 'retired']),
  created_at: z.string(),
  long_context: z.strictObject({ beta: z.string(), context_window: z.number().int().positive() }).optional(),
  prices: z.array(PriceSchema).min(1),
});
export type ModelInfo = z.infer<typeof ModelSchema>;

export const MultipliersSchema = z.strictObject({
  cache_write_5m: z.number().nonnegative(),
  cache_write_1h: z.number().nonnegative(),
  cache_read: z.number().nonnegative(),
  batch: z.number().nonnegative(),
});
export type Multipliers = z.infer<typeof MultipliersSchema>;

export const CatalogSchema = z.object({
  models: z.array(ModelSchema).min(1),
  multipliers: MultipliersSchema,
});
export type CatalogData = z.infer<typeof CatalogSchema>;

export interface Catalog {
  readonly models: readonly ModelInfo[];
  readonly multipliers: Multipliers;
  /** The model for an id or alias, or undefined when unknown. */
  find(idOrAlias: string): ModelInfo | undefined;
  /** The price in force for a model on a date (epoch ms), or undefined before its first price. */
  priceAt(model: ModelInfo, atMs: number): Price | undefined;
}

export function createCatalog(data: unknown): Catalog {
  const parsed = CatalogSchema.parse(data);
  const byId = new Map<string, ModelInfo>();
  for (const m of parsed.models) {
    byId.set(m.id, m);
    for (const a of m.aliases) byId.set(a, m);
  }
  return {
    models: parsed.models,
    multipliers: parsed.multipliers,
    find: (id) => byId.get(id),
    priceAt(model, atMs) {
      const day = new Date(atMs).toISOString().slice(0, 10);
      let best: Price | undefined;
      for (const p of model.prices) {
        if (p.effective_from <= day && (!best || p.effective_from > best.effective_from)) best = p;
      }
      return best;
    },
  };
}

/** The built-in catalogue from `src/shared/models.json`. */
export const defaultCatalog: Catalog = createCatalog(raw);
