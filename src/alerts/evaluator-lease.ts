/**
 * The evaluator lease: of many runners sharing one store, one at a time evaluates the alert rules
 * and delivers notifications for the fleet, so N runners never notify N times.
 *
 * On SQLite the lease is a row (`evaluator_lease`, migration 7) with an owner and an expiry, taken
 * and renewed in IMMEDIATE transactions: the holder renews it several times per evaluation
 * interval ({@link runLeaseLoop}); another runner takes it once the expiry has passed, which is at
 * most one lease term (the evaluation interval) after the holder's last renewal. Every evaluation
 * checks the row again inside its own write transaction ({@link EvaluatorLease.fence}), so a holder
 * that stalled past its expiry cannot write alert state next to its successor.
 */
import type { Database } from 'better-sqlite3';

/** The lease's row, as `claude-canary alerts` and tests read it. */
export interface LeaseHolder {
  owner: string;
  region: string;
  acquired_at: number;
  renewed_at: number;
  expires_at: number;
  /** Counts hand-overs: +1 each time a different owner takes the lease. */
  epoch: number;
}

export interface EvaluatorLeaseOptions {
  /** This runner's id, e.g. `us-east-1a`; unique in the fleet. */
  owner: string;
  /** This runner's region, recorded for people reading the holder. */
  region: string;
  /** How long a renewal holds the lease, ms: the evaluation interval (a dead holder is replaced within it). */
  ttlMs: number;
  /** Lease name; default `alerts`. */
  name?: string;
}

export interface EvaluatorLease {
  readonly owner: string;
  readonly ttlMs: number;
  /** Takes the lease when it is free or expired, or renews it when held; true when this runner holds it now. */
  acquire(now: number): boolean;
  /** True while this runner's last acquire holds (local knowledge, no database read). */
  held(now: number): boolean;
  /** Inside a write transaction: true when the row still names this runner, unexpired. */
  fence(now: number): boolean;
  /** The row as stored, or null before anyone took it. */
  holder(): LeaseHolder | null;
  /** Gives the lease up (graceful shutdown), so another runner takes it at its next try. */
  release(): void;
}

/** Creates the SQLite lease (the store must be migrated to version 7). */
export function createEvaluatorLease(db: Database, options: EvaluatorLeaseOptions): EvaluatorLease {
  const name = options.name ?? 'alerts';
  const { owner, region, ttlMs } = options;
  const read = db.prepare('SELECT owner, region, acquired_at, renewed_at, expires_at, epoch FROM evaluator_lease WHERE name = ?');
  const upsert = db.prepare(
    `INSERT INTO evaluator_lease (name, owner, region, acquired_at, renewed_at, expires_at, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, region = excluded.region, acquired_at = excluded.acquired_at,
       renewed_at = excluded.renewed_at, expires_at = excluded.expires_at, epoch = excluded.epoch`,
  );
  const drop = db.prepare('DELETE FROM evaluator_lease WHERE name = ? AND owner = ?');
  let heldUntil = 0;

  const take = db.transaction((now: number): boolean => {
    const row = read.get(name) as LeaseHolder | undefined;
    if (row && row.owner !== owner && row.expires_at > now) return false;
    const mine = row?.owner === owner && row.expires_at > now;
    upsert.run(name, owner, region, mine ? row.acquired_at : now, now, now + ttlMs, mine ? row.epoch : (row?.epoch ?? 0) + 1);
    return true;
  });

  return {
    owner,
    ttlMs,
    acquire(now) {
      const got = take.immediate(now);
      heldUntil = got ? now + ttlMs : 0;
      return got;
    },
    held: (now) => now < heldUntil,
    fence(now) {
      const row = read.get(name) as LeaseHolder | undefined;
      return row !== undefined && row.owner === owner && row.expires_at > now;
    },
    holder: () => (read.get(name) as LeaseHolder | undefined) ?? null,
    release() {
      heldUntil = 0;
      drop.run(name, owner);
    },
  };
}
