/**
 * Configuration of the built-in quality checks, as a probe's `expectations.checks` declares it.
 * Every key takes `true` (run with defaults, the default), `false` (never raise this flag), or
 * an object overriding some defaults.
 */
import { z } from 'zod';

const toggle = <T extends z.ZodRawShape>(shape: T) => z.union([z.boolean(), z.strictObject(shape)]).optional();
const positive = z.number().positive();
const share = z.number().gt(0).lte(1);
const count = z.number().int().nonnegative();

export const QualityChecksSchema = z.strictObject({
  /** Under `min_output_tokens` output tokens. Default on, 50 tokens. */
  too_short: toggle({ min_output_tokens: count.optional() }),
  /** Stop reason `refusal`, or refusal wording in the first `window_chars` (200). Default on. */
  refusal: toggle({ window_chars: count.optional() }),
  /** Unique-word ratio, loops, compression ratio; see REPETITION_DEFAULTS. Default on. */
  repetition: toggle({
    min_unique_ratio: share.optional(),
    ratio_window_words: z.number().int().min(5).optional(),
    min_words: count.optional(),
    max_period_words: z.number().int().positive().optional(),
    min_loop_repeats: z.number().int().min(2).optional(),
    min_loop_words: count.optional(),
    max_compression_ratio: positive.optional(),
    min_compression_chars: count.optional(),
    compression_chunk_chars: z.number().int().min(200).optional(),
  }),
  /** Stop reason `max_tokens` (or `model_context_window_exceeded`). Default on. */
  truncated: z.boolean().optional(),
  /** No text. Default on. */
  empty: z.boolean().optional(),
  /** Output tokens over `output_factor` (5) x the rolling median of the last `window` (20) runs. Default on. */
  drift: toggle({
    output_factor: positive.optional(),
    window: z.number().int().positive().optional(),
    min_history: z.number().int().positive().optional(),
    latency_factor: z.number().nonnegative().optional(),
  }),
  /** Request over `max_context_utilisation` (0.8) of the context window. Default on. */
  context_high: toggle({ max_context_utilisation: share.optional() }),
});
export type QualityChecks = z.infer<typeof QualityChecksSchema>;
