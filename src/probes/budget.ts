/**
 * The canaries' own spend cap, enforced in the database so that every process on one store
 * shares it. Each attempt of a run reserves its worst case (every input token at the dearest rate
 * it could be billed, `max_tokens` of output, a 25% margin on the input estimate) before it is
 * sent; the run's reservation is checked against spend plus every live reservation in one
 * IMMEDIATE transaction (store/spend.ts), and settles to the run's actual cost when its result is
 * stored. A run whose first attempt does not fit is skipped as budget_exceeded; a retry that
 * does not fit is not made. A reservation whose process died expires after the run's deadline
 * plus {@link BUDGET_DEFAULTS.expiryGraceMs}.
 */
import { hostname } from 'node:os';
import { computeCost } from '../client/cost.ts';
import { estimateInputTokens } from '../client/context-guard.ts';
import type { CallParams } from '../client/types.ts';
import type { Catalog } from '../shared/catalog.ts';
import type { ProbeResult } from '../shared/types.ts';
import type { Store } from '../store/store.ts';

export interface Budgets {
  daily_usd: number;
  monthly_usd: number;
}

/** What the guard needs from the store: the reservation ledger (store/spend.ts). */
export type SpendLedger = Pick<Store, 'reserveSpend' | 'settleSpend'>;

/** Defaults for the spend cap. */
export const BUDGET_DEFAULTS = {
  /**
   * A reservation outlives its run's deadline by this much before it expires: time to store the
   * result after the call ends. Only a process that died (kill -9, a crash, a lost machine)
   * leaves one to expire; until then its worst case stays counted, since that call may have
   * been billed.
   */
  expiryGraceMs: 60_000,
} as const;

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

/** A run's reservation, held from its first attempt until its result is stored. */
export interface RunReservation {
  /**
   * Adds attempt `n`'s worst case before it is sent; returns null when it fits, or why not (the
   * retry is then not made).
   */
  extend(n: number, now: number): string | null;
  /** Stores the result (when given) and frees the reservation, in one transaction. */
  settle(result: ProbeResult | null): void;
}

export interface ReserveRequest {
  /** The run id: the reservation's id. */
  id: string;
  probe_id: string;
  model: string;
  /** One attempt's worst case in USD; null (an unpriced model) reserves 0: its spend cannot be known. */
  worstUsd: number | null;
  now: number;
  /** The run's deadline (all attempts), ms: the reservation expires this long after `now`, plus the grace. */
  deadlineMs: number;
}

const usd = (v: number) => `$${v.toFixed(6)}`;

export class BudgetGuard {
  private readonly holder = `${hostname()}:${process.pid}`;

  constructor(
    private readonly budgets: Budgets,
    private readonly ledger: SpendLedger,
  ) {}

  /**
   * Reserves the first attempt's worst case if spend plus every live reservation plus it stays at
   * or under both caps (reaching a cap exactly is allowed); otherwise returns the reason.
   */
  reserve(req: ReserveRequest): { ok: true; reservation: RunReservation } | { ok: false; reason: string } {
    const w = req.worstUsd ?? 0;
    const expiresAt = req.now + req.deadlineMs + BUDGET_DEFAULTS.expiryGraceMs;
    const attempt = (now: number, what: string): string | null => {
      const out = this.ledger.reserveSpend({
        id: req.id,
        holder: this.holder,
        probe_id: req.probe_id,
        model: req.model,
        amountUsd: w,
        nowMs: now,
        expiresAt,
        limits: [
          { label: 'daily', sinceMs: startOfUtcDay(now), capUsd: this.budgets.daily_usd },
          { label: 'monthly', sinceMs: startOfUtcMonth(now), capUsd: this.budgets.monthly_usd },
        ],
      });
      if (out.ok) return null;
      return `${out.limit.label} budget $${out.limit.capUsd.toFixed(2)}: spent ${usd(out.spentUsd)} + reserved ${usd(out.reservedUsd)} + ${what} ${usd(w)} would pass it`;
    };
    const refused = attempt(req.now, "this run's worst case");
    if (refused) return { ok: false, reason: refused };
    let settled = false;
    return {
      ok: true,
      reservation: {
        extend: (n, now) => (settled ? 'the run is over' : attempt(now, `attempt ${n}'s worst case`)),
        settle: (result) => {
          if (settled) return;
          this.ledger.settleSpend(req.id, result);
          settled = true;
        },
      },
    };
  }
}
