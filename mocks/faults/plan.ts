/**
 * The fault plan: a zod-validated object (or JSON file) listing fault rules. Each rule names a
 * fault kind, the parameters of that kind, and which requests it matches.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CanaryError, zodProblems } from '../../src/shared/errors.ts';
import { ReplyRuleSchema } from '../core/reply-rules.ts';

export const MatchSchema = z
  .strictObject({
    /** Only the first N requests that pass the other filters. */
    first: z.number().int().positive().optional(),
    /** Every Nth request that passes the other filters (the Nth, 2Nth, ...). */
    every: z.number().int().positive().optional(),
    /** Each request with this probability, from a seeded generator (plan `seed`). */
    probability: z.number().min(0).max(1).optional(),
    /** Only requests for this model id. */
    model: z.string().min(1).optional(),
    /** Only streaming (true) or non-streaming (false) requests. */
    stream: z.boolean().optional(),
    /** Which endpoint; default `messages`. */
    endpoint: z.enum(['messages', 'count_tokens', 'models', 'any']).optional(),
    /** Time window in ms since the simulator started (its clock), [from_ms, to_ms). */
    from_ms: z.number().nonnegative().optional(),
    to_ms: z.number().positive().optional(),
  })
  .refine((m) => m.from_ms === undefined || m.to_ms === undefined || m.from_ms < m.to_ms, {
    message: 'from_ms must be below to_ms',
    path: ['to_ms'],
  });
export type FaultMatch = z.infer<typeof MatchSchema>;

const common = {
  match: MatchSchema.optional(),
  /** Adds `x-should-retry: true|false` to the response (status faults). */
  x_should_retry: z.boolean().optional(),
};

export const FaultRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rate_limit'),
    ...common,
    /** `retry-after` in seconds (default 2). Set `null` to omit it. */
    retry_after: z.number().nonnegative().nullable().optional(),
    /** Also send `retry-after-ms` (the SDK prefers it). */
    retry_after_ms: z.number().nonnegative().optional(),
  }),
  z.strictObject({ kind: z.literal('spend_limit'), ...common }),
  z.strictObject({ kind: z.literal('overloaded'), ...common }),
  z.strictObject({ kind: z.literal('server_error'), ...common }),
  z.strictObject({ kind: z.literal('unavailable'), ...common }),
  z.strictObject({ kind: z.literal('gateway_timeout'), ...common }),
  z.strictObject({ kind: z.literal('auth'), ...common }),
  z.strictObject({
    kind: z.literal('context_overflow'),
    ...common,
    /** Token count to report (default: the model's window + 19,898). */
    tokens: z.number().int().positive().optional(),
  }),
  z.strictObject({ kind: z.literal('hang'), ...common }),
  z.strictObject({
    kind: z.literal('reset'),
    ...common,
    /** Wait this long before dropping the connection (default 0). */
    delay_ms: z.number().nonnegative().optional(),
  }),
  z.strictObject({ kind: z.literal('malformed_json'), ...common }),
  z.strictObject({
    kind: z.literal('slow_first_token'),
    ...common,
    /** Time to first token in ms (default 20,000). */
    delay_ms: z.number().nonnegative().optional(),
  }),
  z.strictObject({
    kind: z.literal('stream_error'),
    ...common,
    /** Text deltas sent before the `event: error` (default 2). */
    after_deltas: z.number().int().nonnegative().optional(),
    /** `error.type` inside the event (default overloaded_error). */
    error_type: z.enum(['overloaded_error', 'api_error']).optional(),
  }),
  z.strictObject({ kind: z.literal('stream_truncated'), ...common, after_deltas: z.number().int().nonnegative().optional() }),
  z.strictObject({ kind: z.literal('stream_stall'), ...common, after_deltas: z.number().int().nonnegative().optional() }),
  z.strictObject({
    kind: z.literal('stream_runaway'),
    ...common,
    /**
     * Also send a `message_delta` every N text deltas with the cumulative output count, which runs
     * past `max_tokens` like the text does (default: none, text only).
     */
    usage_every: z.number().int().positive().optional(),
  }),
  z.strictObject({ kind: z.literal('short'), ...common }),
  z.strictObject({
    kind: z.literal('refusal'),
    ...common,
    /** `stop_reason` (stop_reason: refusal) or `wording` (a refusal sentence, end_turn). Default stop_reason. */
    style: z.enum(['stop_reason', 'wording']).optional(),
  }),
  z.strictObject({ kind: z.literal('repetitive'), ...common }),
  z.strictObject({ kind: z.literal('verbose'), ...common }),
]);
export type FaultRule = z.infer<typeof FaultRuleSchema>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const PerMTok = z.number().nonnegative();

/** How the simulated bill departs from the catalogue, so that reconciliation has something to find. */
export const BillingSkewSchema = z.strictObject({
  /** From `from` (UTC day, inclusive) the bill prices `model` at these USD per million tokens; unset fields keep the catalogue's. */
  price_changes: z
    .array(
      z.strictObject({
        model: z.string().min(1),
        from: Day,
        input: PerMTok.optional(),
        output: PerMTok.optional(),
        cache_write_5m: PerMTok.optional(),
        cache_write_1h: PerMTok.optional(),
        cache_read: PerMTok.optional(),
      }),
    )
    .optional(),
  /** Charges that are not tokens (web search, code execution, ...), billed once on `date`. */
  extra_charges: z
    .array(
      z.strictObject({
        date: Day,
        amount_usd: z.number().positive(),
        cost_type: z.enum(['web_search', 'code_execution', 'session_usage']),
        description: z.string().min(1).optional(),
      }),
    )
    .optional(),
  /** Models whose usage and cost the reports leave out (as if not billed yet). */
  missing_models: z.array(z.string().min(1)).optional(),
});
export type BillingSkew = z.infer<typeof BillingSkewSchema>;

export const FaultPlanSchema = z.strictObject({
  /** Seed for probability matches (default 1). */
  seed: z.number().int().optional(),
  faults: z.array(FaultRuleSchema),
  /** Reply rules (mocks/core/reply-rules.ts): canned answers, first match wins. Default none. */
  replies: z.array(ReplyRuleSchema).optional(),
  /** Skews of the bill the admin usage and cost reports serve (mocks/core/billing.ts). Default none. */
  billing: BillingSkewSchema.optional(),
});
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

/** The empty plan: a healthy API. */
export const HEALTHY: FaultPlan = { faults: [] };

/** Validates a plan object; every problem is reported with its field path. */
export function parseFaultPlan(input: unknown, file?: string): FaultPlan {
  const r = FaultPlanSchema.safeParse(input);
  if (r.success) return r.data;
  // zod names the allowed kinds itself for an unknown `kind` ("Expected 'rate_limit' | ...").
  throw new CanaryError('invalid_plan', `invalid fault plan${file ? ` in ${file}` : ''}`, zodProblems(r.error.issues, file));
}

/** Reads and validates a plan JSON file. */
export function loadFaultPlan(file: string): FaultPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CanaryError('invalid_plan', `cannot read fault plan ${file}: ${(err as Error).message}`, [], { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CanaryError('invalid_plan', `fault plan ${file} is not valid JSON: ${(err as Error).message}`, [
      { file, message: (err as Error).message },
    ]);
  }
  return parseFaultPlan(data, file);
}
