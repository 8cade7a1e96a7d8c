/**
 * Keeps the evaluator lease: the holder renews it every `ttlMs / RENEWALS_PER_TERM`, so two missed
 * renewals (a stalled event loop, a slow disk) still do not lose it; a runner without it tries
 * again at the holder's expiry (or sooner, so a released lease is taken quickly). Taking it over
 * calls `onAcquired` at once (the monitor evaluates then), so the fleet's alerts are evaluated
 * again within one lease term (the evaluation interval) of the old holder's last renewal.
 */
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { EvaluatorLease } from './evaluator-lease.ts';

/** Renewals per lease term. */
export const RENEWALS_PER_TERM = 3;

export interface LeaseLoopOptions {
  lease: EvaluatorLease;
  clock: Clock;
  signal: AbortSignal;
  /** Called when this runner takes the lease (first time, or over from another). */
  onAcquired?: () => void;
  /** Called when a renewal finds another runner holding it (this one stalled past its expiry). */
  onLost?: () => void;
  logger?: Logger;
}

/** Runs until `signal` aborts, then releases the lease if held. */
export async function runLeaseLoop(options: LeaseLoopOptions): Promise<void> {
  const { lease, clock, signal } = options;
  const renewMs = Math.max(10, Math.floor(lease.ttlMs / RENEWALS_PER_TERM));
  while (!signal.aborted) {
    const now = clock.now();
    const was = lease.held(now);
    let got = false;
    try {
      got = lease.acquire(now);
    } catch (err) {
      options.logger?.error({ err }, 'evaluator lease: acquire failed');
    }
    if (got && !was) options.onAcquired?.();
    if (!got && was) options.onLost?.();
    let wait = renewMs;
    if (!got) {
      const expires = lease.holder()?.expires_at;
      // Wake right after the holder's expiry, or sooner to notice a release (never in a tight
      // loop: a stalled holder's row, or a PostgreSQL row left by a dead one, can be past expiry).
      if (expires !== undefined) wait = Math.min(renewMs, Math.max(Math.ceil(renewMs / 10), expires - now + 1));
    }
    try {
      await clock.sleep(wait, signal);
    } catch {
      break;
    }
  }
  try {
    lease.release();
  } catch (err) {
    options.logger?.error({ err }, 'evaluator lease: release failed');
  }
}
