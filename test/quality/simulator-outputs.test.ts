/**
 * The simulator's healthy text uses a small vocabulary, and its degraded outputs are what chaos
 * scenarios inject: the built-in checks must tell the two apart, at every length.
 */
import { describe, expect, it } from 'vitest';
import { loop, prose, REFUSAL_TEXT, SHORT_TEXT } from '../../mocks/core/text.ts';
import { evaluateQuality, type QualityInput } from '../../src/quality/index.ts';

const input = (text: string, extra: Partial<QualityInput> = {}): QualityInput => ({
  text,
  stop_reason: 'end_turn',
  output_tokens: Math.ceil(text.length / 4),
  latency_ms: 500,
  ttft_ms: null,
  cost_usd: 0.001,
  context_utilisation: 0.01,
  ...extra,
});

describe('quality checks on simulator output', () => {
  it.each([60, 200, 1000, 3000, 10_000])('raise no flag on healthy prose of %i tokens', (tokens) => {
    for (const seed of [1, 2, 3]) expect(evaluateQuality(input(prose(seed, tokens))).flags).toEqual([]);
  });

  it.each([
    ['a loop', loop(1, 300), {}, ['repetition']],
    ['a loop after healthy prose (runaway tail)', `${prose(1, 1500)} ${loop(3, 600)}`, {}, ['repetition']],
    ['refusal wording', REFUSAL_TEXT, {}, ['too_short', 'refusal']],
    ['a refusal stop reason with no text', '', { stop_reason: 'refusal' }, ['too_short', 'refusal', 'empty']],
    ['a short answer', SHORT_TEXT, {}, ['too_short']],
    ['a truncated answer', prose(4, 200), { stop_reason: 'max_tokens' }, ['truncated']],
  ])('flag %s', (_, text, extra, flags) => {
    expect(evaluateQuality(input(text, extra)).flags).toEqual(flags);
  });
});
