/**
 * The flag table: each flag runs by default, is raised by its own check, stays silent and absent
 * when set to false, and hands its override object to its check.
 */
import { describe, expect, it } from 'vitest';
import { QUALITY_FLAGS } from '../../src/shared/types.ts';
import { runFlagChecks, type QualityChecks, type QualityInput } from '../../src/quality/index.ts';

const healthy: QualityInput = {
  text: 'Retries back off with jitter, honour retry-after, and stop at the deadline the caller set.',
  stop_reason: 'end_turn',
  output_tokens: 120,
  latency_ms: 800,
  ttft_ms: null,
  cost_usd: 0.001,
  context_utilisation: 0.5,
};
const history = { output_tokens: [100, 100, 100, 100, 100], latency_ms: [100, 100, 100, 100, 100] };

describe('runFlagChecks', () => {
  it('runs every check by default and raises nothing on a healthy answer', () => {
    const r = runFlagChecks(healthy, {}, history);
    expect(r.flags).toEqual([]);
    expect(Object.keys(r.checks)).toEqual([...QUALITY_FLAGS]);
    expect(Object.values(r.checks).every((c) => c.pass)).toBe(true);
  });

  it('runs every check with true, and with no config at all', () => {
    const all = Object.fromEntries(QUALITY_FLAGS.map((f) => [f, true])) as QualityChecks;
    expect(Object.keys(runFlagChecks(healthy, all).checks)).toEqual([...QUALITY_FLAGS]);
    expect(Object.keys(runFlagChecks(healthy).checks)).toEqual([...QUALITY_FLAGS]);
  });

  // Each row: an input that raises exactly one flag, and the override that silences it.
  const cases: Array<[(typeof QUALITY_FLAGS)[number], Partial<QualityInput>, QualityChecks]> = [
    ['too_short', { output_tokens: 10 }, { too_short: { min_output_tokens: 10 } }],
    ['refusal', { text: 'Setting up the exporter takes a few steps: install it, point it at the collector, then restart the service. About raising the quota, I cannot help with that.' }, { refusal: { window_chars: 100 } }],
    ['repetition', { text: `Sure. ${'The answer is forty two and that is final. '.repeat(12)}` }, { repetition: { min_loop_words: 1000, min_unique_ratio: 0.1, max_compression_ratio: 100 } }],
    ['drift', { output_tokens: 600 }, { drift: { output_factor: 6 } }],
    ['context_high', { context_utilisation: 0.9 }, { context_high: { max_context_utilisation: 0.9 } }],
  ];

  it.each(cases)('raises %s, and passes its override object to the check', (flag, input, override) => {
    const raised = runFlagChecks({ ...healthy, ...input }, {}, history);
    expect(raised.flags).toEqual([flag]);
    expect(raised.checks[flag]!.pass).toBe(false);
    const overridden = runFlagChecks({ ...healthy, ...input }, override, history);
    expect(overridden.flags).toEqual([]);
    expect(overridden.checks[flag]!.pass).toBe(true);
  });

  it.each([
    ['truncated', { stop_reason: 'max_tokens' }],
    ['empty', { text: ' ' }],
  ] as const)('raises %s', (flag, input) => {
    const r = runFlagChecks({ ...healthy, ...input }, { too_short: false, refusal: false, repetition: false }, history);
    expect(r.flags).toEqual([flag]);
  });

  it('raises latency drift only through the drift override', () => {
    const input = { ...healthy, latency_ms: 1000 };
    expect(runFlagChecks(input, {}, history).flags).toEqual([]);
    expect(runFlagChecks(input, { drift: { latency_factor: 5 } }, history).flags).toEqual(['drift']);
  });

  it.each(QUALITY_FLAGS)('never runs %s when it is set to false', (flag) => {
    const broken: QualityInput = { text: '', stop_reason: 'max_tokens', output_tokens: 10_000, latency_ms: 800, ttft_ms: null, cost_usd: 0, context_utilisation: 0.99 };
    const all = runFlagChecks(broken, {}, history);
    const off = runFlagChecks(broken, { [flag]: false }, history);
    expect(off.checks[flag]).toBeUndefined();
    expect(off.flags).toEqual(all.flags.filter((f) => f !== flag));
    expect(Object.keys(off.checks)).toEqual(QUALITY_FLAGS.filter((f) => f !== flag));
  });

  it('lists raised flags in QUALITY_FLAGS order', () => {
    const r = runFlagChecks({ ...healthy, text: '', stop_reason: 'refusal', output_tokens: 900, context_utilisation: 0.95 }, {}, history);
    expect(r.flags).toEqual(['refusal', 'empty', 'drift', 'context_high']);
  });
});
