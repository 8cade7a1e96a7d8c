/** `share` and the SQL it shares with the other kinds, on a real in-memory SQLite store. */
import { afterEach, describe, expect, it } from 'vitest';
import { groupSql, judge, labelsOf, matchSql } from '../../src/alerts/kinds/sql.ts';
import { error, MIN, result } from './helpers.ts';
import { closeStores, evaluator, many, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

const share = (over: Record<string, unknown> = {}) => ({ kind: 'share' as const, window: '5m', match: { error_kinds: 'any' }, threshold: 0.5, min_samples: 1, ...over });

describe('share window', () => {
  it('counts results started after now - window and up to now, both ends exact', () => {
    const { evaluate } = evaluator(share(), [
      result(T0 - 5 * MIN, error('server_error')), // on the open end: out
      result(T0 - 5 * MIN + 1), // just inside
      result(T0, error('server_error')), // on the closed end: in
      result(T0 + 1, error('server_error')), // the future: out
    ]);
    expect(evaluate(T0)).toEqual([{ labels: {}, value: 0.5, threshold: 0.5, samples: 2, known: true, breach: false, sustain: false }]);
  });

  it('reads nothing at all (no observation, not a 0/0 share) when the window is empty', () => {
    const { evaluate } = evaluator(share(), [result(T0 - 10 * MIN, error('server_error'))]);
    expect(evaluate(T0)).toEqual([]);
  });

  it('fires above the threshold, not at it', () => {
    const at = evaluator(share({ threshold: 0.5 }), [...many(1, T0, error('timeout')), ...many(1, T0)]);
    expect(at.evaluate(T0)[0]).toMatchObject({ value: 0.5, breach: false });
    const above = evaluator(share({ threshold: 0.49 }), [...many(1, T0, error('timeout')), ...many(1, T0)]);
    expect(above.evaluate(T0)[0]).toMatchObject({ value: 0.5, breach: true, sustain: true });
  });

  it('one observation per group_by label set', () => {
    const { evaluate } = evaluator(share({ group_by: ['model'] }), [
      ...many(3, T0, error('overloaded')),
      ...many(3, T0, { model: 'claude-sonnet-4-6' }),
    ]);
    expect(evaluate(T0)).toEqual([
      { labels: { model: 'claude-haiku-4-5' }, value: 1, threshold: 0.5, samples: 3, known: true, breach: true, sustain: true },
      { labels: { model: 'claude-sonnet-4-6' }, value: 0, threshold: 0.5, samples: 3, known: true, breach: false, sustain: false },
    ]);
  });
});

describe('what counts as bad (matchSql on real rows)', () => {
  const rows = () => [
    result(T0, error('server_error')),
    result(T0, error('rate_limited')),
    result(T0, { outcome: 'fail', flags: ['refusal'] }),
    result(T0, { flags: ['empty', 'truncated'] }),
    result(T0, { outcome: 'fail' }),
    result(T0, { outcome: 'skipped' }),
    result(T0),
  ];
  it.each([
    ['error_kinds any: every error, of every non-skipped run', { error_kinds: 'any' }, 2, 6],
    ['error_kinds list: only the kinds listed', { error_kinds: ['rate_limited', 'timeout'] }, 1, 6],
    ['flags: runs with output carrying one of the flags (errors and skipped runs are not in the base)', { flags: ['truncated', 'refusal'] }, 2, 4],
    ['flags: a flag nobody carries', { flags: ['context_high'] }, 0, 4],
    ['outcomes fail', { outcomes: ['fail'] }, 2, 6],
    ['outcomes fail and error', { outcomes: ['fail', 'error'] }, 4, 6],
  ])('%s', (_, match, hits, samples) => {
    const { evaluate } = evaluator(share({ match }), rows());
    expect(evaluate(T0)).toEqual([expect.objectContaining({ value: hits / samples, samples })]);
  });

  it('quotes values so a quote in one cannot break out of the SQL string', () => {
    expect(matchSql({ outcomes: ["it's" as 'fail', 'error'] }, 'sqlite').hit).toBe("outcome IN ('it''s', 'error')");
  });
});

describe('sql fragments', () => {
  it('groupSql: nothing without columns; a select prefix and GROUP BY with them', () => {
    expect(groupSql([])).toEqual({ select: '', groupBy: '' });
    expect(groupSql(['probe_id', 'model'])).toEqual({ select: 'probe_id, model, ', groupBy: 'GROUP BY probe_id, model' });
  });

  it('labelsOf: only the group-by columns, as strings, missing ones empty', () => {
    expect(labelsOf({ model: 'm', probe_id: 7, region: 'x', value: 1 }, ['probe_id', 'model'])).toEqual({ probe_id: '7', model: 'm' });
    expect(labelsOf({ model: null }, ['model', 'region'])).toEqual({ model: '', region: '' });
    expect(labelsOf({ model: 'm' }, [])).toEqual({});
  });

  describe('judge', () => {
    const r = { min_samples: 5, threshold: 10 };
    it('is quiet (unknown, no breach) under min_samples and knows at exactly min_samples', () => {
      expect(judge({}, 100, 4, r)).toEqual({ labels: {}, value: 100, threshold: 10, samples: 4, known: false, breach: false, sustain: false });
      expect(judge({}, 100, 5, r)).toEqual({ labels: {}, value: 100, threshold: 10, samples: 5, known: true, breach: true, sustain: true });
    });
    it('a null value is unknown whatever the sample count', () => {
      expect(judge({}, null, 50, r)).toMatchObject({ known: false, breach: false, sustain: false });
    });
    it('breaches strictly above the threshold; at it only when inclusive', () => {
      expect(judge({}, 10, 5, r)).toMatchObject({ known: true, breach: false, sustain: false });
      expect(judge({}, 10.001, 5, r)).toMatchObject({ breach: true, sustain: true });
      expect(judge({}, 10, 5, r, true)).toMatchObject({ breach: true, sustain: true });
      expect(judge({}, 9.999, 5, r, true)).toMatchObject({ breach: false, sustain: false });
    });
    it('sustain compares with clear_threshold when there is one', () => {
      const h = { ...r, clear_threshold: 4 };
      expect(judge({}, 6, 5, h)).toMatchObject({ threshold: 10, breach: false, sustain: true });
      expect(judge({}, 4, 5, h)).toMatchObject({ breach: false, sustain: false });
      expect(judge({}, 4, 5, h, true)).toMatchObject({ breach: false, sustain: true });
    });
  });
});
