/**
 * Quorum rules, in-process: the rule's kind evaluated per region on a real SQLite store (through
 * compileRule, as the engine runs it), then folded into one reading per label set without
 * `region`. The fold's edges that no handler produces (a region label missing, regions out of
 * order) are fed to quorumEvaluator as plain readings. The end-to-end alerts and the Prometheus
 * export are in quorum.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { perRegion, quorumEvaluator } from '../../src/alerts/kinds/quorum.ts';
import { compileRule } from '../../src/alerts/kinds/registry.ts';
import type { Observation } from '../../src/alerts/kinds/types.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import { openStore } from '../../src/store/index.ts';
import { result } from './helpers.ts';
import { closeStores, evaluator, rule, T0 } from './kinds-helpers.ts';

afterEach(closeStores);

/** `max` of context utilisation over 0.8, one sample per region enough, quorum of `need` regions. */
const maxQuorum = (need: number, over: Record<string, unknown> = {}) => ({ kind: 'max' as const, window: '5m', threshold: 0.8, min_samples: 1, quorum: { regions: need }, ...over });
/** One result in `region` at T0 with utilisation `u`. */
const at = (region: string, u: number, over: Partial<ProbeResult> = {}) => result(T0, { region, context_utilisation: u, ...over });

describe('quorum over a real store', () => {
  it('reads the need-th worst judged region, one reading for the fleet without a region label', () => {
    const { evaluate } = evaluator(maxQuorum(2), [at('a', 0.95), at('b', 0.3), at('c', 0.85), at('d', 0.9), at('d', 0.1)]);
    expect(evaluate(T0)).toEqual([
      { labels: {}, value: 0.9, threshold: 0.8, samples: 5, known: true, breach: true, sustain: true, detail: 'failing in 3 of 4 regions (a, c, d); quorum 2' },
    ]);
  });

  it('with fewer judged regions than the quorum, the value is the best of them (the need-th worst does not exist)', () => {
    const { evaluate } = evaluator(maxQuorum(3), [at('a', 0.9), at('b', 0.5)]);
    expect(evaluate(T0)[0]).toMatchObject({ value: 0.5, breach: false, sustain: false, known: true, detail: 'failing in 1 of 2 regions (a); quorum 3' });
  });

  it.each([
    [1, false],
    [2, true],
    [3, true],
  ])('%i breaching regions of a quorum of 2: breach %s', (n, breach) => {
    const results = ['a', 'b', 'c'].map((r, i) => at(r, i < n ? 0.9 : 0.2));
    expect(evaluator(maxQuorum(2), results).evaluate(T0)[0]).toMatchObject({ breach, sustain: breach });
  });

  it.each([
    ['one breaching, one only over the clear threshold: sustained, not breached', [0.9, 0.7, 0.2], false, true],
    ['two only over the clear threshold: sustained', [0.7, 0.7, 0.2], false, true],
    ['three over the clear threshold: sustained', [0.7, 0.7, 0.7], false, true],
    ['one over the clear threshold: neither', [0.7, 0.2, 0.2], false, false],
    ['none: neither', [0.2, 0.2, 0.2], false, false],
  ])('hysteresis per region, quorum 2: %s', (_, values, breach, sustain) => {
    const results = values.map((u, i) => at(['a', 'b', 'c'][i]!, u));
    expect(evaluator(maxQuorum(2, { clear_threshold: 0.6 }), results).evaluate(T0)[0]).toMatchObject({ breach, sustain });
  });

  it('a region under min_samples is not judged: not in the value, the samples, the count or the quorum', () => {
    // b and c have 1 sample each (min 2): b's 0.99 would otherwise be the worst and a breach.
    const { evaluate } = evaluator(maxQuorum(2, { min_samples: 2 }), [at('a', 0.9), at('a', 0.85), at('b', 0.99), at('c', 0.95), at('d', 0.5), at('d', 0.4)]);
    expect(evaluate(T0)).toEqual([
      { labels: {}, value: 0.5, threshold: 0.8, samples: 4, known: true, breach: false, sustain: false, detail: 'failing in 1 of 2 regions (a); quorum 2' },
    ]);
  });

  it('no region judged: no data (known false, value null), and no region named', () => {
    const { evaluate } = evaluator(maxQuorum(1, { min_samples: 2 }), [at('a', 0.9), at('b', 0.95)]);
    expect(evaluate(T0)).toEqual([
      { labels: {}, value: null, threshold: 0.8, samples: 0, known: false, breach: false, sustain: false, detail: 'failing in 0 of 0 regions; quorum 1' },
    ]);
  });

  it('with group_by, one reading per label set, each folded over its own regions', () => {
    const sonnet = { model: 'claude-sonnet-4-6' };
    const { evaluate } = evaluator(maxQuorum(2, { group_by: ['model'] }), [at('a', 0.9), at('b', 0.9), at('a', 0.9, sonnet), at('b', 0.1, sonnet), at('c', 0.1, sonnet)]);
    expect(evaluate(T0)).toEqual([
      { labels: { model: 'claude-haiku-4-5' }, value: 0.9, threshold: 0.8, samples: 2, known: true, breach: true, sustain: true, detail: 'failing in 2 of 2 regions (a, b); quorum 2' },
      { labels: { model: 'claude-sonnet-4-6' }, value: 0.1, threshold: 0.8, samples: 3, known: true, breach: false, sustain: false, detail: 'failing in 1 of 3 regions (a); quorum 2' },
    ]);
  });

  it('a rule without quorum is read as it is, per its own group_by (no fold, no detail)', () => {
    const { evaluate } = evaluator({ kind: 'max', window: '5m', threshold: 0.8, min_samples: 1 }, [at('a', 0.9), at('b', 0.3)]);
    expect(evaluate(T0)).toEqual([{ labels: {}, value: 0.9, threshold: 0.8, samples: 2, known: true, breach: true, sustain: true }]);
  });

  it('a rule whose quorum key is present but undefined is not a quorum rule', () => {
    const store = openStore(':memory:');
    try {
      store.insertResults([at('a', 0.9)]);
      const plain = { ...rule({ kind: 'max', window: '5m', threshold: 0.8, min_samples: 1 }), quorum: undefined };
      expect(compileRule(store.db, plain, { schedules: () => null, startedAt: T0 })(T0)).toEqual([
        { labels: {}, value: 0.9, threshold: 0.8, samples: 1, known: true, breach: true, sustain: true },
      ]);
    } finally {
      store.close();
    }
  });
});

describe('perRegion', () => {
  it('evaluates the rule’s own group_by, then region, once and last', () => {
    expect(perRegion([])).toEqual(['region']);
    expect(perRegion(['model', 'probe_id'])).toEqual(['model', 'probe_id', 'region']);
    expect(perRegion(['region', 'model'])).toEqual(['model', 'region']);
  });
});

describe('the fold over plain readings', () => {
  const reading = (region: string | undefined, over: Partial<Observation> = {}): Observation => ({
    labels: region === undefined ? { model: 'm' } : { model: 'm', region },
    value: 0.9,
    threshold: 0.8,
    samples: 1,
    known: true,
    breach: true,
    sustain: true,
    ...over,
  });
  const fold = (readings: Observation[], regions = 1) => quorumEvaluator(() => readings, { regions })(T0);

  it('names the failing regions sorted, whatever order they come in', () => {
    expect(fold([reading('c'), reading('a'), reading('b')])[0]!.detail).toBe('failing in 3 of 3 regions (a, b, c); quorum 1');
  });

  it('a reading without a region label is named as empty', () => {
    expect(fold([reading(undefined)])[0]).toMatchObject({ labels: { model: 'm' }, detail: 'failing in 1 of 1 regions (); quorum 1' });
  });

  it('a judged reading without a value counts for the quorum but gives no value', () => {
    expect(fold([reading('a', { value: null }), reading('b', { value: 0.85 })], 2)[0]).toMatchObject({ value: 0.85, breach: true });
    expect(fold([reading('a', { value: null })], 1)[0]).toMatchObject({ value: null, known: true });
  });

  it('takes the threshold of the first reading of the label set', () => {
    expect(fold([reading('a', { threshold: 0.7 }), reading('b')])[0]!.threshold).toBe(0.7);
  });
});
