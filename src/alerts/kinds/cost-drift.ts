/**
 * `cost_drift`: the last reconciliation's stored outcome (src/store/reconciliation-record.ts),
 * judged like any rule. No SQL: the comparison was made by `claude-canary reconcile` against the
 * bill; this reads what it found. A missing or stale record is no data, so the alert keeps its state.
 */
import { durationMs } from '../duration.ts';
import { reconciliationAt } from '../../store/reconciliation-record.ts';
import type { Handler } from './types.ts';

export const costDriftHandler: Handler<'cost_drift'> = (db, rule) => {
  const maxAge = durationMs(rule.max_age);
  return (now) => {
    const rec = reconciliationAt(db.name);
    if (!rec || now - rec.ran_at > maxAge) {
      return [{ labels: {}, value: null, threshold: rule.threshold, samples: 0, known: false, breach: false, sustain: false }];
    }
    const flagged = rec.rows.filter((r) => r.over_threshold);
    const value = flagged.reduce((m, r) => Math.max(m, Math.abs(r.diff_usd ?? 0)), 0);
    const known = rec.rows.length >= rule.min_samples;
    const breach = known && flagged.length > 0 && value >= rule.threshold;
    const detail = flagged
      .slice(0, 5)
      .map((r) => `${r.model} ${new Date(r.bucket).toISOString().slice(0, 10)}: ${r.cause.replace(/_/g, ' ')}`)
      .join('; ');
    return [{ labels: {}, value, threshold: rule.threshold, samples: rec.rows.length, known, breach, sustain: breach, ...(detail ? { detail } : {}) }];
  };
};
