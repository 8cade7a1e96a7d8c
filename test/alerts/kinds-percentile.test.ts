/**
 * `percentile` on a real SQLite store, with `percentile_cont` (better-sqlite3 12 has it) and with
 * the nearest-rank fallback SQL a build without the percentile extension gets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { percentileHandler } from '../../src/alerts/kinds/percentile.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { hasPercentileCont, openStore, type Db, type SqliteDb, type Store } from '../../src/store/index.ts';
import { error, MIN, result } from './helpers.ts';
import { closeStores, evaluator, rule, T0 } from './kinds-helpers.ts';

const stores: Store[] = [];
afterEach(() => {
  closeStores();
  for (const s of stores.splice(0)) s.close();
});

const p = (over: Record<string, unknown> = {}) => ({ kind: 'percentile' as const, window: '5m', quantile: 0.5, threshold: 500, min_samples: 1, ...over });
/** Latencies 100, 200, ..., 100 n at `t`. */
const ladder = (n: number, t: number, over: Partial<ProbeResult> = {}) => Array.from({ length: n }, (_, i) => result(t, { latency_ms: 100 * (i + 1), ...over }));

/** A SQLite without `percentile_cont`: the name is taken by a function that fails, as calling a missing one does. */
function withoutPercentileCont(db: Db): Db {
  (db as SqliteDb).raw.function('percentile_cont', (_v: unknown, _q: unknown) => {
    throw new Error('no such function: percentile_cont');
  });
  return db;
}

function fallback(over: Record<string, unknown>, results: ProbeResult[]) {
  const store = openStore(':memory:');
  stores.push(store);
  store.insertResults(results);
  const db = withoutPercentileCont(store.db);
  expect(hasPercentileCont(db)).toBe(false);
  return percentileHandler(db, rule(p(over)) as never, { schedules: () => null, startedAt: T0 });
}

describe('percentile with percentile_cont (linear interpolation)', () => {
  it('interpolates between ranks, over results in (now - window, now] with a latency', () => {
    const { evaluate } = evaluator(p(), [
      ...ladder(10, T0 - MIN),
      result(T0 - 5 * MIN, { latency_ms: 1 }), // open end: out
      result(T0 + 1, { latency_ms: 1 }), // future: out
      result(T0, error('timeout')), // no latency: not a sample
    ]);
    expect(evaluate(T0)).toEqual([{ labels: {}, value: 550, threshold: 500, samples: 10, known: true, breach: true, sustain: true }]);
  });

  it('breaches above the threshold, not at it; clear_threshold sets sustain', () => {
    const at = evaluator(p({ threshold: 550 }), ladder(10, T0));
    expect(at.evaluate(T0)[0]).toMatchObject({ value: 550, breach: false, sustain: false });
    const held = evaluator(p({ threshold: 600, clear_threshold: 500 }), ladder(10, T0));
    expect(held.evaluate(T0)[0]).toMatchObject({ value: 550, breach: false, sustain: true });
  });

  it('reads the field the rule names (ttft_ms), per group_by label set', () => {
    const { evaluate } = evaluator(p({ field: 'ttft_ms', quantile: 0.9, group_by: ['probe_id'] }), [
      ...ladder(10, T0, { ttft_ms: 50 }),
      ...ladder(2, T0, { probe_id: 'other', ttft_ms: 900 }),
    ]);
    expect(evaluate(T0)).toEqual([
      expect.objectContaining({ labels: { probe_id: 'other' }, value: 900, samples: 2, breach: true }),
      expect.objectContaining({ labels: { probe_id: 'smoke' }, value: 50, samples: 10, breach: false }),
    ]);
  });

  it('no results in the window, or only results without the field: no observation', () => {
    expect(evaluator(p(), [result(T0 - 6 * MIN)]).evaluate(T0)).toEqual([]);
    expect(evaluator(p(), [result(T0, error('timeout'))]).evaluate(T0)).toEqual([]);
  });
});

describe('percentile fallback SQL (no percentile_cont): the same interpolation', () => {
  it.each([
    [0.5, 550],
    [0.51, 559],
    [0.9, 910],
    [0.95, 955],
    [0.05, 145],
    [0.99, 991],
  ])('q %s of 100..1000 is %s', (quantile, value) => {
    const evaluate = fallback({ quantile, threshold: 1 }, ladder(10, T0));
    const [o] = evaluate(T0);
    expect(o).toEqual({ labels: {}, value: expect.closeTo(value, 9), threshold: 1, samples: 10, known: true, breach: true, sustain: true });
  });

  it.each([
    [1, 0.99],
    [2, 0.5],
    [7, 0.3],
    [90, 0.99],
    [101, 0.95],
  ])('reads what percentile_cont reads: %i results, q %s', (n, quantile) => {
    // Unevenly spaced latencies, inserted out of order.
    const rows = Array.from({ length: n }, (_, i) => result(T0, { latency_ms: ((i * 7919) % 101) * 13 + (i % 3) }));
    const withCont = evaluator(p({ quantile }), rows).evaluate(T0);
    const without = fallback({ quantile }, rows)(T0);
    expect(without).toHaveLength(1);
    expect(without[0]!.value).toBeCloseTo(withCont[0]!.value!, 9);
    expect(without[0]!.samples).toBe(n);
  });

  it('takes the same window and skips results without the field', () => {
    const evaluate = fallback({ quantile: 0.5, threshold: 250 }, [
      ...ladder(4, T0 - MIN),
      result(T0 - 5 * MIN, { latency_ms: 1 }),
      result(T0 + 1, { latency_ms: 1 }),
      result(T0, error('timeout')),
    ]);
    expect(evaluate(T0)).toEqual([{ labels: {}, value: 250, threshold: 250, samples: 4, known: true, breach: false, sustain: false }]);
  });

  it('ranks each group_by label set on its own', () => {
    const rows = [...ladder(10, T0), ...[4000, 1000, 3000, 2000].map((latency_ms) => result(T0, { model: 'claude-sonnet-4-6', latency_ms }))];
    const evaluate = fallback({ quantile: 0.5, group_by: ['model'] }, rows);
    expect(evaluate(T0)).toEqual([
      expect.objectContaining({ labels: { model: 'claude-haiku-4-5' }, value: 550, samples: 10, breach: true }),
      expect.objectContaining({ labels: { model: 'claude-sonnet-4-6' }, value: 2500, samples: 4, breach: true }),
    ]);
    expect(evaluator(p({ quantile: 0.5, group_by: ['model'] }), rows).evaluate(T0).map((o) => o.value)).toEqual([550, 2500]);
  });

  it('an empty window reads nothing', () => {
    expect(fallback({}, [result(T0 - 6 * MIN)])(T0)).toEqual([]);
    expect(fallback({ group_by: ['model'] }, [result(T0 - 6 * MIN)])(T0)).toEqual([]);
  });
});
