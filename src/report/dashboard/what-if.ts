/**
 * "What if" pricing and caching savings over the observed token mix (per UTC day and model, from
 * the store). Prices come from `computeCost` (catalogue, effective dates, multipliers, overrides)
 * through a per-token rate card, so the figures are linear in tokens: summing a day's tokens and
 * pricing the sum gives the same figure as pricing each call. The one exception is the
 * long-context premium, which depends on single requests and is not applied here.
 */
import { computeCost, type PriceOverride } from '../../client/cost.ts';
import { defaultCatalog, type Catalog, type ModelInfo } from '../../shared/catalog.ts';
import type { Usage } from '../../shared/types.ts';
import type { TokenMixRow } from './types.ts';

/** USD per token, by token type. */
export interface RateCard {
  input: number;
  output: number;
  cache_write_5m: number;
  cache_write_1h: number;
  cache_read: number;
}

export interface PricingOptions {
  catalog?: Catalog;
  overrides?: Readonly<Record<string, PriceOverride>>;
}

const usage = (u: Partial<Usage>): Usage => ({
  input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0, ...u,
});

/** The per-token prices of `model` on the day `atMs`, or null when it has no known price. */
export function rateCard(model: string, atMs: number, o: PricingOptions = {}): RateCard | null {
  const opts = { atMs, ...(o.catalog ? { catalog: o.catalog } : {}), ...(o.overrides ? { overrides: o.overrides } : {}) };
  // Three tokens stay far under every long-context threshold.
  const a = computeCost(model, usage({ input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 1, cache_write_5m_tokens: 1, cache_read_input_tokens: 1 }), opts).cost;
  const b = computeCost(model, usage({ cache_creation_input_tokens: 1, cache_write_1h_tokens: 1 }), opts).cost;
  if (!a || !b) return null;
  return { input: a.input, output: a.output, cache_write_5m: a.cache_write, cache_write_1h: b.cache_write, cache_read: a.cache_read };
}

/** Cost of one day-and-model row of tokens at a rate card. */
export function priceMix(r: TokenMixRow, rate: RateCard): number {
  const w1h = Math.min(r.cache_write_1h, r.cache_write);
  return r.input * rate.input + r.output * rate.output + (r.cache_write - w1h) * rate.cache_write_5m + w1h * rate.cache_write_1h + r.cache_read * rate.cache_read;
}

export interface WhatIfRow {
  model: ModelInfo;
  /** The whole observed mix priced on this model; null when it has no price. */
  cost: number | null;
  /** cost / paid - 1 (negative is cheaper). */
  change: number | null;
  /** Runs in the window that actually used this model. */
  observedRuns: number;
}

export interface WhatIf {
  /** What the stored results say was paid. */
  paid: number;
  runs: number;
  rows: WhatIfRow[];
}

// A model priced only from a later date is priced at its first price for earlier days.
function rateOn(model: ModelInfo, day: number, o: PricingOptions): RateCard | null {
  const first = Math.min(...model.prices.map((p) => Date.parse(`${p.effective_from}T00:00:00Z`)));
  return rateCard(model.id, Math.max(day, first), o);
}

/** Prices the observed mix on every non-retired catalogue model, cheapest first. */
export function whatIf(mix: readonly TokenMixRow[], o: PricingOptions = {}): WhatIf {
  const catalog = o.catalog ?? defaultCatalog;
  const paid = mix.reduce((a, r) => a + r.cost, 0);
  const runs = mix.reduce((a, r) => a + r.runs, 0);
  const rows = catalog.models
    .filter((m) => m.status !== 'retired')
    .map((model): WhatIfRow => {
      let cost: number | null = 0;
      for (const r of mix) {
        const rate = rateOn(model, r.day, o);
        if (!rate) {
          cost = null;
          break;
        }
        cost += priceMix(r, rate);
      }
      const observedRuns = mix.filter((r) => catalog.find(r.model)?.id === model.id).reduce((a, r) => a + r.runs, 0);
      return { model, cost, change: cost !== null && paid > 0 ? cost / paid - 1 : null, observedRuns };
    })
    .sort((a, b) => (a.cost ?? Infinity) - (b.cost ?? Infinity) || a.model.id.localeCompare(b.model.id));
  return { paid, runs, rows };
}

export interface SavingsRow {
  model: string;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Cache reads priced at the full input rate, minus what was paid for them. */
  saved: number;
  /** What cache writes cost above the plain input rate (1.25x or 2x vs 1x). */
  writePremium: number;
  net: number;
}

export interface Savings {
  rows: SavingsRow[];
  total: SavingsRow;
  /** Models in the mix with no known price (their reads are not counted). */
  unpricedModels: string[];
}

/** What prompt caching saved, per observed model and in total. */
export function cachingSavings(mix: readonly TokenMixRow[], o: PricingOptions = {}): Savings {
  const byModel = new Map<string, SavingsRow>();
  const unpriced = new Set<string>();
  for (const r of mix) {
    const rate = rateCard(r.model, r.day, o);
    if (!rate) {
      unpriced.add(r.model);
      continue;
    }
    const w1h = Math.min(r.cache_write_1h, r.cache_write);
    const row = byModel.get(r.model) ?? { model: r.model, cacheReadTokens: 0, cacheWriteTokens: 0, saved: 0, writePremium: 0, net: 0 };
    row.cacheReadTokens += r.cache_read;
    row.cacheWriteTokens += r.cache_write;
    row.saved += r.cache_read * (rate.input - rate.cache_read);
    row.writePremium += (r.cache_write - w1h) * (rate.cache_write_5m - rate.input) + w1h * (rate.cache_write_1h - rate.input);
    row.net = row.saved - row.writePremium;
    byModel.set(r.model, row);
  }
  const rows = [...byModel.values()].sort((a, b) => b.saved - a.saved || a.model.localeCompare(b.model));
  const total = rows.reduce(
    (t, r) => ({ ...t, cacheReadTokens: t.cacheReadTokens + r.cacheReadTokens, cacheWriteTokens: t.cacheWriteTokens + r.cacheWriteTokens, saved: t.saved + r.saved, writePremium: t.writePremium + r.writePremium, net: t.net + r.net }),
    { model: 'all models', cacheReadTokens: 0, cacheWriteTokens: 0, saved: 0, writePremium: 0, net: 0 },
  );
  return { rows, total, unpricedModels: [...unpriced].sort() };
}
