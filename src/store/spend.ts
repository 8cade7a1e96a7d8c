/**
 * Spend since a point in time, cheap enough to ask before every run. The first call for a given
 * `sinceMs` scans the covering time index once; later calls add only rows inserted since (a
 * rowid range scan), by this or any other connection. Exact as long as results are only ever
 * inserted, which is how the store treats them; deleting rows would make it over-count (the
 * safe direction for a budget) until the store is reopened.
 *
 * On PostgreSQL identity ids are taken at insert time but become visible at commit, so a row
 * with a lower id can appear after a higher one has been read, and "rows with id above the last
 * one seen" would miss it. There, triggers keep spend per 15-minute bucket (`spend_buckets`,
 * migration 8) in the inserting transaction, and a call reads, in one statement (one snapshot),
 * the buckets wholly inside the window plus the results of its first, partial bucket: at most
 * 15 minutes of rows whatever the window. (Internal.)
 */
import { bySql, type Db } from './db.ts';
import type { ProbeResult } from '../shared/types.ts';
import { SPEND_BUCKET_MS } from './migrations/0008-spend-buckets.ts';

/** How many distinct `sinceMs` values keep a running total (day and month starts need two). */
const MAX_CACHED = 8;

/** Spend of rows newer than a rowid. Unary + keeps the planner on the rowid range, not the time index. */
export const INCREMENTAL_SPEND_SQL = 'SELECT coalesce(sum(cost_usd), 0) FROM results WHERE id > ? AND +started_at >= ?';

/** PostgreSQL: whole buckets from `$1` on, plus the results in [`$2`, `$3`) (the partial first bucket). */
export const PG_SPEND_SQL = `SELECT coalesce((SELECT sum(cost_usd) FROM spend_buckets WHERE bucket >= $1), 0)
  + coalesce((SELECT sum(cost_usd) FROM results WHERE started_at >= $2 AND started_at < $3), 0)`;

export function spendQuery(db: Db): (sinceMs: number) => number {
  if (db.dialect === 'postgres') {
    const sum = db.prepare(PG_SPEND_SQL).pluck();
    return (sinceMs) => {
      // The first bucket that starts at or after sinceMs; rows before it are summed one by one.
      const bucket = Math.ceil(sinceMs / SPEND_BUCKET_MS);
      return sum.get(bucket, sinceMs, bucket * SPEND_BUCKET_MS) as number;
    };
  }
  const cache = new Map<number, { total: number; lastId: number }>();
  const full = db.prepare('SELECT coalesce(sum(cost_usd), 0) FROM results WHERE started_at >= ?').pluck();
  const since = db.prepare(INCREMENTAL_SPEND_SQL).pluck();
  const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM results').pluck();
  // One read transaction: the total and the id it runs up to come from the same snapshot.
  const read = db.transaction((sinceMs: number) => {
    const hit = cache.get(sinceMs);
    const last = lastId.get() as number;
    if (hit) {
      if (last > hit.lastId) hit.total += since.get(hit.lastId, sinceMs) as number;
      hit.lastId = last;
      return hit.total;
    }
    const total = full.get(sinceMs) as number;
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(sinceMs, { total, lastId: last });
    return total;
  });
  return (sinceMs) => read(sinceMs);
}

/** USD to whole nano-dollars: every comparison against a cap is made on these integers. */
export function toNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

/** One cap a reservation must fit under: spend of results started at or after `sinceMs`, plus every live reservation. */
export interface SpendLimit {
  /** Names the cap in a refusal, e.g. `daily`. */
  label: string;
  sinceMs: number;
  capUsd: number;
}

export interface SpendReservationRequest {
  /** The run's reservation id; a second request with the same id adds to it (the next attempt). */
  id: string;
  /** Who holds it (host and pid), for a person reading the table. */
  holder: string;
  probe_id: string;
  model: string;
  amountUsd: number;
  nowMs: number;
  /** After this the reservation no longer counts: its process died without settling it. */
  expiresAt: number;
  limits: readonly SpendLimit[];
}

export type SpendReservationOutcome = { ok: true } | { ok: false; limit: SpendLimit; spentUsd: number; reservedUsd: number };

/**
 * The reservation ledger over `spend_reservations` (migration 5). `reserve` checks and writes in
 * one IMMEDIATE transaction: SQLite lets one writer in at a time across processes, and on
 * PostgreSQL every immediate transaction takes the same advisory lock first (see db.ts), so no
 * two reservations are ever checked against the same total. `settle` stores the run's result and
 * drops its reservation in one transaction, so the run's spend is never counted neither as
 * reserved nor as spent, nor both. (Internal.)
 */
export function spendLedger(db: Db, spendSince: (sinceMs: number) => number, insertResult: (result: ProbeResult) => boolean) {
  // Prepared on first use: a store opened with fewer migrations (tests, old tools) has no table.
  let ledger: ReturnType<typeof prepareLedger> | null = null;
  const get = () => (ledger ??= prepareLedger(db, spendSince, insertResult));
  return {
    reserve: (r: SpendReservationRequest): SpendReservationOutcome => get().reserve.immediate(r),
    settle: (id: string, result: ProbeResult | null): boolean => get().settle.immediate(id, result),
  };
}

function prepareLedger(db: Db, spendSince: (sinceMs: number) => number, insertResult: (result: ProbeResult) => boolean) {
  const prune = db.prepare('DELETE FROM spend_reservations WHERE expires_at <= ?');
  const reservedSum = db.prepare('SELECT coalesce(sum(amount_nusd), 0) FROM spend_reservations').pluck();
  const insert = `INSERT INTO spend_reservations (id, holder, probe_id, model, amount_nusd, attempts, created_at, expires_at)
     VALUES (@id, @holder, @probe_id, @model, @amount, 1, @now, @expiresAt)
     ON CONFLICT (id) DO UPDATE SET amount_nusd = spend_reservations.amount_nusd + excluded.amount_nusd, attempts = spend_reservations.attempts + 1,`;
  const upsert = db.prepare(
    bySql({
      sqlite: `${insert} expires_at = max(spend_reservations.expires_at, excluded.expires_at)`,
      postgres: `${insert} expires_at = greatest(spend_reservations.expires_at, excluded.expires_at)`,
    }),
  );
  const remove = db.prepare('DELETE FROM spend_reservations WHERE id = ?');
  const reserve = db.transaction((r: SpendReservationRequest): SpendReservationOutcome => {
    prune.run(r.nowMs);
    const amount = toNanoUsd(r.amountUsd);
    const reserved = reservedSum.get() as number;
    for (const limit of r.limits) {
      const spent = toNanoUsd(spendSince(limit.sinceMs));
      // Reaching the cap exactly is allowed; passing it by a nano-dollar is not.
      if (spent + reserved + amount > toNanoUsd(limit.capUsd)) return { ok: false, limit, spentUsd: spent / 1e9, reservedUsd: reserved / 1e9 };
    }
    upsert.run({ id: r.id, holder: r.holder, probe_id: r.probe_id, model: r.model, amount, now: r.nowMs, expiresAt: r.expiresAt });
    return { ok: true };
  });
  const settle = db.transaction((id: string, result: ProbeResult | null) => {
    const inserted = result ? insertResult(result) : false;
    remove.run(id);
    return inserted;
  });
  return { reserve, settle };
}
