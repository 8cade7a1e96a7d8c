/**
 * Outbox delivery: the promise, in full (README "Alert delivery" states it for users).
 *
 * - At least once, with the idempotency key. A row is claimed (a lease: owner id and expiry,
 *   written in an IMMEDIATE transaction, with the attempt counted) before it is POSTed, and marked
 *   delivered after the receiver's 2xx. Several processes on one database never both send a row:
 *   a row leased by another live process is left alone.
 * - At most one re-send per crash. A sender that dies mid-POST leaves its lease behind; when it
 *   expires (twice the delivery timeout) one process takes the row over and sends it again, with
 *   the same key, because no sender can know whether a POST that was cut off arrived. An attempt
 *   cut off by our own timeout is retried the same way, with backoff.
 * - Order per alert and sink: rows go out in id order; a failing row blocks its sink (with
 *   backoff) until it is delivered or dead, and a later row of the same alert waits behind an
 *   earlier dead letter, so a RESOLVED never overtakes its FIRING.
 * - Dead letters are not final. After `max_attempts` (or at once for a permanent failure such as
 *   a 404) a row is dead; any later success to its sink puts every dead letter of the sink back in
 *   line, and a sink with nothing else to send is probed with its oldest dead letter every
 *   `dead_letter_retry_ms`. A RESOLVED is never dropped.
 * Sinks are delivered concurrently: a slow or dead sink delays only itself. Rows of a sink that is
 * no longer configured stay where they are (they go out if it comes back under the same name).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../store/index.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../shared/clock.ts';
import type { Notification } from './notification.ts';
import { outboxStatements, type LeasedRow } from './outbox-sql.ts';
import type { DeliveryOptions } from './sinks/sink-config.ts';
import { SinkError, type Sink } from './sinks/types.ts';

/** Counts from one delivery round. */
export interface DeliveryReport {
  delivered: number;
  /** Failed this round and scheduled for retry. */
  retrying: number;
  /** Dead-lettered this round (a failed probe of a dead sink is not counted again). */
  dead: number;
  /** Dead letters put back in line because their sink took a delivery. */
  revived: number;
  /** Rows taken over from a sender whose lease ran out mid-attempt: re-sends after a crash. */
  resent: number;
  /** Earliest time something becomes due (a backoff, a lease, a dead-letter probe); null when nothing waits. */
  next_at: number | null;
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
  db: Db;
  sinks: readonly Sink[];
  clock: Clock;
  options: DeliveryOptions;
  logger: Logger;
  /** Jitter draws for the backoff; default Math.random. */
  random?: () => number;
  /** Lease owner id; default host, pid and a random suffix (unique per outbox). */
  owner?: string;
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** Returns `deliver(stop)`: one delivery round over every sink. */
export function createOutboxDelivery(deps: OutboxDeps): (stop: AbortSignal) => Promise<DeliveryReport> {
  const { db, clock, options, logger } = deps;
  const random = deps.random ?? Math.random;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Longer than any live attempt (each is cut at timeout_ms), so only a dead or stalled sender loses it.
  const leaseMs = 2 * options.timeout_ms;
  const sql = outboxStatements(db);

  async function attempt(sink: Sink, row: LeasedRow, stop: AbortSignal): Promise<unknown> {
    try {
      await withTimeout(clock, options.timeout_ms, stop, (signal) => sink.deliver(JSON.parse(row.payload) as Notification, signal));
      return null;
    } catch (err) {
      return err ?? new Error('delivery failed');
    }
  }

  async function deliverSink(sink: Sink, report: DeliveryReport, stop: AbortSignal): Promise<void> {
    for (let i = 0; i < options.batch; i++) {
      if (stop.aborted) return;
      const claim = sql.claim(sink.name, owner, clock.now(), leaseMs);
      if (claim.kind === 'idle') return;
      if (claim.kind === 'wait') {
        report.next_at = earliest(report.next_at, claim.until);
        return;
      }
      const { row, probe, takeover } = claim;
      const log = { sink: sink.name, key: row.idempotency_key, attempts: row.attempts };
      if (takeover) {
        report.resent++;
        logger.warn(log, 'alert notification re-sent: its previous sender stopped mid-delivery (same idempotency key)');
      }
      const err = await attempt(sink, row, stop);
      if (err === null) {
        const revived = sql.delivered(row.id, clock.now(), sink.name);
        report.delivered++;
        report.revived += revived;
        if (revived > 0) logger.info({ sink: sink.name, revived }, 'sink recovered: dead letters back in line');
        continue;
      }
      if (stop.aborted) {
        sql.release(row.id, owner); // shutdown: the attempt does not count; the row stays due
        return;
      }
      const message = (err as Error).message ?? String(err);
      const now = clock.now();
      if (probe) {
        sql.dead(row.id, owner, now, now + options.dead_letter_retry_ms, message);
        report.next_at = earliest(report.next_at, now + options.dead_letter_retry_ms);
        logger.warn({ ...log, err: message }, 'sink still failing: dead letters wait for the next probe');
        return;
      }
      const permanent = err instanceof SinkError && err.permanent;
      if (permanent || row.attempts >= options.max_attempts) {
        sql.dead(row.id, owner, now, now + options.dead_letter_retry_ms, message);
        report.dead++;
        logger.error({ ...log, err: message }, 'alert notification dead-lettered: retried when the sink recovers');
        continue; // other alerts' rows may go
      }
      const at = now + backoffMs(row.attempts, options, random);
      sql.retry(row.id, owner, at, message);
      report.retrying++;
      report.next_at = earliest(report.next_at, at);
      logger.warn({ ...log, err: message }, 'alert notification delivery failed; will retry');
      return; // the sink is failing: the rows behind wait for this one
    }
    report.next_at = earliest(report.next_at, clock.now()); // batch used up: more is due now
  }

  return async (stop) => {
    const report: DeliveryReport = { delivered: 0, retrying: 0, dead: 0, revived: 0, resent: 0, next_at: null };
    await Promise.all(deps.sinks.map((s) => deliverSink(s, report, stop)));
    return report;
  };
}
