/**
 * The notification a sink receives: one per firing or resolved transition. The idempotency key
 * is derived from the alert (rule, label set, firing start) and the status, so it is the same on
 * every retry and after a restart, and receivers can deduplicate on it.
 */
import { createHash } from 'node:crypto';
import type { RuleKind, Severity } from './rule-schema.ts';

export const NOTIFICATION_VERSION = 1;

/** The JSON body of the generic webhook (and what every sink formats from). */
export interface Notification {
  version: typeof NOTIFICATION_VERSION;
  idempotency_key: string;
  status: 'firing' | 'resolved';
  rule_id: string;
  kind: RuleKind;
  severity: Severity;
  summary: string;
  /** `alertname`, `severity`, the rule's labels and the group-by labels. */
  labels: Record<string, string>;
  value: number | null;
  /** The value formatted for people, e.g. `3.20%`. */
  value_text: string;
  threshold: number;
  threshold_text: string;
  samples: number;
  detail: string | null;
  /** ISO times: when it started firing, when this transition happened. */
  firing_since: string;
  at: string;
  runbook_url: string;
}

/** Stable key for one transition of one alert. */
export function idempotencyKey(ruleId: string, labelKey: string, status: 'firing' | 'resolved', firingSince: number): string {
  return createHash('sha256').update(`${ruleId}\u0000${labelKey}\u0000${status}\u0000${firingSince}`).digest('hex').slice(0, 32);
}

/** Canonical key of a label set (sorted keys), used as the state row key. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}
