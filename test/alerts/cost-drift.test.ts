import { afterEach, expect, test } from 'vitest';
import { createAlertEngine, exportPrometheusRules, resolveAlertRules, type Notification } from '../../src/alerts/index.ts';
import { saveReconciliation, type ReconciliationRecord } from '../../src/store/reconciliation-record.ts';
import { tempStore } from './helpers.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 7, 9); // in the past: the outbox delivers what is due by the system clock
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const rules = () => resolveAlertRules([{ id: 'cost_drift', kind: 'cost_drift', summary: 'Billed cost differs from ours', severity: 'warning', runbook: 'cost-drift' }], { base: [] });

function record(ranAt: number, flagged: boolean): ReconciliationRecord {
  const row = { model: 'claude-haiku-4-5-20251001', bucket: Date.UTC(2026, 11, 6), our_cost_usd: 1, billed_cost_usd: flagged ? 1.4 : 1, diff_usd: flagged ? 0.4 : 0, token_diff_pct: 0, cause: flagged ? 'price_changed' : 'agree', over_threshold: flagged };
  return { ran_at: ranAt, source: 'anthropic', since: ranAt - 7 * DAY, until: ranAt, bucket: '1d', api_key_id: null, thresholds: { pct: 2, usd: 0.01 }, outcome: flagged ? 'drift' : 'agree', over_threshold: flagged ? 1 : 0, max_abs_diff_usd: flagged ? 0.4 : 0, our_cost_usd: 1, billed_cost_usd: row.billed_cost_usd, rows: [row] };
}

test('cost_drift: quiet without a reconciliation, fires on a drifted one naming model, day and cause, resolves on agreement, ignores a stale one', async () => {
  const h = tempStore();
  cleanups.push(h.cleanup);
  const got: Notification[] = [];
  const engine = createAlertEngine({ store: h.store, rules: rules(), sinks: [{ name: 'rec', deliver: async (n) => void got.push(n) }] });
  expect(engine.evaluate(T0)).toEqual([]);
  saveReconciliation(h.store, record(T0, true));
  const fired = engine.evaluate(T0 + 1000);
  expect(fired.map((t) => t.to)).toEqual(['pending', 'firing']);
  expect(fired[1]).toMatchObject({ rule_id: 'cost_drift', value: 0.4, samples: 1 });
  expect(engine.state()[0]).toMatchObject({ rule_id: 'cost_drift', state: 'firing' });
  await engine.deliverPending();
  expect(got.map((n) => [n.status, n.value_text, n.detail])).toEqual([['firing', '$0.4000', 'claude-haiku-4-5-20251001 2026-12-06: price changed']]);
  saveReconciliation(h.store, record(T0 + 2000, false));
  expect(engine.evaluate(T0 + 3000)).toEqual([expect.objectContaining({ rule_id: 'cost_drift', to: 'resolved' })]);
  // A drifted record older than max_age (2d) says nothing: no transition.
  saveReconciliation(h.store, record(T0 - 3 * DAY, true));
  expect(engine.evaluate(T0 + 4000)).toEqual([]);
});

test('cost_drift is left out of the Prometheus export with a comment (the bill is not a metric)', () => {
  const text = exportPrometheusRules([...rules(), ...resolveAlertRules().filter((r) => r.id === 'daily_spend')]);
  expect(text).toContain('# cost_drift (cost_drift) is not exported');
  expect(text).toContain('alert: "daily_spend"');
});
