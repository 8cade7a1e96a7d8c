/**
 * `slo_burn`: multi-window burn rates on a real SQLite store. Objective 0.75 (a budget of 0.25)
 * keeps every burn rate exact in binary floating point.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/shared/types.ts';
import { error, MIN, result } from './helpers.ts';
import { closeStores, evaluator, many, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

const HOUR = 60 * MIN;
const burn = (over: Record<string, unknown> = {}) => ({
  kind: 'slo_burn' as const,
  objective: 0.75,
  bad: { error_kinds: 'any' },
  windows: [{ long: '1h', short: '5m', burn_rate: 1.5 }],
  min_samples: 1,
  ...over,
});
const bad = (n: number, t: number, over: Partial<ProbeResult> = {}) => many(n, t, { ...error('server_error'), ...over });

/** 1h: 4 bad of 8 (burn 2); 5m: 3 bad of 4 (burn 3). */
const BURNING = () => [...many(3, T0 - 30 * MIN), ...bad(1, T0 - 30 * MIN), ...many(1, T0 - MIN), ...bad(3, T0 - MIN)];

describe('slo_burn', () => {
  it('the burn rate is the bad share over the error budget, the smaller of the two windows, compared strictly', () => {
    const over = evaluator(burn(), BURNING());
    expect(over.evaluate(T0)).toEqual([{ labels: {}, value: 2, threshold: 1.5, samples: 8, known: true, breach: true, sustain: true, detail: '1h/5m windows at 1.5x' }]);
    const at = evaluator(burn({ windows: [{ long: '1h', short: '5m', burn_rate: 2 }] }), BURNING());
    expect(at.evaluate(T0)).toEqual([{ labels: {}, value: 2, threshold: 2, samples: 8, known: true, breach: false, sustain: false, detail: '1h/5m windows at 2x' }]);
  });

  it('the short window must burn too: an old burst with a healthy last 5 minutes reads burn 0 there', () => {
    const { evaluate } = evaluator(burn(), [...bad(4, T0 - 30 * MIN), ...many(4, T0 - MIN)]);
    expect(evaluate(T0)[0]).toMatchObject({ value: 0, breach: false, samples: 8, known: true });
    const empty = evaluator(burn(), bad(4, T0 - 30 * MIN));
    expect(empty.evaluate(T0)[0]).toMatchObject({ value: 0, breach: false, samples: 4, known: true });
  });

  it('windows are (now - span, now]: a run exactly one window old is out of it, one at now is in', () => {
    const { evaluate } = evaluator(burn(), [
      ...bad(4, T0 - HOUR), // out of both
      ...many(2, T0 - HOUR + 1), // long only
      ...bad(2, T0 - 5 * MIN), // long only: exactly 5m old
      ...bad(1, T0 - 5 * MIN + 1), // both
      ...many(1, T0), // both
      ...bad(4, T0 + 1), // future
    ]);
    // long: 3 bad of 6 (burn 2); short: 1 of 2 (burn 2).
    expect(evaluate(T0)[0]).toMatchObject({ value: 2, samples: 6, breach: true });
  });

  it('skipped runs spend nothing and are not samples; outcome matches count fails too', () => {
    const rows = [...many(2, T0 - MIN, { outcome: 'skipped' }), ...many(2, T0 - MIN), ...many(1, T0 - MIN, { outcome: 'fail' }), ...bad(1, T0 - MIN)];
    expect(evaluator(burn(), rows).evaluate(T0)[0]).toMatchObject({ samples: 4, value: 1 });
    expect(evaluator(burn({ bad: { outcomes: ['fail', 'error'] } }), rows).evaluate(T0)[0]).toMatchObject({ samples: 4, value: 2, breach: true });
  });

  it('under min_samples in the long window it is unknown and quiet; at min_samples it judges', () => {
    const under = evaluator(burn({ min_samples: 9 }), BURNING());
    expect(under.evaluate(T0)[0]).toMatchObject({ known: false, breach: false, sustain: false, samples: 8 });
    const at = evaluator(burn({ min_samples: 8 }), BURNING());
    expect(at.evaluate(T0)[0]).toMatchObject({ known: true, breach: true });
  });

  it('an empty window without group_by is one unknown reading', () => {
    expect(evaluator(burn(), []).evaluate(T0)).toEqual([
      { labels: {}, value: 0, threshold: 1.5, samples: 0, known: false, breach: false, sustain: false, detail: '1h/5m windows at 1.5x' },
    ]);
  });

  describe('several window pairs', () => {
    const pairs = [
      { long: '5m', short: '1m', burn_rate: 1 },
      { long: '6h', short: '30m', burn_rate: 1.5 },
      { long: '1h', short: '5m', burn_rate: 3.5 },
    ];
    // 6h: 4 bad of 8 (burn 2); 30m: 3 of 4 (3); 1h: 3 of 4 (3); 5m: 3 of 4 (3); 1m: 3 of 4.
    const rows = () => [...many(3, T0 - 3 * HOUR), ...bad(1, T0 - 3 * HOUR), ...many(1, T0 - 30_000), ...bad(3, T0 - 30_000)];

    it('spans sort numerically: the 6h window reaches back 6 hours', () => {
      expect(evaluator(burn({ windows: [pairs[1]] }), rows()).evaluate(T0)[0]).toMatchObject({ samples: 8, value: 2, breach: true });
    });

    it('reports the breaching pair furthest past its factor', () => {
      const { evaluate } = evaluator(burn({ windows: pairs }), rows());
      // 5m/1m: 3 / 1 = 3x its factor; 6h/30m: 2 / 1.5; 1h/5m: 3 / 3.5, not breaching.
      expect(evaluate(T0)).toEqual([{ labels: {}, value: 3, threshold: 1, samples: 4, known: true, breach: true, sustain: true, detail: '5m/1m windows at 1x' }]);
    });

    it('prefers a breaching pair to one further past its factor that lacks samples', () => {
      const { evaluate } = evaluator(burn({ min_samples: 5, windows: pairs }), rows());
      // 5m/1m has 4 samples (< 5): not breaching although 3x; 6h/30m breaches with 8.
      expect(evaluate(T0)[0]).toMatchObject({ value: 2, threshold: 1.5, samples: 8, breach: true, known: true, detail: '6h/30m windows at 1.5x' });
    });

    it('when none breaches, reports the pair closest to its factor', () => {
      const { evaluate } = evaluator(burn({ windows: [{ long: '1h', short: '5m', burn_rate: 10 }, { long: '6h', short: '30m', burn_rate: 2.5 }] }), rows());
      expect(evaluate(T0)[0]).toMatchObject({ value: 2, threshold: 2.5, breach: false, known: true, detail: '6h/30m windows at 2.5x' });
    });
  });

  it('one reading per group_by label set', () => {
    const { evaluate } = evaluator(burn({ group_by: ['model'] }), [...bad(2, T0 - MIN), ...many(2, T0 - MIN, { model: 'claude-sonnet-4-6' })]);
    expect(evaluate(T0).map((o) => [o.labels, o.value, o.breach])).toEqual([
      [{ model: 'claude-haiku-4-5' }, 4, true],
      [{ model: 'claude-sonnet-4-6' }, 0, false],
    ]);
  });
});
