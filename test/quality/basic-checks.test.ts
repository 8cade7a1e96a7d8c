import { describe, expect, it } from 'vitest';
import { checkContextHigh, checkEmpty, checkTooShort, checkTruncated } from '../../src/quality/index.ts';

describe('checkTooShort', () => {
  it.each([
    [49, undefined, false, 'expected at least 50 output tokens, got 49'],
    [50, undefined, true, 'expected at least 50 output tokens, got 50'],
    [3, 1, true, 'expected at least 1 output tokens, got 3'],
    [0, 1, false, 'expected at least 1 output tokens, got 0'],
  ])('%i output tokens with minimum %s -> pass %s', (n, min, pass, reason) => {
    expect(checkTooShort({ text: 'x', output_tokens: n }, min)).toEqual({ pass, reason });
  });

  it('estimates from the text when usage is missing, and says so', () => {
    expect(checkTooShort({ text: 'a'.repeat(400), output_tokens: null })).toEqual({
      pass: true,
      reason: 'expected at least 50 output tokens, got 100 (estimated from text length)',
    });
  });
});

describe('checkTruncated', () => {
  it.each([
    ['max_tokens', false],
    ['model_context_window_exceeded', false],
    ['end_turn', true],
    ['stop_sequence', true],
    ['tool_use', true],
    [null, true],
  ])('stop_reason %s -> pass %s', (stop_reason, pass) => {
    const r = checkTruncated({ stop_reason });
    expect(r.pass).toBe(pass);
    expect(r.reason).toContain(stop_reason ?? 'none');
  });
});

describe('checkEmpty', () => {
  it.each([
    ['', false],
    ['   \n\t ', false],
    ['.', true],
    ['OK', true],
  ])('text %j -> pass %s', (text, pass) => {
    expect(checkEmpty({ text }).pass).toBe(pass);
  });
});

describe('checkContextHigh', () => {
  it.each([
    [0.81, undefined, false, 'expected context utilisation <= 80.0%, got 81.0%'],
    [0.8, undefined, true, 'expected context utilisation <= 80.0%, got 80.0%'],
    [0.5, 0.4, false, 'expected context utilisation <= 40.0%, got 50.0%'],
    [null, undefined, true, 'context utilisation unknown'],
  ])('utilisation %s with limit %s -> pass %s', (u, limit, pass, reason) => {
    expect(checkContextHigh({ context_utilisation: u }, limit)).toEqual({ pass, reason });
  });
});
