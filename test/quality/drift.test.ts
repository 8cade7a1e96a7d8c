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

describe('checkDrift at its edges', () => {
  const five = [100, 100, 100, 100, 100];

  it('passes output exactly at the factor times the median, and fails one token past it', () => {
    expect(checkDrift({ output_tokens: 500, latency_ms: null }, { output_tokens: five })).toEqual({
      pass: true,
      reason: 'output tokens 500 within 5x rolling median 100',
    });
    expect(checkDrift({ output_tokens: 501, latency_ms: null }, { output_tokens: five }).pass).toBe(false);
  });

  it('judges from exactly min_history past results, and not from one fewer', () => {
    expect(checkDrift({ output_tokens: 10_000, latency_ms: null }, { output_tokens: five }).pass).toBe(false);
    expect(checkDrift({ output_tokens: 10_000, latency_ms: null }, { output_tokens: five.slice(1) })).toEqual({
      pass: true,
      reason: 'no baseline yet (4 of 5 past results)',
    });
    expect(checkDrift({ output_tokens: 10_000, latency_ms: null }, undefined)).toEqual({ pass: true, reason: 'no baseline yet (0 of 5 past results)' });
  });

  it('honours min_history and output_factor overrides', () => {
    expect(checkDrift({ output_tokens: 10_000, latency_ms: null }, { output_tokens: [100, 100] }, { min_history: 2 }).pass).toBe(false);
    expect(checkDrift({ output_tokens: 10_000, latency_ms: null }, { output_tokens: [100, 100] }, { min_history: 3 }).pass).toBe(true);
    expect(checkDrift({ output_tokens: 250, latency_ms: null }, { output_tokens: five }, { output_factor: 2 })).toEqual({
      pass: false,
      reason: 'expected output tokens <= 2x rolling median 100 (200), got 250',
    });
  });

  it('with min_history 0 and no history at all, passes with nothing to compare against (latency drift on)', () => {
    expect(checkDrift({ output_tokens: 10, latency_ms: 100 }, undefined, { min_history: 0, latency_factor: 2 })).toEqual({
      pass: true,
      reason: 'output tokens 10 within 5x rolling median NaN',
    });
  });

  it('skips output tokens when usage is unknown', () => {
    expect(checkDrift({ output_tokens: null, latency_ms: null }, { output_tokens: five })).toEqual({
      pass: true,
      reason: 'output tokens unknown within 5x rolling median 100',
    });
  });

  it('reports the median of the window only', () => {
    const history = [...five, 1000, 1000, 1000, 1000, 1000, 1000];
    expect(checkDrift({ output_tokens: 100, latency_ms: null }, { output_tokens: history }, { window: 5 }).reason).toBe(
      'output tokens 100 within 5x rolling median 100',
    );
  });

  it('judges latency at its edge, over its own window and history length', () => {
    const h = { output_tokens: five, latency_ms: [200, 200, 200, 200, 200, 9000] };
    expect(checkDrift({ output_tokens: 100, latency_ms: 600 }, h, { latency_factor: 3, window: 5 }).pass).toBe(true);
    expect(checkDrift({ output_tokens: 100, latency_ms: 601 }, h, { latency_factor: 3, window: 5 }).pass).toBe(false);
    expect(checkDrift({ output_tokens: 100, latency_ms: 10_000 }, { output_tokens: five, latency_ms: [200, 200, 200, 200] }, { latency_factor: 3 }).pass).toBe(true);
    expect(checkDrift({ output_tokens: 100, latency_ms: 10_000 }, { output_tokens: five }, { latency_factor: 3 }).pass).toBe(true);
    expect(checkDrift({ output_tokens: 100, latency_ms: null }, h, { latency_factor: 3 }).pass).toBe(true);
  });

  it('lists output and latency drift together', () => {
    const h = { output_tokens: five, latency_ms: five };
    expect(checkDrift({ output_tokens: 600, latency_ms: 600 }, h, { latency_factor: 2 }).reason).toBe(
      'expected output tokens <= 5x rolling median 100 (500), got 600; latency ms <= 2x rolling median 100 (200), got 600',
    );
  });
});

describe('median edges', () => {
  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });

  it('sorts numerically, not as text', () => {
    expect(median([10, 9, 100, 2])).toBe(9.5);
    expect(median([10, 9, 100])).toBe(10);
  });

  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});
