/**
 * `calendar_sum`: spend since the start of the UTC day or month, at or over the budget, summed
 * on a real store of each backend. On SQLite the sum is incremental, and every period edge is
 * checked on both paths: the first (cold) sum of a period and the later (warm) sums of new rows
 * only. On PostgreSQL the period is summed again every tick, so a row committed late with an id
 * below the last one seen still counts. SQLite runs first (in memory), so a mutant the SQLite
 * tests kill seldom waits for the PostgreSQL cluster to start.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { periodEnd, periodStart } from '../../src/alerts/kinds/calendar-sum.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore } from '../../src/store/index.ts';
import { forEachBackend } from '../store/backends.ts';
import { result } from './helpers.ts';
import { closeStores, evaluatorAt, type evaluator } from './kinds-helpers.ts';

afterEach(closeStores);

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 2, 10); // a day start
const NOON = D0 + DAY / 2;
const sum = (over: Record<string, unknown> = {}) => ({ kind: 'calendar_sum' as const, period: 'day', threshold: 1, min_samples: 1, ...over });
const spend = (t: number, usd: number, over: Partial<ProbeResult> = {}) => result(t, { cost_usd: usd, ...over });

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

forEachBackend((backend) => {
  let location = ':memory:';
  beforeEach(async () => {
    location = backend.name === 'postgres' ? await backend.fresh() : ':memory:';
  });
  const ev: typeof evaluator = (...args) => evaluatorAt(location, ...args);

  describe('calendar_sum', () => {
    it('fires at the budget, not only over it', () => {
      const at = ev(sum(), [spend(D0, 0.25), spend(D0 + 1, 0.75)]);
      expect(at.evaluate(NOON)).toEqual([{ labels: {}, value: 1, threshold: 1, samples: 2, known: true, breach: true, sustain: true }]);
    });

    it('stays quiet under the budget', () => {
      const under = ev(sum(), [spend(D0, 0.25), spend(D0 + 1, 0.5)]);
      expect(under.evaluate(NOON)).toEqual([{ labels: {}, value: 0.75, threshold: 1, samples: 2, known: true, breach: false, sustain: false }]);
    });

    it('sums [period start, period end): not yesterday, not tomorrow (first sum of the period)', () => {
      const { evaluate } = ev(sum(), [spend(D0 - 1, 5), spend(D0, 0.5), spend(D0 + DAY - 1, 0.25), spend(D0 + DAY, 5)]);
      expect(evaluate(NOON)[0]).toMatchObject({ value: 0.75, samples: 2 });
    });

    it('later sums add only new rows, with the same edges, including late results started earlier in the period', () => {
      const { evaluate, add } = ev(sum({ threshold: 10 }), [spend(D0, 1)]);
      expect(evaluate(NOON)[0]).toMatchObject({ value: 1, samples: 1 });
      add(spend(D0 - 1, 5), spend(D0 + 60_000, 2), spend(D0 + DAY - 1, 0.5), spend(D0 + DAY, 5));
      expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 3.5, samples: 3 });
      expect(evaluate(NOON + 2)[0]).toMatchObject({ value: 3.5, samples: 3 }); // nothing new: nothing added twice
      add(spend(NOON, 0.5));
      expect(evaluate(NOON + 3)[0]).toMatchObject({ value: 4, samples: 4 });
    });

    it('unpriced results add nothing and are not samples', () => {
      const { evaluate } = ev(sum({ min_samples: 2 }), [spend(D0, 2), result(D0, { cost_usd: null, unpriced: true })]);
      expect(evaluate(NOON)).toEqual([{ labels: {}, value: 2, threshold: 1, samples: 1, known: true, breach: false, sustain: false }]);
    });

    it('a day without spend is a known 0, never "no data"', () => {
      const { evaluate } = ev(sum(), []);
      expect(evaluate(NOON)).toEqual([{ labels: {}, value: 0, threshold: 1, samples: 0, known: true, breach: false, sustain: false }]);
    });

    it('a new period puts every label set seen so far at a known 0 (so yesterday’s alert resolves)', () => {
      const { evaluate, add } = ev(sum({ group_by: ['model'] }), [spend(D0, 2), spend(D0, 0.5, { model: 'claude-sonnet-4-6' })]);
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
      expect(ev(sum({ group_by: ['model'] }), []).evaluate(NOON)).toEqual([]);
    });

    it('months: the sum runs from the 1st, and resets on the 1st of the next month', () => {
      const { evaluate } = ev(sum({ period: 'month', threshold: 3 }), [spend(Date.UTC(2026, 1, 28, 23), 9), spend(Date.UTC(2026, 2, 1), 1), spend(Date.UTC(2026, 2, 20), 2)]);
      expect(evaluate(Date.UTC(2026, 2, 31, 23))[0]).toMatchObject({ value: 3, breach: true });
      expect(evaluate(Date.UTC(2026, 3, 1))[0]).toMatchObject({ value: 0, breach: false, known: true });
    });

    it('rows of the current period deleted later (retention): SQLite keeps its running sum until the period turns; PostgreSQL sums again', () => {
      const { store, evaluate } = ev(sum({ threshold: 10 }), [spend(D0, 1), spend(D0, 2), spend(D0, 4)]);
      expect(evaluate(NOON)[0]).toMatchObject({ value: 7, samples: 3 });
      store.db.prepare('DELETE FROM results WHERE cost_usd = 2').run();
      expect(evaluate(NOON + 1)[0]).toMatchObject(backend.name === 'sqlite' ? { value: 7, samples: 3 } : { value: 5, samples: 2 });
    });

    it('an emptied table reports no label set (with group_by) instead of the ones it had', () => {
      const { store, evaluate } = ev(sum({ group_by: ['model'] }), [spend(D0, 2)]);
      expect(evaluate(NOON)).toHaveLength(1);
      store.db.prepare('DELETE FROM results').run();
      expect(evaluate(NOON + 1)).toEqual([]);
    });

    it('starts over from a full sum when the table shrank below the rows it had seen (a restored or replaced store)', () => {
      const { store, evaluate, add } = ev(sum({ threshold: 10 }), [spend(D0, 1), spend(D0, 2), spend(D0, 4)]);
      expect(evaluate(NOON)[0]).toMatchObject({ value: 7, samples: 3 });
      store.db.prepare('DELETE FROM results').run();
      add(spend(D0, 0.5));
      expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 0.5, samples: 1 });
    });
  });

  if (backend.name === 'postgres') describe('calendar_sum on PostgreSQL', () => {
    it('counts a row committed late with an id below the last one seen', () => {
      const { evaluate } = ev(sum({ threshold: 10 }), [spend(D0, 1)]);
      expect(evaluate(NOON)[0]).toMatchObject({ value: 1, samples: 1 });
      // Two other runners: the first takes an id and commits late, the second takes the next id
      // and commits at once. (Different 15-minute spend buckets: the two inserts share no row lock.)
      const slow = openStore(location);
      const quick = openStore(location);
      try {
        slow.db.transaction(() => {
          slow.insertResults([spend(D0 + 60_000, 2)]);
          quick.insertResults([spend(NOON - 60_000, 4)]);
          expect(evaluate(NOON + 1)[0]).toMatchObject({ value: 5, samples: 2 });
        })();
        expect(evaluate(NOON + 2)[0]).toMatchObject({ value: 7, samples: 3 });
        expect(evaluate(NOON + 3)[0]).toMatchObject({ value: 7, samples: 3 }); // summed again, not added twice
      } finally {
        slow.close();
        quick.close();
      }
    });
  });
});
