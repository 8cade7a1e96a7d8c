/** `absence`: a scheduled series that went silent, measured on a real SQLite store. */
import { afterEach, describe, expect, it } from 'vitest';
import type { SeriesSchedule } from '../../src/alerts/kinds/types.ts';
import { MIN, result } from './helpers.ts';
import { closeStores, evaluator, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

const SMOKE: SeriesSchedule = { probe_id: 'smoke', model: 'claude-haiku-4-5', interval_ms: MIN };
const absence = (over: Record<string, unknown> = {}) => ({ kind: 'absence' as const, ...over });
/** Limit: missed_schedules 2 x 1 minute. */
const LIMIT = 2 * MIN;
const ctx = (schedules: SeriesSchedule[] | null = [SMOKE], startedAt = T0) => ({ schedules: () => schedules, startedAt });

describe('absence', () => {
  it('is quiet without schedules (one-shot run, chaos)', () => {
    expect(evaluator(absence(), [], ctx(null)).evaluate(T0 + 60 * MIN)).toEqual([]);
  });

  it('fires when the silence passes missed_schedules x the interval, not when it reaches it', () => {
    const { evaluate } = evaluator(absence(), [result(T0)], ctx());
    expect(evaluate(T0 + LIMIT)).toEqual([
      {
        labels: { probe_id: 'smoke', model: 'claude-haiku-4-5' },
        value: 120,
        threshold: 120,
        samples: 1,
        known: true,
        breach: false,
        sustain: false,
        detail: `last result ${new Date(T0).toISOString()}`,
      },
    ]);
    expect(evaluate(T0 + LIMIT + 1)[0]).toMatchObject({ value: 120.001, known: true, breach: true, sustain: true });
  });

  it('missed_schedules scales the limit, per series interval', () => {
    const slow = { probe_id: 'slow', model: 'claude-haiku-4-5', interval_ms: 10 * MIN };
    const { evaluate } = evaluator(absence({ missed_schedules: 1.5 }), [result(T0), result(T0, { probe_id: 'slow' })], ctx([SMOKE, slow]));
    expect(evaluate(T0 + 2 * MIN).map((o) => [o.labels['probe_id'], o.threshold, o.breach])).toEqual([
      ['smoke', 90, true],
      ['slow', 900, false],
    ]);
  });

  it('skipped runs are not results', () => {
    const { evaluate } = evaluator(absence(), [result(T0), result(T0 + 3 * MIN, { outcome: 'skipped' })], ctx());
    expect(evaluate(T0 + 3 * MIN)[0]).toMatchObject({ value: 180, breach: true });
  });

  it('a series with no result yet is no data until the limit has passed since the monitor started, then fires', () => {
    const { evaluate } = evaluator(absence(), [], ctx([SMOKE], T0));
    expect(evaluate(T0 + LIMIT)).toEqual([
      { labels: { probe_id: 'smoke', model: 'claude-haiku-4-5' }, value: 120, threshold: 120, samples: 0, known: false, breach: false, sustain: false, detail: 'no result since the monitor started' },
    ]);
    expect(evaluate(T0 + LIMIT + 1)[0]).toMatchObject({ samples: 0, known: true, breach: true });
  });

  it('after a restart an old last result is measured from the start: no data first, then a breach', () => {
    const { evaluate } = evaluator(absence(), [result(T0 - 60 * MIN)], ctx([SMOKE], T0));
    // Silent an hour, but the monitor started a minute ago: neither resolved nor fired.
    expect(evaluate(T0 + MIN)[0]).toMatchObject({ value: 3660, samples: 1, known: false, breach: false });
    expect(evaluate(T0 + LIMIT)[0]).toMatchObject({ known: false, breach: false });
    expect(evaluate(T0 + LIMIT + 1)[0]).toMatchObject({ known: true, breach: true });
  });

  it('a result newer than the start counts from itself; one from the future reads a silence of 0', () => {
    const { evaluate } = evaluator(absence(), [result(T0 + 10 * MIN)], ctx([SMOKE], T0));
    expect(evaluate(T0 + 10 * MIN + LIMIT)[0]).toMatchObject({ breach: false, known: true });
    expect(evaluate(T0 + 10 * MIN + LIMIT + 1)[0]).toMatchObject({ breach: true });
    expect(evaluate(T0 + 5 * MIN)[0]).toMatchObject({ value: 0, breach: false, known: true });
  });

  it('an evaluation stamped before the engine started (clock skew) is not a silence', () => {
    const { evaluate } = evaluator(absence(), [result(T0 - 60 * MIN)], ctx([SMOKE], T0));
    expect(evaluate(T0 - 30 * MIN)[0]).toMatchObject({ breach: false });
  });

  describe('series no longer scheduled', () => {
    function withInstances(rows: Array<[rule: string, labels: Record<string, string>, state: string]>) {
      const h = evaluator(absence(), [result(T0)], ctx());
      const ins = h.store.db.prepare(
        "INSERT INTO alert_instances (rule_id, label_key, labels, kind, state, severity, summary, updated_at) VALUES (?, ?, ?, 'absence', ?, 'warning', 's', 0)",
      );
      for (const [rule, labels, state] of rows) ins.run(rule, JSON.stringify(labels), JSON.stringify(labels), state);
      return h;
    }

    it('a pending or firing alert of this rule for a series no longer scheduled reads as cleared, so it resolves', () => {
      const gone = { probe_id: 'removed', model: 'claude-haiku-4-5' };
      const { evaluate } = withInstances([
        ['r', gone, 'firing'],
        ['r', { probe_id: 'pending-one', model: 'm' }, 'pending'],
        ['r', { probe_id: 'old', model: 'm' }, 'resolved'], // not active: nothing to clear
        ['other', { probe_id: 'elsewhere', model: 'm' }, 'firing'], // another rule's
        ['r', { probe_id: 'smoke', model: 'claude-haiku-4-5' }, 'firing'], // still scheduled: read normally
      ]);
      const out = evaluate(T0 + MIN);
      expect(out).toHaveLength(3);
      expect(out[0]).toMatchObject({ labels: SMOKE_LABELS, known: true, breach: false, samples: 1 });
      expect(out.slice(1)).toEqual([
        { labels: { probe_id: 'pending-one', model: 'm' }, value: null, threshold: 0, samples: 0, known: true, breach: false, sustain: false, detail: 'series no longer scheduled' },
        { labels: gone, value: null, threshold: 0, samples: 0, known: true, breach: false, sustain: false, detail: 'series no longer scheduled' },
      ]);
    });

    it('labels without probe_id or model are a series of their own, never mistaken for a scheduled one', () => {
      const { evaluate } = withInstances([['r', { model: 'claude-haiku-4-5' }, 'firing'], ['r', { probe_id: 'smoke' }, 'firing']]);
      expect(evaluate(T0 + MIN).map((o) => o.labels)).toEqual([SMOKE_LABELS, { model: 'claude-haiku-4-5' }, { probe_id: 'smoke' }]);
    });
  });
});

const SMOKE_LABELS = { probe_id: 'smoke', model: 'claude-haiku-4-5' };
