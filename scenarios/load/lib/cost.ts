/**
 * Estimated cost of a request from the model catalogue (`src/shared/models.json`, read by the
 * k6 script with `open()` and passed in here, so there is one catalogue). Plain module; the
 * validated catalogue lives in src/shared/catalog.ts, this is the minimal read k6 can run
 * (k6 cannot load zod). An unknown model is `unpriced`, never a silent $0.
 */
import type { TokenUsage } from './checks.ts';

interface PriceEntry {
  effective_from: string;
  input: number;
  output: number;
  cache_write_5m?: number;
  cache_read?: number;
  long_context?: { threshold_input_tokens: number; input: number; output: number };
}
interface ModelEntry {
  id: string;
  aliases?: string[];
  prices: PriceEntry[];
}
/** The parts of models.json the estimate reads. */
export interface CatalogueData {
  models: ModelEntry[];
  multipliers: { cache_write_5m: number; cache_read: number };
}

export type CostEstimate = { unpriced: false; usd: number; model: string } | { unpriced: true; usd: null; model: string };

/** Parses models.json text and checks the fields the estimate needs; throws on a broken file. */
export function parseCatalogue(text: string): CatalogueData {
  const data = JSON.parse(text) as Partial<CatalogueData>;
  if (!data || !Array.isArray(data.models) || !data.multipliers || typeof data.multipliers.cache_read !== 'number' || typeof data.multipliers.cache_write_5m !== 'number') {
    throw new Error('model catalogue must have models[] and multipliers.cache_read / cache_write_5m');
  }
  for (const m of data.models) {
    if (typeof m.id !== 'string' || !Array.isArray(m.prices)) throw new Error(`catalogue model entry without id or prices: ${JSON.stringify(m).slice(0, 80)}`);
  }
  return data as CatalogueData;
}

/** The price in force on `day` (YYYY-MM-DD) for a model id or alias, or undefined. */
export function priceFor(cat: CatalogueData, model: string, day: string): PriceEntry | undefined {
  const entry = cat.models.find((m) => m.id === model || (m.aliases ?? []).includes(model));
  if (!entry) return undefined;
  let best: PriceEntry | undefined;
  for (const p of entry.prices) if (p.effective_from <= day && (!best || p.effective_from > best.effective_from)) best = p;
  return best;
}

/**
 * USD for one call: uncached input, cache writes (5-minute rate), cache reads and output, each
 * per million tokens; above a long-context threshold every token uses the long-context rates.
 *
 * @example
 * estimateCost(cat, 'claude-haiku-4-5', { input: 20, output: 100, cacheCreation: 0, cacheRead: 0 }, Date.now())
 * // { unpriced: false, usd: 0.00052, model: 'claude-haiku-4-5' }
 */
export function estimateCost(cat: CatalogueData, model: string, usage: TokenUsage, atMs: number): CostEstimate {
  const price = priceFor(cat, model, new Date(atMs).toISOString().slice(0, 10));
  if (!price) return { unpriced: true, usd: null, model };
  const totalInput = usage.input + usage.cacheCreation + usage.cacheRead;
  const long = price.long_context && totalInput > price.long_context.threshold_input_tokens ? price.long_context : undefined;
  const inRate = long?.input ?? price.input;
  const outRate = long?.output ?? price.output;
  const writeMult = price.cache_write_5m ?? cat.multipliers.cache_write_5m;
  const readMult = price.cache_read ?? cat.multipliers.cache_read;
  const usd = (usage.input * inRate + usage.cacheCreation * inRate * writeMult + usage.cacheRead * inRate * readMult + usage.output * outRate) / 1_000_000;
  return { unpriced: false, usd, model };
}
