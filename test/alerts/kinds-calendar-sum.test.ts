/**
 * `calendar_sum`: spend since the start of the UTC day or month, at or over the budget, summed
 * incrementally on a real SQLite store. Every period edge is checked on both paths: the first
 * (cold) sum of a period and the later (warm) sums of new rows only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { periodEnd, periodStart } from '../../src/alerts/kinds/calendar-sum.ts';
import { result } from './helpers.ts';
import { closeStores, evaluator } from './kinds-helpers.ts';

afterEach(closeStores);

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 2, 10); // a day start
const NOON = D0 + DAY / 2;
const sum = (over: Record<string, unknown> = {}) => ({ kind: 'calendar_sum' as const, period: 'day', threshold: 1, min_samples: 1, ...over });
const spend = (t: number, usd: number, over = {}) => result(t, { cost_usd: usd, ...over });

describe('periods', () => {
  it.each([
    ['day', Date.UTC(2026, 2, 10, 23, 59, 59, 999), D0, D0 + DAY],
    ['day', D0, D0, D0 + DAY],
    ['month', Date.UTC(2026, 2, 31, 23, 59), Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1)],
    ['month', Date.UTC(2026, 11, 15), Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)],
    ['month', Date.UTC(2028, 1, 29, 12), Date.UTC(2028, 1, 1), Date.UTC(2028, 2, 1)],
  ] as const)('%s holding %s starts at %s and ends at %s', (period, now, start, end) => {
    expect(periodStart(now, period)).toBe(start);
    expect(periodEnd(start, period)).toBe(end);
  });
});

describe('calendar_sum', () => {
  it('fires at the budget, not only over it', () => {
    const at = evaluator(sum(), [spend(D0, 0.25), spend(D0 + 1, 0.75)]);
    expect(at.evaluate(NOON)).toEqual([{ labels: {}, value: 1, threshold: 1, samples: 2, known: true, breach: true, sustain: true }]);
    const under = evaluator(sum(), [spend(D0, 0.25), spend(D0 + 1, 0.5)]);
    expect(under.evaluate(NOON)).toEqual([{ labels: {}, value: 0.75, threshold: 1, samples: 2, known: true, breach: false, sustain: false }]);
  });

  it('sums [period start, period end): not yesterday, not tomorrow (first sum of the period)', () => {
    const { evaluate } = evaluator(sum(), [spend(D0 - 1, 5), spend(D0, 0.5), spend(D0 + DAY - 1, 0.25), spend(D0 + DAY, 5)]);
    expect(evaluate(NOON)[0]).toMatchObject({ value: 0.75, samples: 2 });
  });

  it('later sums add only new rows, with the same edges, including late results started earlier in the period', () => {
    const { evaluate, add } = evaluator(sum({ threshold: 10 }), [spend(D0, 1)]);
    expect(evaluate(NOON)[0]).toMatchObject({ value: 1, samples: 1 });
    add(spend(D0 - 1, 5), spend(D0 + 60_000, 2), spend(D0 + DAY - 1, 0.5), spend(D0 + DAY, 5));
    expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 3.5, samples: 3 });
    expect(evaluate(NOON + 2)[0]).toMatchObject({ value: 3.5, samples: 3 }); // nothing new: nothing added twice
    add(spend(NOON, 0.5));
    expect(evaluate(NOON + 3)[0]).toMatchObject({ value: 4, samples: 4 });
  });

  it('unpriced results add nothing and are not samples', () => {
    const { evaluate } = evaluator(sum({ min_samples: 2 }), [spend(D0, 2), result(D0, { cost_usd: null, unpriced: true })]);
    expect(evaluate(NOON)).toEqual([{ labels: {}, value: 2, threshold: 1, samples: 1, known: true, breach: false, sustain: false }]);
  });

  it('a day without spend is a known 0, never "no data"', () => {
    const { evaluate } = evaluator(sum(), []);
    expect(evaluate(NOON)).toEqual([{ labels: {}, value: 0, threshold: 1, samples: 0, known: true, breach: false, sustain: false }]);
  });

  it('a new period puts every label set seen so far at a known 0 (so yesterday’s alert resolves)', () => {
    const { evaluate, add } = evaluator(sum({ group_by: ['model'] }), [spend(D0, 2), spend(D0, 0.5, { model: 'claude-sonnet-4-6' })]);
    expect(evaluate(NOON).map((o) => [o.labels['model'], o.value, o.breach])).toEqual([
      ['claude-haiku-4-5', 2, true],
      ['claude-sonnet-4-6', 0.5, false],
    ]);
    expect(evaluate(NOON + DAY)).toEqual([
      { labels: { model: 'claude-haiku-4-5' }, value: 0, threshold: 1, samples: 0, known: true, breach: false, sustain: false },
      { labels: { model: 'claude-sonnet-4-6' }, value: 0, threshold: 1, samples: 0, known: true, breach: false, sustain: false },
    ]);
    add(spend(D0 + DAY, 1.5, { model: 'claude-sonnet-4-6' }));
    expect(evaluate(NOON + DAY + 1).map((o) => [o.labels['model'], o.value, o.breach])).toEqual([
      ['claude-haiku-4-5', 0, false],
      ['claude-sonnet-4-6', 1.5, true],
    ]);
  });

  it('with group_by and no spend at all there is no label set to report', () => {
    expect(evaluator(sum({ group_by: ['model'] }), []).evaluate(NOON)).toEqual([]);
  });

  it('months: the sum runs from the 1st, and resets on the 1st of the next month', () => {
    const { evaluate } = evaluator(sum({ period: 'month', threshold: 3 }), [spend(Date.UTC(2026, 1, 28, 23), 9), spend(Date.UTC(2026, 2, 1), 1), spend(Date.UTC(2026, 2, 20), 2)]);
    expect(evaluate(Date.UTC(2026, 2, 31, 23))[0]).toMatchObject({ value: 3, breach: true });
    expect(evaluate(Date.UTC(2026, 3, 1))[0]).toMatchObject({ value: 0, breach: false, known: true });
  });

  it('keeps its running sum: rows of the current period deleted later (retention) still count until the period turns', () => {
    const { store, evaluate } = evaluator(sum({ threshold: 10 }), [spend(D0, 1), spend(D0, 2), spend(D0, 4)]);
    expect(evaluate(NOON)[0]).toMatchObject({ value: 7 });
    store.db.prepare('DELETE FROM results WHERE cost_usd = 2').run();
    expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 7 });
  });

  it('starts over from a full sum when the table shrank below the rows it had seen (a restored or replaced store)', () => {
    const { store, evaluate, add } = evaluator(sum({ threshold: 10 }), [spend(D0, 1), spend(D0, 2), spend(D0, 4)]);
    expect(evaluate(NOON)[0]).toMatchObject({ value: 7, samples: 3 });
    store.db.prepare('DELETE FROM results').run();
    add(spend(D0, 0.5));
    expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 0.5, samples: 1 });
  });
});
