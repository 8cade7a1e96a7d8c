/**
 * Scenarios that drive the USER's code instead of our client: either a function run in this
 * process (`workload.run`), or the user's service started as a process (`target`) and called over
 * HTTP (`workload.request`). Expectations check what the user's code answered and, from the
 * simulator's journal, what reached the API ("upstream").
 *
 * Time: the simulator runs on a scaled clock (`time_scale`, default 0.01): simulated latency is
 * slept for `ms x scale` of wall time, and every 429/5xx that carries `retry-after` also carries
 * `retry-after-ms` = the hint x scale (the official SDK prefers `retry-after-ms`). The journal and
 * the verdict report times in simulated ms (wall ms / scale).
 */
import { z } from 'zod';
import { FaultPlanSchema } from '../../../mocks/faults/plan.ts';
import { SECRET_FIELD_NAMES } from '../../log/scrub.ts';

/** Request headers the journal never keeps: the scrubber's secret field names, and cookies. */
export const SECRET_HEADER_NAMES: readonly string[] = [...SECRET_FIELD_NAMES, 'cookie'];

/** Wall ms per simulated ms unless a scenario says otherwise. */
export const DEFAULT_TIME_SCALE = 0.01;
/**
 * Wall ms a retry may come late beyond its hint, by default: the user's code receiving the 429,
 * deciding and sending again costs real time that the scale magnifies (up to 120 ms was seen for
 * the first retry of a freshly started service on a 2-core machine at load average 8, and 107 ms
 * in the full suite with two test workers). Early is never allowed: a retry sooner than its hint fails whatever the slack.
 */
export const RETRY_LATENESS_WALL_MS = 400;

/** What `workload.run` is handed for each call. */
export interface UserCallContext {
  /** 0-based index of this call. */
  index: number;
  /** Aborted when the call runs past `workload.timeout_ms` (wall time). */
  signal: AbortSignal;
  /** Give these to your own SDK client: `new Anthropic({ ...ctx.anthropic, maxRetries: 0 })`. */
  anthropic: { baseURL: string; apiKey: string; fetch: typeof fetch };
  /** The run's time scale: multiply waits your code computes itself by it (1 in production). */
  timeScale: number;
  /** Sleeps `ms` of simulated time (`ms x timeScale` of wall time). */
  sleep(ms: number): Promise<void>;
}
export type UserRun = (ctx: UserCallContext) => unknown;

const Bounds = z.strictObject({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() });
const CountOrBounds = z.union([z.number().int().nonnegative(), Bounds]);

/** Rules over the requests one call sent to the API, in order, from the simulator's journal. */
export const UpstreamExpectSchema = z.strictObject({
  /** Requests that reached the API during the call (a number: exactly; or bounds). */
  requests: CountOrBounds.optional(),
  /** The `model` of each request, in order (e.g. Sonnet, then Haiku after a 529). */
  models: z.array(z.string().min(1)).optional(),
  /** Every request after a response with `retry-after` came that long after it (simulated ms). */
  retry_after_honoured: z.boolean().optional(),
  /** How late a retry may come after its retry-after, simulated ms. Default 25% of the hint, and at least 400 ms of wall time (/ time_scale): 40 s at the default scale. */
  retry_after_slack_ms: z.number().nonnegative().optional(),
  /** Every gap before a retry that had no retry-after lies in these bounds (simulated ms). */
  backoff_ms: Bounds.optional(),
  /** No request follows a response with one of these statuses (e.g. [400, 401]). */
  no_retry_on: z.array(z.number().int().min(100).max(599)).optional(),
  /** No request follows a stream that failed after sending text (the text would reach the user twice). */
  no_request_after_text: z.boolean().optional(),
  /** Fields every request body must have, by dotted path: `{ max_tokens: 512, 'metadata.user_id': 'u-1' }`. */
  body: z.record(z.string().min(1), z.unknown()).optional(),
  /** Headers every request must carry with these values (`null`: must not carry it); names in any case. The API key is never kept, so it cannot be checked. */
  headers: z
    .record(z.string().min(1), z.string().nullable())
    .refine((h) => !Object.keys(h).some((k) => SECRET_HEADER_NAMES.includes(k.toLowerCase())), { message: `credentials are never kept in the journal, so ${SECRET_HEADER_NAMES.join(', ')} cannot be checked` })
    .optional(),
});
export type UpstreamExpect = z.infer<typeof UpstreamExpectSchema>;

/** What one call of the user's code must answer. */
export const UserCallExpectSchema = z.strictObject({
  /** In-process: `run` resolved (true) or threw (false). Process: the HTTP status was below 400 (true) or not. */
  ok: z.boolean().optional(),
  /** Process: the exact HTTP status of the user's endpoint. */
  status: z.number().int().min(100).max(599).optional(),
  /** The body (process) or the returned value as JSON (in-process) contains this text. */
  body_contains: z.string().optional(),
  /** Fields of the JSON body or returned value, by dotted path, that must equal these values. */
  json: z.record(z.string().min(1), z.unknown()).optional(),
  /** In-process: the thrown error's message contains this text. */
  error_contains: z.string().optional(),
  /** The call's latency in simulated ms (wall ms / time_scale). */
  latency_ms: Bounds.optional(),
  upstream: UpstreamExpectSchema.optional(),
});
export type UserCallExpect = z.infer<typeof UserCallExpectSchema>;

/**
 * The service's own traces (process targets): during the scenario it gets
 * `OTEL_EXPORTER_OTLP_ENDPOINT` pointing at a receiver on 127.0.0.1 (OTLP/HTTP, JSON or protobuf).
 */
export const TelemetryExpectSchema = z.strictObject({
  /** Name of the spans that stand for one call to the API. Default the official SDK's `anthropic.messages.create`. */
  span_name: z.string().min(1).default('anthropic.messages.create'),
  /** Each request that reached the API has its own span, with the request's model in `gen_ai.request.model`. */
  span_per_request: z.boolean().optional(),
  /** A span that names a response (`gen_ai.response.id`) carries the tokens the simulator billed for it (`gen_ai.usage.*`). */
  tokens_match: z.boolean().optional(),
  /** Each request answered with an error has a span with status ERROR and an `error.type`. */
  errors_as_status: z.boolean().optional(),
});

export const UserExpectSchema = z.strictObject({
  every_call: UserCallExpectSchema.optional(),
  calls: z.array(UserCallExpectSchema.extend({ index: z.number().int().nonnegative() })).optional(),
  /** Requests that reached the API over the whole scenario. */
  api_requests: CountOrBounds.optional(),
  /** Process targets only. */
  telemetry: TelemetryExpectSchema.optional(),
});

const RunSchema = z.custom<UserRun>((v) => typeof v === 'function', { message: 'must be a function (ctx) => result' });

const InProcessWorkload = z.strictObject({
  /** Your code: called once per call; what it returns or throws is the call's outcome. */
  run: RunSchema,
  calls: z.number().int().positive().max(1_000).default(1),
  /** Wall ms after which a call's signal aborts and the call counts as failed. Default 30000. */
  timeout_ms: z.number().positive().default(30_000),
});

const HttpWorkload = z.strictObject({
  /** The request sent to the user's service for each call. */
  request: z.strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
    /** Path on the target, e.g. `/ask`. */
    path: z.string().startsWith('/'),
    /** Sent as a JSON body. */
    json: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  calls: z.number().int().positive().max(1_000).default(1),
  timeout_ms: z.number().positive().default(30_000),
});

/** The user's service: a command we start (with `ANTHROPIC_BASE_URL` set) or a URL already running. */
export const TargetSchema = z
  .strictObject({
    /** argv (no shell), or one string run by `/bin/sh -c`. Started in its own process group. */
    command: z.union([z.array(z.string().min(1)).min(1), z.string().min(1)]).optional(),
    /** A service already running (then the simulator listens on `sim_port`, which it must use). */
    url: z.url().optional(),
    cwd: z.string().optional(),
    /** Extra environment for the command (beside ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY, CLAUDE_CANARY_TIME_SCALE, PORT). */
    env: z.record(z.string(), z.string()).default({}),
    /** Name of the variable that tells the command which port to listen on (127.0.0.1). Default PORT. */
    port_env: z.string().min(1).default('PORT'),
    /** Readiness: this path is polled with GET until it answers 2xx. */
    ready: z.strictObject({ path: z.string().startsWith('/').default('/'), timeout_ms: z.number().positive().default(20_000) }).default({ path: '/', timeout_ms: 20_000 }),
    /** Port of the HTTP simulator; 0 = any free port (only for `command`). Default 0. */
    sim_port: z.number().int().min(0).max(65_535).default(0),
    /** Wall ms between SIGTERM and SIGKILL of the process group. Default 3000. */
    stop_timeout_ms: z.number().positive().default(3_000),
  })
  .refine((t) => (t.command === undefined) !== (t.url === undefined), { message: 'give exactly one of command or url' })
  .refine((t) => t.url === undefined || t.sim_port > 0, { message: 'a url target needs a fixed sim_port to point its ANTHROPIC_BASE_URL at', path: ['sim_port'] });
export type Target = z.output<typeof TargetSchema>;

const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { message: 'must be a slug' }),
  description: z.string().min(1),
  plan: FaultPlanSchema.default({ faults: [] }),
  /** Wall ms per simulated ms (0 < scale <= 1). Default 0.01: a 30 s retry-after costs 300 ms of wall time. */
  time_scale: z.number().positive().max(1).default(DEFAULT_TIME_SCALE),
  latency: z.strictObject({ ttft_ms: z.number().nonnegative(), per_token_ms: z.number().nonnegative(), jitter: z.number().min(0).max(1) }).partial().optional(),
  seed: z.number().int().default(1),
  expect: UserExpectSchema,
};

export const InProcessScenarioSchema = z
  .strictObject({ ...common, workload: InProcessWorkload })
  .refine((s) => s.expect.telemetry === undefined, { message: 'telemetry expectations need a process target (the service exports its spans over OTLP)', path: ['expect', 'telemetry'] });
export const ProcessScenarioSchema = z.strictObject({ ...common, target: TargetSchema, workload: HttpWorkload });
export type InProcessScenario = z.output<typeof InProcessScenarioSchema>;
export type ProcessScenario = z.output<typeof ProcessScenarioSchema>;
export type UserScenario = InProcessScenario | ProcessScenario;
export type UserScenarioInput = z.input<typeof InProcessScenarioSchema> | z.input<typeof ProcessScenarioSchema>;

/** A scenario object drives user code when it has a `target` or a `workload.run`. */
export function isUserScenarioInput(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { target?: unknown; workload?: { run?: unknown; request?: unknown } };
  return o.target !== undefined || (typeof o.workload === 'object' && o.workload !== null && (o.workload.run !== undefined || o.workload.request !== undefined));
}

export function isProcessScenario(s: UserScenario): s is ProcessScenario {
  return 'target' in s;
}

/** The schema for a user-code scenario object: process when it has a `target`, else in-process. */
export function userScenarioSchemaFor(v: unknown): typeof InProcessScenarioSchema | typeof ProcessScenarioSchema {
  return typeof v === 'object' && v !== null && 'target' in v ? ProcessScenarioSchema : InProcessScenarioSchema;
}
