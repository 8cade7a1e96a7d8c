/**
 * Alert history and open alerts, read from the alert engine's tables (`alert_events`,
 * `alert_instances`, added by the alerts part's migrations). A store without them (an older
 * schema) yields `available: false`, and the report says "no alert data".
 */
import type { Db } from '../../store/index.ts';
import type { AlertData, AlertEventRow, OpenAlert } from './types.ts';

/** Transitions shown at most (newest kept): a flapping rule must not swamp the page. */
export const MAX_ALERT_EVENTS = 500;

const EVENTS = `
  SELECT rule_id, label_key, labels, from_state, to_state, at, value FROM (
    SELECT id, rule_id, label_key, labels, from_state, to_state, at, value FROM alert_events
    WHERE at >= @since AND at < @until ORDER BY at DESC, id DESC LIMIT ${MAX_ALERT_EVENTS}
  ) AS newest ORDER BY at, id`;

const OPEN = `
  SELECT rule_id, labels, state, severity, coalesce(firing_since, pending_since) AS since, value, threshold, summary
  FROM alert_instances WHERE state IN ('pending', 'firing')
  ORDER BY CASE state WHEN 'firing' THEN 0 ELSE 1 END, since, rule_id, label_key`;

function tablesExist(db: Db): boolean {
  return db.hasTable('alert_events') && db.hasTable('alert_instances');
}

function parseLabels(text: unknown): Record<string, string> {
  try {
    const v = JSON.parse(String(text)) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch {
    // A malformed label set is shown as empty rather than failing the whole report.
  }
  return {};
}

export function queryAlerts(db: Db, p: { since: number; until: number }): AlertData {
  if (!tablesExist(db)) return { available: false, events: [], open: [] };
  const events = (db.prepare(EVENTS).all(p) as (Omit<AlertEventRow, 'labels'> & { labels: string })[]).map((e) => ({ ...e, labels: parseLabels(e.labels) }));
  const open = (db.prepare(OPEN).all() as (Omit<OpenAlert, 'labels'> & { labels: string })[]).map((a) => ({ ...a, labels: parseLabels(a.labels) }));
  return { available: true, events, open };
}
