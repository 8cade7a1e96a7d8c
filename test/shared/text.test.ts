import { describe, expect, it } from 'vitest';
import { formatUsd, roundUsd } from '../../src/shared/money.ts';
import { truncateWords } from '../../src/shared/text.ts';

describe('truncateWords', () => {
  it.each([
    ['short text', 20, 'short text'],
    ['expected text to contain "OK", got "Sorry"', 30, 'expected text to contain "OK",…'],
    ['the cut falls on a space', 7, 'the cut…'],
    ['the cut fal', 9, 'the cut…'],
    ['supercalifragilistic word', 5, 'supercalifragilistic…'],
    ['oneverylongtoken', 5, 'oneverylongtoken'],
  ])('%j at %i -> %j', (text, max, expected) => {
    expect(truncateWords(text, max)).toBe(expected);
  });
});

describe('money', () => {
  it.each([
    [0.000023999999999999997, 0.000024, '$0.000024'],
    [0.1 + 0.2, 0.3, '$0.3'],
    [197.51, 197.51, '$197.51'],
    [1234.5678, 1234.57, '$1,234.57'],
    [1e-7, 1e-7, '$0.0000001'],
    [0, 0, '$0'],
  ])('%f rounds to %f and reads %s', (v, rounded, text) => {
    expect(roundUsd(v)).toBe(rounded);
    expect(formatUsd(v)).toBe(text);
  });
});
