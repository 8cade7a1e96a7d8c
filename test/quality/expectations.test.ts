import { describe, expect, it } from 'vitest';
import { evaluateQuality, ExpectationsSchema, type QualityInput } from '../../src/quality/index.ts';

const answer = 'Retries should back off exponentially with full jitter, honour retry-after, and stop at a deadline. '.repeat(1);
const input: QualityInput = {
  text: answer,
  stop_reason: 'end_turn',
  output_tokens: 20,
  latency_ms: 800,
  ttft_ms: null,
  cost_usd: 0.001,
  context_utilisation: 0.001,
};

describe('evaluateQuality', () => {
  it('raises too_short by default and fails the run on it', () => {
    const v = evaluateQuality(input);
    expect(v.flags).toEqual(['too_short']);
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual(['flag too_short: expected at least 50 output tokens, got 20']);
  });

  it('records a flag without failing when it is not in fail_on_flags', () => {
    const v = evaluateQuality(input, ExpectationsSchema.parse({ fail_on_flags: ['refusal'] }));
    expect(v.flags).toEqual(['too_short']);
    expect(v.pass).toBe(true);
  });

  it('never raises a disabled check', () => {
    const v = evaluateQuality(input, { checks: { too_short: false } });
    expect(v.flags).toEqual([]);
    expect(v.checks.too_short).toBeUndefined();
    expect(v.pass).toBe(true);
  });

  it('applies per-check thresholds', () => {
    expect(evaluateQuality(input, { checks: { too_short: { min_output_tokens: 10 } } }).flags).toEqual([]);
  });

  it('fails on a failed assertion and explains it', () => {
    const v = evaluateQuality(input, ExpectationsSchema.parse({ checks: { too_short: false }, assertions: [{ kind: 'max_latency_ms', value: 500 }] }));
    expect(v.pass).toBe(false);
    expect(v.failures).toEqual(['assertion max_latency_ms 500: expected latency <= 500 ms, got 800 ms']);
  });

  it('raises drift from history and several flags at once', () => {
    const v = evaluateQuality(
      { ...input, text: '', output_tokens: 4000, stop_reason: 'max_tokens' },
      {},
      { output_tokens: [300, 310, 290, 305, 295] },
    );
    expect(v.flags).toEqual(['truncated', 'empty', 'drift']);
  });
});

describe('evaluateQuality verdicts', () => {
  const long = { ...input, output_tokens: 200 };

  it('passes with no flag and no assertion, and reports every check that ran', () => {
    const v = evaluateQuality(long);
    expect(v).toMatchObject({ pass: true, flags: [], assertions: [], failures: [] });
    expect(Object.keys(v.checks)).toEqual(['too_short', 'refusal', 'repetition', 'truncated', 'empty', 'drift', 'context_high']);
  });

  it('lists failing flags first, then failed assertions, and leaves passed assertions out', () => {
    const v = evaluateQuality(
      { ...input, stop_reason: 'max_tokens' },
      ExpectationsSchema.parse({ assertions: [{ kind: 'contains', value: 'jitter' }, { kind: 'max_cost_usd', value: 0.0001 }] }),
    );
    expect(v.pass).toBe(false);
    expect(v.assertions.map((a) => a.pass)).toEqual([true, false]);
    expect(v.failures).toEqual([
      'flag too_short: expected at least 50 output tokens, got 20',
      'flag truncated: expected a natural stop, got stop_reason "max_tokens"',
      'assertion max_cost_usd 0.0001: expected cost <= 0.0001 USD, got 0.001 USD',
    ]);
  });

  it('fails on no flag with an empty fail_on_flags, but still records them', () => {
    const v = evaluateQuality({ ...input, stop_reason: 'max_tokens' }, ExpectationsSchema.parse({ fail_on_flags: [] }));
    expect(v).toMatchObject({ pass: true, flags: ['too_short', 'truncated'], failures: [] });
  });

  it('fails only on the listed flags', () => {
    const v = evaluateQuality({ ...input, stop_reason: 'max_tokens' }, ExpectationsSchema.parse({ fail_on_flags: ['truncated'] }));
    expect(v.failures).toEqual(['flag truncated: expected a natural stop, got stop_reason "max_tokens"']);
  });

  it('passes history to the drift check', () => {
    expect(evaluateQuality(long, {}, { output_tokens: [10, 10, 10, 10, 10] }).flags).toEqual(['drift']);
    expect(evaluateQuality(long, {}, undefined).flags).toEqual([]);
  });

  it.each([
    ['an unknown flag in fail_on_flags', { fail_on_flags: ['slow'] }],
    ['an unknown check', { checks: { slow: true } }],
    ['a bad assertion', { assertions: [{ kind: 'contains' }] }],
    ['an unknown key', { flags: [] }],
  ])('rejects %s', (_, expectations) => {
    expect(ExpectationsSchema.safeParse(expectations).success).toBe(false);
  });
});
