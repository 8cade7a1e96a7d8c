/**
 * `expectations.checks` at load time: each key takes true, false or an override object, and each
 * override is held to its documented range, with the edge value on both sides.
 */
import { describe, expect, it } from 'vitest';
import { QualityChecksSchema } from '../../src/quality/index.ts';

describe('QualityChecksSchema', () => {
  it.each<[string, unknown]>([
    ['nothing', {}],
    ['every check on', { too_short: true, refusal: true, repetition: true, truncated: true, empty: true, drift: true, context_high: true }],
    ['every check off', { too_short: false, refusal: false, repetition: false, truncated: false, empty: false, drift: false, context_high: false }],
    ['empty override objects', { too_short: {}, refusal: {}, repetition: {}, drift: {}, context_high: {} }],
    ['zero counts', { too_short: { min_output_tokens: 0 }, refusal: { window_chars: 0 }, repetition: { min_words: 0, min_loop_words: 0, min_compression_chars: 0 } }],
    ['a share of exactly 1', { repetition: { min_unique_ratio: 1 }, context_high: { max_context_utilisation: 1 } }],
    ['a small positive share', { repetition: { min_unique_ratio: 0.01 }, context_high: { max_context_utilisation: 0.01 } }],
    ['the smallest ratio window, loop repeats and compression chunk', { repetition: { ratio_window_words: 5, min_loop_repeats: 2, compression_chunk_chars: 200 } }],
    ['larger ratio window, loop repeats and compression chunk', { repetition: { ratio_window_words: 6, min_loop_repeats: 3, compression_chunk_chars: 201, max_period_words: 2 } }],
    ['a one-unit loop period and a fractional compression ratio', { repetition: { max_period_words: 1, max_compression_ratio: 0.5 } }],
    ['drift overrides', { drift: { output_factor: 1.5, window: 1, min_history: 1, latency_factor: 0 } }],
    ['a latency factor', { drift: { latency_factor: 2.5 } }],
  ])('accepts %s', (_, checks) => {
    expect(QualityChecksSchema.safeParse(checks).success).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['an unknown check', { sentiment: true }, ''],
    ['an unknown option', { too_short: { min_tokens: 5 } }, 'too_short'],
    ['options on truncated', { truncated: {} }, 'truncated'],
    ['options on empty', { empty: {} }, 'empty'],
    ['a negative min_output_tokens', { too_short: { min_output_tokens: -1 } }, 'too_short'],
    ['a fractional min_output_tokens', { too_short: { min_output_tokens: 1.5 } }, 'too_short'],
    ['a negative refusal window', { refusal: { window_chars: -1 } }, 'refusal'],
    ['a zero unique ratio', { repetition: { min_unique_ratio: 0 } }, 'repetition'],
    ['a unique ratio over 1', { repetition: { min_unique_ratio: 1.01 } }, 'repetition'],
    ['a ratio window under 5 words', { repetition: { ratio_window_words: 4 } }, 'repetition'],
    ['a fractional ratio window', { repetition: { ratio_window_words: 5.5 } }, 'repetition'],
    ['a zero loop period', { repetition: { max_period_words: 0 } }, 'repetition'],
    ['a loop repeated once', { repetition: { min_loop_repeats: 1 } }, 'repetition'],
    ['a zero compression ratio', { repetition: { max_compression_ratio: 0 } }, 'repetition'],
    ['a compression chunk under 200 characters', { repetition: { compression_chunk_chars: 199 } }, 'repetition'],
    ['a zero output factor', { drift: { output_factor: 0 } }, 'drift'],
    ['a zero drift window', { drift: { window: 0 } }, 'drift'],
    ['a zero min_history', { drift: { min_history: 0 } }, 'drift'],
    ['a negative latency factor', { drift: { latency_factor: -1 } }, 'drift'],
    ['a zero context share', { context_high: { max_context_utilisation: 0 } }, 'context_high'],
    ['a context share over 1', { context_high: { max_context_utilisation: 1.5 } }, 'context_high'],
    ['a string for a toggle', { too_short: 'yes' }, 'too_short'],
  ])('rejects %s', (_, checks, path) => {
    const r = QualityChecksSchema.safeParse(checks);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => String(i.path[0] ?? ''))).toContain(path);
  });
});
