/**
 * The outbox's SQL (internal to outbox.ts and the CLI). Every claim runs in an IMMEDIATE
 * transaction, so the read of a row's lease and the write of a new one cannot interleave with
 * another process doing the same: of two monitors on one database, one gets the row (on
 * PostgreSQL the immediate transaction takes the store's advisory lock first: same guarantee).
 */
import type { Db, RunResult } from '../store/index.ts';
import type { OutboxRow } from './state-store.ts';

/** An outbox row with the columns added by migration 6. */
export interface LeasedRow extends OutboxRow {
  lease_owner: string | null;
  lease_until: number | null;
  dead_at: number | null;
}

/** What a claim found for one sink. */
export type Claim =
  | { kind: 'idle' }
  /** The row in line is being sent by another live process, or is not due: nothing before `until`. */
  | { kind: 'wait'; until: number }
  /**
   * `probe`: the row is a dead letter tried to see whether its sink is back. `takeover`: the
   * previous sender's lease ran out mid-attempt (it died or stalled), so this is a re-send.
   */
  | { kind: 'claimed'; row: LeasedRow; probe: boolean; takeover: boolean };

/** The outbox's operations; `claim` and `delivered` are IMMEDIATE/plain transactions. */
export interface OutboxStatements {
  claim(sink: string, owner: string, now: number, leaseMs: number): Claim;
  delivered(id: number, now: number, sink: string): number;
  retry(id: number, owner: string, at: number, error: string): RunResult;
  dead(id: number, owner: string, now: number, probeAt: number, error: string): RunResult;
  release(id: number, owner: string): RunResult;
}

export function outboxStatements(db: Db): OutboxStatements {
  // The sink's next row: the oldest pending one that is not held behind an earlier dead letter
  // of the same alert (so a RESOLVED never overtakes its FIRING, even across a dead letter).
  const head = db.prepare(
    `SELECT * FROM alert_outbox o WHERE o.sink = ? AND o.status = 'pending'
       AND NOT EXISTS (SELECT 1 FROM alert_outbox d WHERE d.sink = o.sink AND d.alert_key = o.alert_key AND d.status = 'dead' AND d.id < o.id)
     ORDER BY o.id LIMIT 1`,
  );
  const oldestDead = db.prepare("SELECT * FROM alert_outbox WHERE sink = ? AND status = 'dead' ORDER BY id LIMIT 1");
  const lease = db.prepare('UPDATE alert_outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ?');
  const delivered = db.prepare(
    "UPDATE alert_outbox SET status = 'delivered', delivered_at = ?, last_error = NULL, dead_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ?",
  );
  // Revived rows start a fresh attempt budget; ids keep them in line ahead of newer rows.
  const revive = db.prepare("UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, dead_at = NULL WHERE sink = ? AND status = 'dead'");
  const retry = db.prepare(
    "UPDATE alert_outbox SET status = 'pending', next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
  );
  const dead = db.prepare(
    "UPDATE alert_outbox SET status = 'dead', dead_at = coalesce(dead_at, ?), next_attempt_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
  );
  // A shutdown cut the attempt off: it is given back (not counted) and the row stays due.
  const release = db.prepare('UPDATE alert_outbox SET attempts = attempts - 1, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?');

  /** Claims the sink's next row for `owner` until `now + leaseMs`, if it is due and free. */
  const claim = db.transaction((sink: string, owner: string, now: number, leaseMs: number): Claim => {
    let row = head.get(sink) as LeasedRow | undefined;
    let probe = false;
    if (!row) {
      // Nothing pending can go: the sink's oldest dead letter, when its probe is due.
      row = oldestDead.get(sink) as LeasedRow | undefined;
      probe = true;
    }
    if (!row) return { kind: 'idle' };
    const leasedByOther = row.lease_owner !== null && row.lease_owner !== owner;
    if (leasedByOther && row.lease_until! > now) return { kind: 'wait', until: row.lease_until! };
    if (row.next_attempt_at > now) return { kind: 'wait', until: row.next_attempt_at };
    lease.run(owner, now + leaseMs, row.id);
    return { kind: 'claimed', row: { ...row, attempts: row.attempts + 1, lease_owner: owner, lease_until: now + leaseMs }, probe, takeover: leasedByOther };
  });

  const markDelivered = db.transaction((id: number, now: number, sink: string): number => {
    delivered.run(now, id);
    return revive.run(now, sink).changes;
  });
  return {
    claim: (sink: string, owner: string, now: number, leaseMs: number): Claim => claim.immediate(sink, owner, now, leaseMs),
    /** Marks the row delivered and puts the sink's dead letters back in line; returns how many. */
    delivered: (id: number, now: number, sink: string): number => markDelivered(id, now, sink),
    retry: (id: number, owner: string, at: number, error: string) => retry.run(at, error, id, owner),
    dead: (id: number, owner: string, now: number, probeAt: number, error: string) => dead.run(now, probeAt, error, id, owner),
    release: (id: number, owner: string) => release.run(id, owner),
  };
}

/** A dead letter as `claude-canary alerts` shows it. */
export interface DeadLetter {
  id: number;
  sink: string;
  idempotency_key: string;
  rule_id: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  attempts: number;
  created_at: number;
  dead_at: number | null;
  /** When the sink is next probed with this row (or the row goes as soon as the sink recovers). */
  next_attempt_at: number;
  last_error: string | null;
}

/** Every dead letter, oldest first. Empty on a store without migration 6's columns. */
export function readDeadLetters(db: Db): DeadLetter[] {
  if (!db.hasColumn('alert_outbox', 'dead_at')) return [];
  const rows = db
    .prepare("SELECT id, sink, idempotency_key, payload, attempts, created_at, dead_at, next_attempt_at, last_error FROM alert_outbox WHERE status = 'dead' ORDER BY id")
    .all() as Array<LeasedRow>;
  return rows.map((r) => {
    const n = JSON.parse(r.payload) as { rule_id: string; status: 'firing' | 'resolved'; labels: Record<string, string> };
    return {
      id: r.id, sink: r.sink, idempotency_key: r.idempotency_key, rule_id: n.rule_id, status: n.status, labels: n.labels,
      attempts: r.attempts, created_at: r.created_at, dead_at: r.dead_at, next_attempt_at: r.next_attempt_at, last_error: r.last_error,
    };
  });
}
