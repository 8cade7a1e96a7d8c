/**
 * The alerts' tables, as store migrations (appended to the store's MIGRATIONS list):
 * - `alert_instances`: the alert state, one row per rule and label set (an alert instance), the
 *   state machine's memory across restarts;
 * - `alert_events`: every transition, for reports and audits;
 * - `alert_outbox`: one row per notification and sink, delivered with retries until delivered
 *   (dead letters are retried when their sink recovers). `UNIQUE (idempotency_key, sink)` makes
 *   enqueueing idempotent. Migration 6 (src/store/migrations/0006-alert-outbox-lease.ts) adds
 *   the delivery lease, `dead_at` and the per-alert ordering key; outbox.ts states the promise.
 * A state change and its outbox rows are written in one transaction, so a crash either keeps
 * both or neither: a restart never loses a notification, and re-sends one only if a crash cut
 * its POST off (at most once per crash, with the same idempotency key).
 */
import type { Migration } from '../store/migration.ts';

export const ALERT_STATE_SQL = `
  CREATE TABLE alert_instances (
    rule_id TEXT NOT NULL,
    label_key TEXT NOT NULL,
    labels TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('inactive', 'pending', 'firing', 'resolved')),
    severity TEXT NOT NULL,
    pending_since INTEGER,
    firing_since INTEGER,
    last_breach_at INTEGER,
    resolved_at INTEGER,
    value REAL,
    threshold REAL,
    samples INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (rule_id, label_key)
  ) WITHOUT ROWID;
  CREATE INDEX alert_instances_state ON alert_instances (state);
  CREATE TABLE alert_events (
    id INTEGER PRIMARY KEY,
    rule_id TEXT NOT NULL,
    label_key TEXT NOT NULL,
    labels TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    at INTEGER NOT NULL,
    value REAL,
    samples INTEGER NOT NULL
  );
  CREATE INDEX alert_events_at ON alert_events (at);
`;

export const ALERT_OUTBOX_SQL = `
  CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL,
    sink TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    delivered_at INTEGER,
    UNIQUE (idempotency_key, sink)
  );
  CREATE INDEX alert_outbox_pending ON alert_outbox (sink, status, id);
`;

/** Store migration: alert state and transition history. */
export const alertStateMigration: Migration = { version: 2, name: 'alert_instances', up: ALERT_STATE_SQL };
/** Store migration: the sink outbox. */
export const alertOutboxMigration: Migration = { version: 3, name: 'alert_outbox', up: ALERT_OUTBOX_SQL };
