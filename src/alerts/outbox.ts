/**
 * Outbox delivery: each sink's pending notifications in order, each with a timeout on the
 * injected clock, exponential backoff between attempts, and a dead-letter state after
 * `max_attempts` (or at once for a permanent failure such as a 404). Per sink, a failed head
 * blocks the later rows until it is delivered or dead, so a resolved never overtakes its firing.
 * Sinks are delivered concurrently: a slow or dead sink delays only itself. Rows of a sink that
 * is no longer configured stay pending (they go out if it comes back under the same name).
 */
import type { Database } from 'better-sqlite3';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { Notification } from './notification.ts';
import type { DeliveryOptions } from './sinks/sink-config.ts';
import { SinkError, type Sink } from './sinks/types.ts';
import type { OutboxRow } from './state-store.ts';

/** Counts from one delivery round. */
export interface DeliveryReport {
  delivered: number;
  /** Failed this round and scheduled for retry. */
  retrying: number;
  /** Dead-lettered this round. */
  dead: number;
}

/**
 * Delay before attempt `attempts + 1`: base x 2^(attempts - 1), capped, with equal jitter (a
 * uniform draw between half and all of it), so runners that lost the same receiver at the same
 * moment do not all retry in the same second when it comes back. `random` is injectable (tests).
 */
export function backoffMs(attempts: number, options: Pick<DeliveryOptions, 'base_backoff_ms' | 'max_backoff_ms'>, random: () => number = Math.random): number {
  const full = Math.min(options.max_backoff_ms, options.base_backoff_ms * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

async function withTimeout<T>(clock: Clock, ms: number, stop: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const request = new AbortController();
  const timer = new AbortController();
  const onStop = () => request.abort(stop.reason);
  stop.addEventListener('abort', onStop, { once: true });
  clock.sleep(ms, timer.signal).then(
    () => request.abort(new Error(`timed out after ${ms} ms`)),
    () => {},
  );
  try {
    return await fn(request.signal);
  } finally {
    timer.abort();
    stop.removeEventListener('abort', onStop);
  }
}

export interface OutboxDeps {
  db: Database;
  sinks: readonly Sink[];
  clock: Clock;
  options: DeliveryOptions;
  logger: Logger;
  /** Jitter draws for the backoff; default Math.random. */
  random?: () => number;
}

/** Returns `deliver(stop)`: one delivery round over every sink. */
export function createOutboxDelivery(deps: OutboxDeps): (stop: AbortSignal) => Promise<DeliveryReport> {
  const { db, clock, options, logger } = deps;
  const random = deps.random ?? Math.random;
  const head = db.prepare("SELECT * FROM alert_outbox WHERE sink = ? AND status = 'pending' ORDER BY id LIMIT ?");
  const done = db.prepare("UPDATE alert_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?");
  const retry = db.prepare('UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?');
  const dead = db.prepare("UPDATE alert_outbox SET status = 'dead', attempts = ?, last_error = ? WHERE id = ?");

  async function deliverSink(sink: Sink, report: DeliveryReport, stop: AbortSignal): Promise<void> {
    const rows = head.all(sink.name, options.batch) as OutboxRow[];
    for (const row of rows) {
      if (stop.aborted || row.next_attempt_at > clock.now()) return;
      try {
        await withTimeout(clock, options.timeout_ms, stop, (signal) => sink.deliver(JSON.parse(row.payload) as Notification, signal));
        done.run(clock.now(), row.id);
        report.delivered++;
      } catch (err) {
        if (stop.aborted) return; // shutdown: the attempt does not count; the row stays due
        const attempts = row.attempts + 1;
        const message = (err as Error).message ?? String(err);
        const permanent = err instanceof SinkError && err.permanent;
        if (permanent || attempts >= options.max_attempts) {
          dead.run(attempts, message, row.id);
          report.dead++;
          logger.error({ sink: sink.name, key: row.idempotency_key, attempts, err: message }, 'alert notification dead-lettered');
          continue; // the next row may go
        }
        retry.run(attempts, clock.now() + backoffMs(attempts, options, random), message, row.id);
        report.retrying++;
        logger.warn({ sink: sink.name, key: row.idempotency_key, attempts, err: message }, 'alert notification delivery failed; will retry');
        return;
      }
    }
  }

  return async (stop) => {
    const report: DeliveryReport = { delivered: 0, retrying: 0, dead: 0 };
    await Promise.all(deps.sinks.map((s) => deliverSink(s, report, stop)));
    return report;
  };
}
