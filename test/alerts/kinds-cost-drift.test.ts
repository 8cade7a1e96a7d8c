/** `cost_drift`: the stored reconciliation outcome judged as a rule (a file-backed store: the record lives beside it). */
import { afterEach, expect, it } from 'vitest';
import { compileRule } from '../../src/alerts/kinds/registry.ts';
import { saveReconciliation, type ReconciliationRecord, type ReconciliationRow } from '../../src/store/reconciliation-record.ts';
import { tempStore } from './helpers.ts';
import { rule, T0 } from './kinds-helpers.ts';

const DAY = 86_400_000;
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const row = (over: Partial<ReconciliationRow> = {}): ReconciliationRow => ({
  model: 'claude-haiku-4-5',
  bucket: Date.UTC(2026, 2, 9),
  our_cost_usd: 1,
  billed_cost_usd: 1,
  diff_usd: 0,
  token_diff_pct: 0,
  cause: 'agree',
  over_threshold: false,
  ...over,
});
const flagged = (diff: number | null, over: Partial<ReconciliationRow> = {}) => row({ diff_usd: diff, cause: 'price_changed', over_threshold: true, ...over });

function drift(rows: ReconciliationRow[] | null, over: Record<string, unknown> = {}, ranAt = T0) {
  const h = tempStore();
  cleanups.push(h.cleanup);
  if (rows) {
    const n = rows.filter((r) => r.over_threshold).length;
    saveReconciliation(h.store, { ran_at: ranAt, source: 'anthropic', since: ranAt - 7 * DAY, until: ranAt, bucket: '1d', api_key_id: null, thresholds: { pct: 2, usd: 0.01 }, outcome: n ? 'drift' : 'agree', over_threshold: n, max_abs_diff_usd: 0, our_cost_usd: 1, billed_cost_usd: 1, rows } satisfies ReconciliationRecord);
  }
  return compileRule(h.store.db, rule({ kind: 'cost_drift', ...over }), { schedules: () => null, startedAt: T0 });
}

const NO_DATA = { labels: {}, value: null, threshold: 0, samples: 0, known: false, breach: false, sustain: false };

it('no reconciliation yet is no data', () => {
  expect(drift(null)(T0)).toEqual([NO_DATA]);
});

it('a record exactly max_age old still counts; a millisecond older is no data', () => {
  const evaluate = drift([flagged(0.4)], { max_age: '1d' });
  expect(evaluate(T0 + DAY)[0]).toMatchObject({ known: true, breach: true, value: 0.4 });
  expect(evaluate(T0 + DAY + 1)).toEqual([NO_DATA]);
});

it('the value is the largest absolute difference among flagged rows only (a shortfall counts, a missing diff is 0)', () => {
  const evaluate = drift([row({ diff_usd: 9 }), flagged(-0.5, { model: 'a' }), flagged(0.2, { model: 'b' }), flagged(null, { model: 'c' })]);
  expect(evaluate(T0)).toEqual([
    {
      labels: {},
      value: 0.5,
      threshold: 0,
      samples: 4,
      known: true,
      breach: true,
      sustain: true,
      detail: 'a 2026-03-09: price changed; b 2026-03-09: price changed; c 2026-03-09: price changed',
    },
  ]);
});

it('fires at the threshold, not below it', () => {
  expect(drift([flagged(0.4)], { threshold: 0.4 })(T0)[0]).toMatchObject({ breach: true, sustain: true });
  expect(drift([flagged(0.4)], { threshold: 0.41 })(T0)[0]).toMatchObject({ breach: false, sustain: false, known: true });
});

it('an agreeing reconciliation is a known "no drift" (it resolves), with no detail', () => {
  expect(drift([row(), row({ diff_usd: 3 })])(T0)).toEqual([{ labels: {}, value: 0, threshold: 0, samples: 2, known: true, breach: false, sustain: false }]);
});

it('needs min_samples rows to judge', () => {
  expect(drift([flagged(1), row()], { min_samples: 3 })(T0)[0]).toMatchObject({ known: false, breach: false, samples: 2 });
  expect(drift([flagged(1), row()], { min_samples: 2 })(T0)[0]).toMatchObject({ known: true, breach: true });
});

it('names at most five flagged rows, every underscore of the cause spelt as a space', () => {
  const rows = Array.from({ length: 7 }, (_, i) => flagged(0.1, { model: `m${i}`, cause: 'token_count_differs' }));
  const detail = drift(rows)(T0)[0]!.detail!;
  expect(detail.split('; ')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'].map((m) => `${m} 2026-03-09: token count differs`));
});
