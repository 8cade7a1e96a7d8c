/**
 * Scenarios as code: `defineScenario({...})` in `scenarios/*.scenario.ts`. A scenario is a fault
 * plan, a workload (one probe, called N times at an interval on virtual time), settings for the
 * production parts (client, alerts, budgets), and expectations checked against what came out.
 */
import { z } from 'zod';
import { FaultPlanSchema } from '../../mocks/faults/plan.ts';
import { ProbeSchema } from '../probes/probe-schema.ts';
import { ERROR_KINDS, QUALITY_FLAGS } from '../shared/types.ts';

const Bounds = z.strictObject({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() });
export type Bounds = z.infer<typeof Bounds>;

/** What one call (a probe run) must look like. Every field optional. */
export const CallExpectationSchema = z.strictObject({
  outcome: z.enum(['pass', 'fail', 'error', 'skipped']).optional(),
  /** `null` = the call must not have failed. */
  error_kind: z.enum(ERROR_KINDS).nullable().optional(),
  /** Exact number of attempts (HTTP requests the client made for this call). */
  attempts: z.number().int().nonnegative().optional(),
  max_attempts: z.number().int().nonnegative().optional(),
  /** Flags the result must carry. */
  flags: z.array(z.enum(QUALITY_FLAGS)).optional(),
  /** The result must carry no flag at all. */
  no_flags: z.boolean().optional(),
  /** Where each wait between attempts came from, in order. */
  wait_sources: z.array(z.enum(['retry_after', 'backoff'])).optional(),
  latency_ms: Bounds.optional(),
});
export type CallExpectation = z.infer<typeof CallExpectationSchema>;

export const AlertExpectationSchema = z.strictObject({
  rule: z.string().min(1),
  /** Virtual ms after the scenario start by which it must have happened. */
  within_ms: z.number().positive().optional(),
  /** It must not have happened before this (e.g. a for-duration). */
  not_before_ms: z.number().nonnegative().optional(),
});

export const ExpectSchema = z.strictObject({
  /** Applies to every call. */
  every_call: CallExpectationSchema.optional(),
  /** Applies to the call with this 0-based index. */
  calls: z.array(CallExpectationSchema.extend({ index: z.number().int().nonnegative() })).optional(),
  /** How many calls end with each outcome (a number: exactly; or bounds). */
  outcomes: z.partialRecord(z.enum(['pass', 'fail', 'error', 'skipped']), z.union([z.number().int().nonnegative(), Bounds])).optional(),
  /** How many calls end with each error kind (a number: exactly; or bounds). */
  error_kinds: z.partialRecord(z.enum(ERROR_KINDS), z.union([z.number().int().nonnegative(), Bounds])).optional(),
  waits: z
    .strictObject({
      /** Every wait after an attempt that carried retry-after equals it. */
      retry_after_honoured: z.boolean().optional(),
      /** Every backoff wait lies in [0, min(max_delay, base x 2^n)] of the retry settings. */
      backoff_within_bounds: z.boolean().optional(),
      /** No single wait longer than this. */
      max_wait_ms: z.number().nonnegative().optional(),
      /** Sum of all waits. */
      total_ms: Bounds.optional(),
    })
    .optional(),
  /** How many results carry each flag. */
  flags: z.partialRecord(z.enum(QUALITY_FLAGS), Bounds).optional(),
  alerts: z
    .strictObject({
      fire: z.array(AlertExpectationSchema).optional(),
      resolve: z.array(AlertExpectationSchema).optional(),
      /** Rule ids that must never fire, or `any` for none at all. */
      not_fire: z.union([z.array(z.string().min(1)), z.literal('any')]).optional(),
    })
    .optional(),
  telemetry: z
    .strictObject({
      /** Attempt spans (children of the call spans) in total. */
      attempt_spans: z.number().int().nonnegative().optional(),
      /** `error.type` values that must appear on call spans. */
      call_error_types: z.array(z.string()).optional(),
      /** Metric names that must have recorded points. */
      metrics: z.array(z.string()).optional(),
    })
    .optional(),
  logs: z.strictObject({ retry_lines: Bounds.optional(), call_lines: Bounds.optional() }).optional(),
  /** Total spend of the workload in USD. */
  cost_usd: Bounds.optional(),
  /** Requests that reached the simulator (e.g. 0 when the context guard refuses before sending). */
  api_requests: Bounds.optional(),
  /** Virtual time the whole scenario took. */
  virtual_ms: Bounds.optional(),
});
export type Expect = z.infer<typeof ExpectSchema>;

/** The probe a scenario drives: any probe field, with scenario-friendly defaults. */
export const SCENARIO_PROBE_DEFAULTS = {
  model: 'claude-haiku-4-5',
  prompt: 'Summarise the health of the service in two sentences.',
  max_tokens: 300,
} as const;

export const ScenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be a slug' }),
  description: z.string().min(1),
  plan: FaultPlanSchema.default({ faults: [] }),
  workload: z
    .strictObject({
      /** Probe fields (id, description and schedule are filled in). */
      probe: z.record(z.string(), z.unknown()).default({}),
      /** Number of calls. Default 1. */
      calls: z.number().int().positive().max(10_000).default(1),
      /** Virtual ms between call starts. Default 60000. */
      interval_ms: z.number().nonnegative().default(60_000),
      /** Streams: hand each text delta to a consumer, as an app streaming to a user does. Default false. */
      deliver_text: z.boolean().default(false),
    })
    .default({ probe: {}, calls: 1, interval_ms: 60_000, deliver_text: false }),
  /** Client settings (see ClientOptions): retry, timeouts, circuit breaker, stream policy, context guard. */
  client: z
    .strictObject({
      retry: z
        .strictObject({
          maxRetries: z.number().int().nonnegative().optional(),
          baseDelayMs: z.number().nonnegative().optional(),
          maxDelayMs: z.number().nonnegative().optional(),
          maxRetryAfterMs: z.number().nonnegative().optional(),
        })
        .optional(),
      circuitBreaker: z.union([z.literal(false), z.strictObject({ failureThreshold: z.number().int().positive().optional(), openMs: z.number().positive().optional() })]).optional(),
      attemptTimeoutMs: z.number().positive().optional(),
      deadlineMs: z.number().positive().optional(),
      streamIdleTimeoutMs: z.number().positive().optional(),
      streamRetry: z.enum(['until_text', 'never']).optional(),
    })
    .default({}),
  /** Alert rule overrides by id (see src/alerts/config.ts). */
  alerts: z.array(z.record(z.string(), z.unknown())).default([]),
  budgets: z.strictObject({ daily_usd: z.number().nonnegative(), monthly_usd: z.number().nonnegative() }).optional(),
  /** Simulated latency; default the simulator's realistic model. */
  latency: z.strictObject({ ttft_ms: z.number().nonnegative(), per_token_ms: z.number().nonnegative(), jitter: z.number().min(0).max(1) }).partial().optional(),
  /** Virtual time after the last call starts, so alerts can resolve. Default 0. */
  settle_ms: z.number().nonnegative().default(0),
  /** Alert evaluation interval on virtual time. Default 15000. */
  tick_ms: z.number().positive().default(15_000),
  /** Seed for the simulator and backoff jitter. Default 1. */
  seed: z.number().int().default(1),
  expect: ExpectSchema,
});
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;

/** Identity helper for `scenarios/*.scenario.ts`; validation happens when the folder is loaded. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}

/** The scenario's probe, validated with the production probe schema. */
export function scenarioProbe(s: Scenario) {
  return ProbeSchema.safeParse({ ...SCENARIO_PROBE_DEFAULTS, id: s.id, description: s.description, schedule: '* * * * *', ...s.workload.probe });
}
