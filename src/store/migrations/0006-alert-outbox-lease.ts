import type { Migration } from '../migration.ts';

/**
 * Outbox leases and dead-letter retry (see src/alerts/outbox.ts).
 * - `lease_owner`, `lease_until`: a delivering process claims a row (in an IMMEDIATE transaction)
 *   before it POSTs, so two monitors on one database never both send it; the expiry lets another
 *   process take over a row whose holder died, which is the one re-send a crash can cause.
 * - `dead_at`: when the row was dead-lettered. Dead rows are no longer final: they are retried
 *   when their sink recovers, so `next_attempt_at` of a dead row is its next probe.
 * - `alert_key`: rule and labels of the alert, derived from the payload (a generated column, so
 *   the enqueue code needs no change): rows of one alert in one sink go out in id order, and a
 *   row waits behind an earlier dead letter of the same alert (a RESOLVED never overtakes its FIRING).
 * Rows dead-lettered by an older build keep their old `next_attempt_at`, which is past: the first
 * delivery round after the upgrade probes their sinks, so a RESOLVED lost before is sent after all.
 */
export const alertOutboxLease: Migration = {
  version: 6,
  name: 'alert_outbox_lease',
  up: `
    ALTER TABLE alert_outbox ADD COLUMN lease_owner TEXT;
    ALTER TABLE alert_outbox ADD COLUMN lease_until INTEGER;
    ALTER TABLE alert_outbox ADD COLUMN dead_at INTEGER;
    ALTER TABLE alert_outbox ADD COLUMN alert_key TEXT
      GENERATED ALWAYS AS (json_extract(payload, '$.rule_id') || char(10) || json_extract(payload, '$.labels')) VIRTUAL;
    CREATE INDEX alert_outbox_alert ON alert_outbox (sink, alert_key, status, id);
  `,
  // A stored generated column (PostgreSQL has no virtual ones); ->> on json keeps the text as written.
  postgres: `
    ALTER TABLE alert_outbox ADD COLUMN lease_owner TEXT;
    ALTER TABLE alert_outbox ADD COLUMN lease_until BIGINT;
    ALTER TABLE alert_outbox ADD COLUMN dead_at BIGINT;
    ALTER TABLE alert_outbox ADD COLUMN alert_key TEXT
      GENERATED ALWAYS AS ((payload::json ->> 'rule_id') || chr(10) || (payload::json ->> 'labels')) STORED;
    CREATE INDEX alert_outbox_alert ON alert_outbox (sink, alert_key, status, id);
  `,
};
