import { describe, expect, it } from 'vitest';
import { checkDrift, median } from '../../src/quality/index.ts';

const steady = [100, 110, 90, 105, 95, 100, 98];

describe('checkDrift', () => {
  it.each([
    ['within 5x the median', 480, steady, true],
    ['over 5x the median (runaway cost)', 520, steady, false],
    ['no baseline with fewer than 5 past runs', 10_000, [100, 100, 100, 100], true],
    ['no history at all', 10_000, [], true],
  ])('%s', (_, output_tokens, history, pass) => {
    expect(checkDrift({ output_tokens, latency_ms: 100 }, { output_tokens: history }).pass).toBe(pass);
  });

  it('quotes the factor, the median and the value', () => {
    expect(checkDrift({ output_tokens: 520, latency_ms: null }, { output_tokens: steady }).reason).toBe(
      'expected output tokens <= 5x rolling median 100 (500), got 520',
    );
  });

  it('uses only the most recent `window` results', () => {
    const history = [...Array(5).fill(1000), ...Array(50).fill(10)];
    expect(checkDrift({ output_tokens: 900, latency_ms: null }, { output_tokens: history }, { window: 5 }).pass).toBe(true);
    expect(checkDrift({ output_tokens: 900, latency_ms: null }, { output_tokens: history }).pass).toBe(false);
  });

  it('checks latency drift only when a latency factor is set', () => {
    const history = { output_tokens: steady, latency_ms: [200, 210, 190, 200, 205] };
    const input = { output_tokens: 100, latency_ms: 2000 };
    expect(checkDrift(input, history).pass).toBe(true);
    const r = checkDrift(input, history, { latency_factor: 3 });
    expect(r).toEqual({ pass: false, reason: 'expected latency ms <= 3x rolling median 200 (600), got 2000' });
  });
});

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
  ])('median of %j is %d', (xs, m) => {
    expect(median(xs)).toBe(m);
  });
});
