/** SQL over alert_instances, alert_events and alert_outbox (internal to the engine and the CLI). */
import type { Db, Statement } from '../store/index.ts';
import type { RuleKind, Severity } from './rule-schema.ts';
import type { AlertStateName, StateCore } from './state-machine.ts';

/** One row of alert_instances, as the engine and the CLI see it. */
export interface AlertStatus extends StateCore {
  rule_id: string;
  label_key: string;
  labels: Record<string, string>;
  kind: RuleKind;
  severity: Severity;
  value: number | null;
  threshold: number | null;
  samples: number;
  summary: string;
  updated_at: number;
}

interface Row extends Omit<AlertStatus, 'labels'> {
  labels: string;
}

const fromRow = (r: Row): AlertStatus => ({ ...r, labels: JSON.parse(r.labels) as Record<string, string> });

/** True when the store has the alert tables (migrations applied). */
export function hasAlertTables(db: Db): boolean {
  return db.hasTable('alert_instances') && db.hasTable('alert_outbox');
}

/**
 * Alerts in the given states (default pending and firing), firing first, then by start time.
 * @example
 * readAlertStates(store.db, ['firing'])
 */
export function readAlertStates(db: Db, states: readonly AlertStateName[] = ['pending', 'firing']): AlertStatus[] {
  const rows = db
    .prepare(
      `SELECT * FROM alert_instances WHERE state IN (${states.map(() => '?').join(', ')})
       ORDER BY CASE state WHEN 'firing' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, coalesce(firing_since, pending_since, resolved_at), rule_id, label_key`,
    )
    .all(...states) as Row[];
  return rows.map(fromRow);
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  sink: string;
  payload: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/** Prepared statements the engine uses every tick. */
export function stateStatements(db: Db): Record<'active' | 'newest' | 'upsert' | 'event' | 'enqueue', Statement> {
  return {
    active: db.prepare("SELECT * FROM alert_instances WHERE rule_id = ? AND state IN ('pending', 'firing')"),
    newest: db.prepare('SELECT max(updated_at) FROM alert_instances WHERE rule_id = ?').pluck(),
    upsert: db.prepare(
      `INSERT INTO alert_instances (rule_id, label_key, labels, kind, state, severity, pending_since, firing_since, last_breach_at, resolved_at, value, threshold, samples, summary, updated_at)
       VALUES (@rule_id, @label_key, @labels, @kind, @state, @severity, @pending_since, @firing_since, @last_breach_at, @resolved_at, @value, @threshold, @samples, @summary, @updated_at)
       ON CONFLICT (rule_id, label_key) DO UPDATE SET labels = excluded.labels, kind = excluded.kind, state = excluded.state, severity = excluded.severity,
         pending_since = excluded.pending_since, firing_since = excluded.firing_since, last_breach_at = excluded.last_breach_at,
         resolved_at = excluded.resolved_at, value = excluded.value, threshold = excluded.threshold, samples = excluded.samples,
         summary = excluded.summary, updated_at = excluded.updated_at`,
    ),
    event: db.prepare(
      'INSERT INTO alert_events (rule_id, label_key, labels, from_state, to_state, at, value, samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    enqueue: db.prepare(
      `INSERT INTO alert_outbox (idempotency_key, sink, payload, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (idempotency_key, sink) DO NOTHING`,
    ),
  };
}

export function parseStateRow(r: unknown): AlertStatus {
  return fromRow(r as Row);
}
