/**
 * The kinds whose SQL differs by dialect read the same on both backends: a percentile
 * (`percentile_cont ... WITHIN GROUP` on PostgreSQL), a share of results with a quality flag
 * (`json_array_elements_text` against SQLite's `json_each`) and a share counted with `FILTER`
 * (PostgreSQL's booleans do not sum). SQLite runs first, in memory; calendar_sum has its own
 * PostgreSQL block in kinds-calendar-sum.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forEachBackend } from '../store/backends.ts';
import { error, result } from './helpers.ts';
import { closeStores, evaluatorAt, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

const SONNET = 'claude-sonnet-4-6';

forEachBackend((backend) => {
  let location = ':memory:';
  beforeEach(async () => {
    location = backend.name === 'postgres' ? await backend.fresh() : ':memory:';
  });

  describe('kinds with dialect-specific SQL', () => {
    it('percentile: interpolates between the two nearest ranks, per label set', () => {
      const latencies = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
      const rows = [...latencies.map((ms) => result(T0, { latency_ms: ms })), result(T0, { model: SONNET, latency_ms: 50 }), result(T0, error('timeout'))];
      const { evaluate } = evaluatorAt(location, { kind: 'percentile', window: '5m', quantile: 0.9, threshold: 905, min_samples: 1, group_by: ['model'] }, rows);
      // rank (10 - 1) x 0.9 = 8.1: 900 + 0.1 x (1000 - 900).
      expect(evaluate(T0)).toEqual([
        { labels: { model: 'claude-haiku-4-5' }, value: expect.closeTo(910, 9), threshold: 905, samples: 10, known: true, breach: true, sustain: true },
        { labels: { model: SONNET }, value: 50, threshold: 905, samples: 1, known: true, breach: false, sustain: false },
      ]);
    });

    it('share of flagged answers: only answers (pass or fail) count, and only the listed flags are bad', () => {
      const rows = [
        result(T0, { outcome: 'fail', flags: ['refusal'] }),
        result(T0, { outcome: 'fail', flags: ['empty', 'refusal'] }),
        result(T0, { outcome: 'fail', flags: ['empty'] }),
        result(T0),
        result(T0, error('server_error')),
      ];
      const { evaluate } = evaluatorAt(location, { kind: 'share', window: '5m', match: { flags: ['refusal'] }, threshold: 0.4, min_samples: 1 }, rows);
      expect(evaluate(T0)).toEqual([{ labels: {}, value: 0.5, threshold: 0.4, samples: 4, known: true, breach: true, sustain: true }]);
    });

    it('share of errors of some kinds, per label set', () => {
      const rows = [result(T0, error('overloaded')), result(T0, error('timeout')), result(T0), result(T0, { model: SONNET, ...error('overloaded') })];
      const { evaluate } = evaluatorAt(location, { kind: 'share', window: '5m', match: { error_kinds: ['overloaded'] }, threshold: 0.5, min_samples: 1, group_by: ['model'] }, rows);
      expect(evaluate(T0)).toEqual([
        { labels: { model: 'claude-haiku-4-5' }, value: expect.closeTo(1 / 3, 9), threshold: 0.5, samples: 3, known: true, breach: false, sustain: false },
        { labels: { model: SONNET }, value: 1, threshold: 0.5, samples: 1, known: true, breach: true, sustain: true },
      ]);
    });
  });
});
