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
 *
 * On PostgreSQL the lease is a session-level advisory lock (`pg_try_advisory_lock`) held by the
 * runner's connection: the server releases it the moment that connection ends, so a killed
 * holder's lease is free at once (no expiry to wait out) and a contender takes it at its next
 * try, a third of a term later at most. The row is still written, by the holder only, so people
 * and `holder()` can see who evaluates; the fence asks the server whether this session holds the lock.
 */
import type { Db } from '../store/index.ts';

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

/** The session advisory lock key of the `alerts` lease on PostgreSQL ("canaryev" in ASCII, distinct from the immediate-transaction key). */
export const EVALUATOR_LOCK_KEY = 0x63616e61727965n;

/** Creates the lease for the store's backend (the store must be migrated to version 7). */
export function createEvaluatorLease(db: Db, options: EvaluatorLeaseOptions): EvaluatorLease {
  return db.dialect === 'postgres' ? pgLease(db, options) : sqliteLease(db, options);
}

const SELECT_ROW = 'SELECT owner, region, acquired_at, renewed_at, expires_at, epoch FROM evaluator_lease WHERE name = ?';
const UPSERT_ROW = `INSERT INTO evaluator_lease (name, owner, region, acquired_at, renewed_at, expires_at, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, region = excluded.region, acquired_at = excluded.acquired_at,
       renewed_at = excluded.renewed_at, expires_at = excluded.expires_at, epoch = excluded.epoch`;

function sqliteLease(db: Db, options: EvaluatorLeaseOptions): EvaluatorLease {
  const name = options.name ?? 'alerts';
  const { owner, region, ttlMs } = options;
  const read = db.prepare(SELECT_ROW);
  const upsert = db.prepare(UPSERT_ROW);
  // Released: expired now, the row (and its epoch count) kept.
  const drop = db.prepare('UPDATE evaluator_lease SET expires_at = 0 WHERE name = ? AND owner = ?');
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

function pgLease(db: Db, options: EvaluatorLeaseOptions): EvaluatorLease {
  const name = options.name ?? 'alerts';
  const { owner, region, ttlMs } = options;
  // One key per lease name: the alerts lease uses the fixed key; others offset it by a hash.
  const key = name === 'alerts' ? EVALUATOR_LOCK_KEY : EVALUATOR_LOCK_KEY + BigInt([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const tryLock = db.prepare(`SELECT pg_try_advisory_lock(${key}) AS got`).pluck();
  const unlock = db.prepare(`SELECT pg_advisory_unlock(${key})`);
  // Whether this session holds the lock (after a reconnect it would not).
  const mine = db
    .prepare(
      `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
         AND classid = ${Number(key >> 32n)} AND objid = ${Number(key & 0xffffffffn)} AND objsubid = 1`,
    )
    .pluck();
  const read = db.prepare(SELECT_ROW);
  const upsert = db.prepare(UPSERT_ROW);
  const drop = db.prepare('UPDATE evaluator_lease SET expires_at = 0 WHERE name = ? AND owner = ?');
  let locked = false;
  let heldUntil = 0;
  const holds = () => Number(mine.get()) > 0;

  return {
    owner,
    ttlMs,
    acquire(now) {
      // Session locks stack: take it only when this session does not hold it already.
      locked = locked && holds() ? true : tryLock.get() === true;
      if (!locked) {
        heldUntil = 0;
        return false;
      }
      const row = read.get(name) as LeaseHolder | undefined;
      const same = row?.owner === owner && heldUntil > 0;
      upsert.run(name, owner, region, same ? row!.acquired_at : now, now, now + ttlMs, same ? row!.epoch : (row?.epoch ?? 0) + 1);
      heldUntil = now + ttlMs;
      return true;
    },
    held: (now) => locked && now < heldUntil,
    fence: () => holds(),
    holder: () => (read.get(name) as LeaseHolder | undefined) ?? null,
    release() {
      heldUntil = 0;
      if (!locked) return;
      locked = false;
      drop.run(name, owner);
      unlock.run();
    },
  };
}
