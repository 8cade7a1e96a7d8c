/**
 * The daemon's delivery loop: a round, then a sleep on the clock until the earliest thing the
 * round said is due (a backoff, another process's lease, a dead-letter probe), at least `minMs`
 * and at most `idleMs`. Without it, retries would wait for the next evaluation tick, and a dead
 * sink with nothing new to send would never be probed.
 */
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { DeliveryReport } from './outbox.ts';

/** Defaults for {@link runDeliveryLoop}. */
export const DELIVERY_LOOP_DEFAULTS = {
  /** Longest sleep between rounds when nothing is due (rows enqueued meanwhile are picked up by then). */
  idleMs: 5_000,
  /** Shortest sleep, so a sink that keeps answering "not yet" cannot spin the loop. */
  minMs: 50,
} as const;

export interface DeliveryLoopOptions {
  /** One round, e.g. `engine.deliverPending`. */
  deliver: () => Promise<DeliveryReport>;
  clock: Clock;
  /** Ends the loop (the round in flight is ended by whoever owns it, e.g. `engine.stop()`). */
  signal: AbortSignal;
  logger?: Logger;
  idleMs?: number;
  minMs?: number;
}

/**
 * Runs until `signal` aborts; resolves then. A failed round is logged and the loop goes on.
 * @example
 * const stop = new AbortController();
 * const loop = runDeliveryLoop({ deliver: engine.deliverPending, clock, signal: stop.signal });
 * // on shutdown: stop.abort(); await engine.stop(); await loop;
 */
export async function runDeliveryLoop(options: DeliveryLoopOptions): Promise<void> {
  const { clock, signal } = options;
  const idleMs = options.idleMs ?? DELIVERY_LOOP_DEFAULTS.idleMs;
  const minMs = options.minMs ?? DELIVERY_LOOP_DEFAULTS.minMs;
  while (!signal.aborted) {
    let nextAt: number | null = null;
    try {
      nextAt = (await options.deliver()).next_at;
    } catch (err) {
      options.logger?.error({ err }, 'alert delivery round failed');
    }
    const wait = nextAt === null ? idleMs : Math.min(idleMs, Math.max(minMs, nextAt - clock.now()));
    try {
      await clock.sleep(wait, signal);
    } catch {
      return;
    }
  }
}
