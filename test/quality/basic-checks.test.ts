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

describe('basic checks at their edges', () => {
  it.each([
    ['abcd', 1],
    ['abcde', 2],
    ['', 0],
  ])('estimates %j as %i tokens (rounded up) when usage is missing', (text, n) => {
    expect(checkTooShort({ text, output_tokens: null }, 2)).toEqual({
      pass: n >= 2,
      reason: `expected at least 2 output tokens, got ${n} (estimated from text length)`,
    });
  });

  it('trusts reported usage over the text length', () => {
    expect(checkTooShort({ text: 'a'.repeat(400), output_tokens: 3 })).toEqual({ pass: false, reason: 'expected at least 50 output tokens, got 3' });
  });

  it('quotes the stop reason, or none', () => {
    expect(checkTruncated({ stop_reason: 'max_tokens' })).toEqual({ pass: false, reason: 'expected a natural stop, got stop_reason "max_tokens"' });
    expect(checkTruncated({ stop_reason: 'end_turn' })).toEqual({ pass: true, reason: 'expected a natural stop, got stop_reason "end_turn"' });
    expect(checkTruncated({ stop_reason: null })).toEqual({ pass: true, reason: 'expected a natural stop, got stop_reason none' });
    expect(checkTruncated({ stop_reason: '' })).toEqual({ pass: true, reason: 'expected a natural stop, got stop_reason ""' });
  });

  it('counts non-whitespace characters for empty', () => {
    expect(checkEmpty({ text: ' \n' })).toEqual({ pass: false, reason: 'expected non-empty text, got 0 non-whitespace characters' });
    expect(checkEmpty({ text: ' ab ' })).toEqual({ pass: true, reason: 'expected non-empty text, got 2 non-whitespace characters' });
  });

  it('shows context shares to one decimal', () => {
    expect(checkContextHigh({ context_utilisation: 0.80051 })).toEqual({ pass: false, reason: 'expected context utilisation <= 80.0%, got 80.1%' });
    expect(checkContextHigh({ context_utilisation: 1 }, 1)).toEqual({ pass: true, reason: 'expected context utilisation <= 100.0%, got 100.0%' });
  });
});
