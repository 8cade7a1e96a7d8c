/** `max`: the largest context utilisation of any single request in the window, on a real SQLite store. */
import { afterEach, expect, it } from 'vitest';
import { error, MIN, result } from './helpers.ts';
import { closeStores, evaluator, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

const max = (over: Record<string, unknown> = {}) => ({ kind: 'max' as const, window: '5m', threshold: 0.8, min_samples: 1, ...over });

it('takes the largest value in (now - window, now], both ends exact', () => {
  const { evaluate } = evaluator(max(), [
    result(T0 - 5 * MIN, { context_utilisation: 0.99 }), // open end: out
    result(T0 - 5 * MIN + 1, { context_utilisation: 0.5 }),
    result(T0, { context_utilisation: 0.7 }),
    result(T0 + 1, { context_utilisation: 0.99 }), // future: out
    result(T0, error('timeout')), // no utilisation: not a sample
  ]);
  expect(evaluate(T0)).toEqual([{ labels: {}, value: 0.7, threshold: 0.8, samples: 2, known: true, breach: false, sustain: false }]);
});

it('breaches above the threshold, not at it; clear_threshold keeps it sustained', () => {
  expect(evaluator(max(), [result(T0, { context_utilisation: 0.8 })]).evaluate(T0)[0]).toMatchObject({ value: 0.8, breach: false, sustain: false });
  expect(evaluator(max(), [result(T0, { context_utilisation: 0.81 })]).evaluate(T0)[0]).toMatchObject({ breach: true, sustain: true });
  expect(evaluator(max({ clear_threshold: 0.6 }), [result(T0, { context_utilisation: 0.7 })]).evaluate(T0)[0]).toMatchObject({ breach: false, sustain: true });
});

it('min_samples counts only results with a value', () => {
  const { evaluate } = evaluator(max({ min_samples: 2 }), [result(T0, { context_utilisation: 0.9 }), result(T0, error('timeout'))]);
  expect(evaluate(T0)).toEqual([expect.objectContaining({ samples: 1, known: false, breach: false })]);
});

it('no observation for an empty window or one with only results without a value', () => {
  expect(evaluator(max(), [result(T0 - 6 * MIN, { context_utilisation: 0.9 })]).evaluate(T0)).toEqual([]);
  expect(evaluator(max(), [result(T0, error('timeout'))]).evaluate(T0)).toEqual([]);
});

it('one observation per group_by label set', () => {
  const { evaluate } = evaluator(max({ group_by: ['model'] }), [
    result(T0, { context_utilisation: 0.9 }),
    result(T0, { model: 'claude-sonnet-4-6', context_utilisation: 0.2 }),
  ]);
  expect(evaluate(T0)).toEqual([
    { labels: { model: 'claude-haiku-4-5' }, value: 0.9, threshold: 0.8, samples: 1, known: true, breach: true, sustain: true },
    { labels: { model: 'claude-sonnet-4-6' }, value: 0.2, threshold: 0.8, samples: 1, known: true, breach: false, sustain: false },
  ]);
});
