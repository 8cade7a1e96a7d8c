/**
 * Cost of one call from the model catalogue. Formula (api-facts §8.3), per million tokens:
 *   input×P_in + write5m×P_in×m5 + write1h×P_in×m1h + read×P_in×mr + output×P_out
 * then ×batch when the call went through the Batch API. Long-context rates replace P_in and
 * P_out for EVERY token when total input (uncached + writes + reads) exceeds the threshold.
 * Multipliers come from the price entry when it overrides them, else the catalogue.
 */
import { defaultCatalog, type Catalog, type Price } from '../shared/catalog.ts';
import type { Cost, Usage } from '../shared/types.ts';
import { totalInputTokens } from './usage.ts';

/** A user price override for one model (USD per million tokens); replaces the catalogue entry. */
export type PriceOverride = Omit<Price, 'effective_from'>;

export interface CostOptions {
  /** When the call happened (epoch ms): selects the effective-dated price. */
  atMs: number;
  /** Batch API call: 50% off (catalogue multiplier). Default false. */
  batch?: boolean;
  /** Per-model overrides keyed by model id or alias; win over the catalogue. */
  overrides?: Readonly<Record<string, PriceOverride>>;
  catalog?: Catalog;
}

export interface CostResult {
  /** `null` when the model has no known price: never a silent $0. */
  cost: Cost | null;
  unpriced: boolean;
  /** True when long-context premium rates applied. */
  long_context: boolean;
}

const PER_MTOK = 1_000_000;

// Prices change by UTC day: memoise the lookup per catalogue, model and day (priceAt formats a date),
// at most MEMO_MODELS models per catalogue (past it the memo starts over).
const DAY_MS = 86_400_000;
const MEMO_MODELS = 10_000;
const priceMemo = new WeakMap<Catalog, Map<string, { day: number; price: Price | undefined }>>();

function catalogPrice(catalog: Catalog, model: string, atMs: number): Price | undefined {
  let memo = priceMemo.get(catalog);
  if (!memo) priceMemo.set(catalog, (memo = new Map()));
  const day = Math.floor(atMs / DAY_MS);
  const hit = memo.get(model);
  if (hit !== undefined && hit.day === day) return hit.price;
  const info = catalog.find(model);
  const price = info ? catalog.priceAt(info, atMs) : undefined;
  if (memo.size >= MEMO_MODELS) memo.clear();
  memo.set(model, { day, price });
  return price;
}

function resolvePrice(model: string, opts: CostOptions, catalog: Catalog): { price: PriceOverride | undefined } {
  if (opts.overrides) {
    const info = catalog.find(model);
    const override = opts.overrides[model] ?? (info && opts.overrides[info.id]);
    if (override) return { price: override };
  }
  return { price: catalogPrice(catalog, model, opts.atMs) };
}

/**
 * @example
 * computeCost('claude-haiku-4-5', usage, { atMs: Date.now() }).cost?.total
 */
export function computeCost(model: string, usage: Usage, opts: CostOptions): CostResult {
  const catalog = opts.catalog ?? defaultCatalog;
  const { price } = resolvePrice(model, opts, catalog);
  if (!price) return { cost: null, unpriced: true, long_context: false };
  const m = catalog.multipliers;
  const lc = price.long_context;
  const longContext = lc !== undefined && totalInputTokens(usage) > lc.threshold_input_tokens;
  const pIn = (longContext ? lc.input : price.input) / PER_MTOK;
  const pOut = (longContext ? lc.output : price.output) / PER_MTOK;
  const batch = opts.batch ? m.batch : 1;
  const input = usage.input_tokens * pIn * batch;
  const output = usage.output_tokens * pOut * batch;
  const cacheWrite =
    (usage.cache_write_5m_tokens * (price.cache_write_5m ?? m.cache_write_5m) +
      usage.cache_write_1h_tokens * (price.cache_write_1h ?? m.cache_write_1h)) *
    pIn *
    batch;
  const cacheRead = usage.cache_read_input_tokens * (price.cache_read ?? m.cache_read) * pIn * batch;
  return {
    cost: { input, output, cache_write: cacheWrite, cache_read: cacheRead, total: input + output + cacheWrite + cacheRead },
    unpriced: false,
    long_context: longContext,
  };
}
