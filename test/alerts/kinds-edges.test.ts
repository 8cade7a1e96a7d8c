/** Rule-kind edges the mutation run found untested: label sets across a store swap, ties between burn-rate pairs, multi-column partitions. */
import { afterEach, describe, expect, it } from 'vitest';
import { percentileHandler } from '../../src/alerts/kinds/percentile.ts';
import { openStore, type SqliteDb, type Store } from '../../src/store/index.ts';
import { error, result } from './helpers.ts';
import { closeStores, evaluator, many, rule, T0 } from './kinds-helpers.ts';

const stores: Store[] = [];
afterEach(() => {
  closeStores();
  for (const s of stores.splice(0)) s.close();
});

const DAY = 86_400_000;
const NOON = Date.UTC(2026, 2, 10, 12);
const spend = (usd: number, model = 'claude-haiku-4-5') => result(NOON - 60_000, { cost_usd: usd, model });

describe('calendar_sum label sets', () => {
  it('a table that shrank below what was seen (a restored store) starts over: a label set without rows left is no longer reported', () => {
    const { store, evaluate, add } = evaluator({ kind: 'calendar_sum', period: 'day', threshold: 1, min_samples: 1, group_by: ['model'] }, [spend(2), spend(0.5, 'claude-sonnet-4-6')]);
    expect(evaluate(NOON).map((o) => o.labels['model'])).toEqual(['claude-haiku-4-5', 'claude-sonnet-4-6']);
    store.db.prepare('DELETE FROM results').run();
    add(spend(0.25, 'claude-sonnet-4-6'));
    expect(evaluate(NOON + 1)).toEqual([{ labels: { model: 'claude-sonnet-4-6' }, value: 0.25, threshold: 1, samples: 1, known: true, breach: false, sustain: false }]);
  });

  it('without group_by, the zero of an empty day and the first spend are one label set', () => {
    const { evaluate, add } = evaluator({ kind: 'calendar_sum', period: 'day', threshold: 1, min_samples: 1 }, []);
    expect(evaluate(NOON)).toEqual([expect.objectContaining({ labels: {}, value: 0 })]);
    add(spend(1.5));
    expect(evaluate(NOON + 1)).toEqual([{ labels: {}, value: 1.5, threshold: 1, samples: 1, known: true, breach: true, sustain: true }]);
    expect(evaluate(NOON + DAY)).toEqual([expect.objectContaining({ labels: {}, value: 0, known: true })]);
  });
});

describe('percentile fallback with several group_by columns', () => {
  it('partitions by every column', () => {
    const store = openStore(':memory:');
    stores.push(store);
    store.insertResults([
      ...[100, 200, 300].map((latency_ms) => result(T0, { latency_ms })),
      ...[1000, 2000, 3000].map((latency_ms) => result(T0, { latency_ms, model: 'claude-sonnet-4-6' })),
    ]);
    (store.db as SqliteDb).raw.function('percentile_cont', (_v: unknown, _q: unknown) => {
      throw new Error('no such function: percentile_cont');
    });
    const evaluate = percentileHandler(store.db, rule({ kind: 'percentile', window: '5m', quantile: 0.5, threshold: 500, min_samples: 1, group_by: ['probe_id', 'model'] }) as never, { schedules: () => null, startedAt: T0 });
    expect(evaluate(T0).map((o) => [o.labels, o.value, o.samples])).toEqual([
      [{ probe_id: 'smoke', model: 'claude-haiku-4-5' }, 200, 3],
      [{ probe_id: 'smoke', model: 'claude-sonnet-4-6' }, 2000, 3],
    ]);
  });
});

describe('slo_burn: which pair is reported', () => {
  const base = { kind: 'slo_burn' as const, objective: 0.75, bad: { error_kinds: 'any' } };
  // 6h: 4 bad of 8 (burn 2); 5m and 1m: 3 bad of 4 (burn 3).
  const rows = () => [...many(3, T0 - 3 * 3_600_000), ...many(1, T0 - 3 * 3_600_000, error('server_error')), ...many(1, T0 - 30_000), ...many(3, T0 - 30_000, error('server_error'))];

  it('a breaching pair listed first is not displaced by a later one further past its factor that lacks samples', () => {
    const { evaluate } = evaluator(
      { ...base, min_samples: 5, windows: [{ long: '6h', short: '30m', burn_rate: 1.5 }, { long: '5m', short: '1m', burn_rate: 1 }] },
      rows(),
    );
    expect(evaluate(T0)[0]).toMatchObject({ breach: true, value: 2, threshold: 1.5, samples: 8, detail: '6h/30m windows at 1.5x' });
  });

  it('on a tie, the pair listed first', () => {
    // 6h/30m: 2 / 1 = 2x; 5m/1m: 3 / 1.5 = 2x.
    const { evaluate } = evaluator({ ...base, min_samples: 1, windows: [{ long: '6h', short: '30m', burn_rate: 1 }, { long: '5m', short: '1m', burn_rate: 1.5 }] }, rows());
    expect(evaluate(T0)[0]).toMatchObject({ breach: true, value: 2, threshold: 1, detail: '6h/30m windows at 1x' });
    const swapped = evaluator({ ...base, min_samples: 1, windows: [{ long: '5m', short: '1m', burn_rate: 1.5 }, { long: '6h', short: '30m', burn_rate: 1 }] }, rows());
    expect(swapped.evaluate(T0)[0]).toMatchObject({ value: 3, threshold: 1.5, detail: '5m/1m windows at 1.5x' });
  });
});
