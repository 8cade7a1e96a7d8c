/**
 * The canaries' own spend cap. Before a run, its worst case (every input token at the most
 * expensive rate it could be billed, and `max_tokens` of output) is reserved against the daily
 * and monthly budgets; a run that could pass either is skipped and recorded as budget_exceeded.
 * Reservations are held while runs are in flight, so concurrent runs cannot pass the cap together.
 */
import { computeCost } from '../client/cost.ts';
import { estimateInputTokens } from '../client/context-guard.ts';
import type { CallParams } from '../client/types.ts';
import type { Catalog } from '../shared/catalog.ts';

export interface Budgets {
  daily_usd: number;
  monthly_usd: number;
}

export interface SpendSource {
  spendSince(sinceMs: number): number;
}

export function startOfUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export function startOfUtcMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The most a call with these params can cost, in USD; null when the model has no price. */
export function worstCaseCost(params: CallParams, catalog: Catalog, atMs: number): number | null {
  const input = estimateInputTokens(params);
  const cached = JSON.stringify(params.system ?? '').includes('cache_control') || JSON.stringify(params.messages).includes('cache_control') || 'cache_control' in params;
  const usage = {
    input_tokens: cached ? 0 : input,
    output_tokens: params.max_tokens,
    cache_creation_input_tokens: cached ? input : 0,
    cache_read_input_tokens: 0,
    cache_write_5m_tokens: 0,
    // A cache write at the 1-hour rate is the dearest way to bill an input token.
    cache_write_1h_tokens: cached ? input : 0,
  };
  // The estimate can undercount a real tokenizer; a 25% margin keeps the cap a cap.
  const c = computeCost(params.model, { ...usage, input_tokens: Math.ceil(usage.input_tokens * 1.25), cache_write_1h_tokens: Math.ceil(usage.cache_write_1h_tokens * 1.25) }, { atMs, catalog });
  return c.cost?.total ?? null;
}

export class BudgetGuard {
  private reserved = 0;

  constructor(
    private readonly budgets: Budgets,
    private readonly spend: SpendSource,
  ) {}

  /**
   * Reserves `worstUsd` if it fits under both caps; returns a release function, or a reason when
   * it does not fit. An unpriced model (null) is allowed: its spend cannot be known.
   */
  reserve(worstUsd: number | null, now: number): { ok: true; release: () => void } | { ok: false; reason: string } {
    const w = worstUsd ?? 0;
    const day = this.spend.spendSince(startOfUtcDay(now)) + this.reserved;
    const month = this.spend.spendSince(startOfUtcMonth(now)) + this.reserved;
    if (day + w > this.budgets.daily_usd) {
      return { ok: false, reason: `daily budget $${this.budgets.daily_usd.toFixed(2)}: spent and reserved $${day.toFixed(4)} + this run's worst case $${w.toFixed(4)} would pass it` };
    }
    if (month + w > this.budgets.monthly_usd) {
      return { ok: false, reason: `monthly budget $${this.budgets.monthly_usd.toFixed(2)}: spent and reserved $${month.toFixed(4)} + this run's worst case $${w.toFixed(4)} would pass it` };
    }
    this.reserved += w;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.reserved -= w;
      },
    };
  }
}
