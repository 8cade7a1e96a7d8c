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
