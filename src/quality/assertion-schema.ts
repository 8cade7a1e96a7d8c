/**
 * Assertions a probe declares in `expectations.assertions`: a zod discriminated union on `kind`.
 * Every assertion takes an optional `name` (default: derived from kind and value).
 */
import { z } from 'zod';
import { JsonSchemaSchema } from './json-schema.ts';

const name = z.string().min(1).optional();
const text = { name, value: z.string().min(1), ignore_case: z.boolean().optional() };
const limit = z.number().nonnegative();
const tokens = z.number().int().nonnegative();

/** Why `pattern` with `flags` does not compile (the engine's message), or null when it does. */
function regexError(a: { pattern: string; flags?: string | undefined }): string | null {
  try {
    new RegExp(a.pattern, a.flags);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const isZod = (v: unknown): v is z.ZodType => v instanceof z.ZodType;

export const AssertionSchema = z.discriminatedUnion('kind', [
  /** The text contains `value` (case-sensitive unless `ignore_case`, default false). */
  z.strictObject({ kind: z.literal('contains'), ...text }),
  /** The text does not contain `value`. */
  z.strictObject({ kind: z.literal('not_contains'), ...text }),
  /** The text matches `pattern` (JavaScript syntax) with `flags` (default none). */
  z
    .strictObject({ kind: z.literal('regex'), name, pattern: z.string().min(1), flags: z.string().regex(/^[dgimsuvy]*$/).optional() })
    .superRefine((a, ctx) => {
      const why = regexError(a);
      if (why !== null) ctx.addIssue({ code: 'custom', path: ['pattern'], message: `pattern is not a valid regular expression (${why})` });
    }),
  /**
   * The text parses as JSON and, when `schema` is given, matches it. `schema` is either a JSON
   * Schema subset (see json-schema.ts) or a zod schema. With `extract` (default true) a JSON
   * answer wrapped in a single ```json fence is unwrapped first.
   */
  z.strictObject({
    kind: z.literal('json'),
    name,
    schema: z.union([z.custom<z.ZodType>(isZod), JsonSchemaSchema]).optional(),
    extract: z.boolean().optional(),
  }),
  /** End-to-end latency at most `value` ms. */
  z.strictObject({ kind: z.literal('max_latency_ms'), name, value: limit }),
  /** Time to first token at most `value` ms (needs `stream: true`). */
  z.strictObject({ kind: z.literal('max_ttft_ms'), name, value: limit }),
  /** Cost at most `value` USD (an unpriced model fails this). */
  z.strictObject({ kind: z.literal('max_cost_usd'), name, value: limit }),
  /** At least `value` output tokens. */
  z.strictObject({ kind: z.literal('min_output_tokens'), name, value: tokens }),
  /** At most `value` output tokens. */
  z.strictObject({ kind: z.literal('max_output_tokens'), name, value: tokens }),
  /**
   * Prompt caching works: the run reads the cache, or (when no earlier run of this series in this
   * process used the cache within `within_ms`, default 5 minutes, the cache lifetime) writes it.
   * Fails when caching is not engaged at all, and when a run inside the lifetime of the cache an
   * earlier run wrote did not read it (say, a timestamp in the cached prefix). An earlier use
   * exactly `within_ms` before this run is inside the lifetime.
   */
  z.strictObject({ kind: z.literal('cache_read'), name, within_ms: z.number().int().positive().optional() }),
]);

/** Default `within_ms` of a `cache_read` assertion: the 5-minute cache lifetime. */
export const CACHE_READ_WITHIN_MS = 5 * 60_000;
export type Assertion = z.infer<typeof AssertionSchema>;
export type AssertionKind = Assertion['kind'];
