/**
 * `createClient()`: the instrumented Claude client over the official SDK.
 *
 * - SDK retries are off (`maxRetries: 0`) and ours are on; the SDK's own OpenTelemetry
 *   instrumentation is off (`openTelemetry: false`) so each call has exactly one GenAI span,
 *   ours, and no double-counted tokens.
 * - The SDK's log output goes to our logger, never the console.
 */
import Anthropic from '@anthropic-ai/sdk';
import { trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { defaultCatalog } from '../shared/catalog.ts';
import { systemClock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { registerSecret, SECRET_FIELD_NAMES } from '../log/scrub.ts';
import { serverFromBaseURL } from '../telemetry/genai-attributes.ts';
import { createInstruments, INSTRUMENTATION_SCOPE } from '../telemetry/instruments.ts';
import { executeCall } from './call.ts';
import { InstrumentedSdk } from './sdk.ts';
import { installEarlyCloseGuard } from './early-close.ts';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.ts';
import { CONTEXT_HIGH_RATIO } from './context-guard.ts';
import { ClaudeCallError } from './errors.ts';
import { CallObserver } from './observer.ts';
import { decideRetry, DEFAULT_RETRY } from './retry-policy.ts';
import type { CallOptions, CallParams, CallResult, ClientOptions, TryCallResult } from './types.ts';

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 120_000;
export const DEFAULT_DEADLINE_MS = 300_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

export interface ClaudeClient {
  /**
   * Sends one Messages request (streaming when `params.stream` is true) with retries, timeouts,
   * telemetry and logs. Resolves with the message and its record; rejects with
   * {@link ClaudeCallError} (kind + record) on failure, or with the signal's reason on abort.
   */
  call(params: CallParams, options?: CallOptions): Promise<CallResult>;
  /** Same as `call`, but failures are data: `{ ok: false, error, record }`. */
  tryCall(params: CallParams, options?: CallOptions): Promise<TryCallResult>;
  /** Circuit state for a model. */
  circuitState(model: string): CircuitState;
  /** The underlying SDK client (retries and OTel off). */
  readonly sdk: Anthropic;
}

function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'anthropic-sdk' });
  const emit = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, ...rest: unknown[]) => {
    try {
      child[level]({ args: rest }, message);
    } catch {
      /* logging fails open */
    }
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/**
 * The base URL without `user:password@`, each part registered as a secret: fetch refuses a URL
 * with credentials, and its error message would quote them.
 */
function withoutCredentials(baseURL: string): string {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return baseURL; // the SDK reports a bad URL itself
  }
  if (!url.username && !url.password) return baseURL;
  registerSecret(decodeURIComponent(url.password));
  registerSecret(decodeURIComponent(url.username));
  url.username = '';
  url.password = '';
  return url.href.replace(/\/$/, '');
}

/**
 * @example
 * const client = createClient({ apiKey: process.env.ANTHROPIC_API_KEY, logger: createLogger({ destination: process.stdout }) });
 * const { message, record } = await client.call({ model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'ping' }] });
 */
export function createClient(options: ClientOptions = {}): ClaudeClient {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const baseURL = withoutCredentials(options.baseURL ?? process.env['ANTHROPIC_BASE_URL'] ?? DEFAULT_BASE_URL);
  installEarlyCloseGuard();
  // The key this client sends (the SDK falls back to the environment) and any credential header
  // become secrets for every scrubber in the process: a server that echoes them, plain or
  // encoded, cannot put them in a log, span, stored result or report.
  registerSecret(options.apiKey ?? process.env['ANTHROPIC_API_KEY']);
  for (const [k, v] of Object.entries(options.defaultHeaders ?? {})) {
    if (SECRET_FIELD_NAMES.has(k.toLowerCase()) && typeof v === 'string') registerSecret(v.replace(/^(Bearer|Basic)\s+/i, ''));
  }
  const sdk = new InstrumentedSdk({
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    baseURL,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.defaultHeaders && { defaultHeaders: options.defaultHeaders }),
    maxRetries: 0,
    timeout: attemptTimeoutMs + 1000,
    openTelemetry: false,
    logger: sdkLogger(logger),
    logLevel: 'warn',
  });
  if (options.maxResponseBytes !== undefined) sdk.maxResponseBytes = options.maxResponseBytes;
  const captureContent = options.captureContent ?? false;
  const tracerProvider = options.tracerProvider ?? trace.getTracerProvider();
  const observer = new CallObserver({
    tracer: tracerProvider.getTracer(INSTRUMENTATION_SCOPE),
    tracerProvider,
    instruments: createInstruments(options.meterProvider),
    logger,
    logging: options.logger !== undefined,
    server: serverFromBaseURL(baseURL),
    captureContent,
    attemptSpans: options.attemptSpans ?? 'when_retried',
    captureToolDefinitions: options.captureToolDefinitions ?? false,
    ...(options.inferenceEvents && { events: (options.loggerProvider ?? logs.getLoggerProvider()).getLogger(INSTRUMENTATION_SCOPE) }),
  });
  const breaker = options.circuitBreaker === false ? null : new CircuitBreaker(clock, options.circuitBreaker ?? {});
  const deps = {
    sdk,
    clock,
    random: options.random ?? Math.random,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    decide: options.retryPolicy ?? decideRetry,
    betas: Object.entries(options.defaultHeaders ?? {}).find(([k]) => k.toLowerCase() === 'anthropic-beta')?.[1],
    breaker,
    attemptTimeoutMs,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    idleTimeoutMs: options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    streamRetry: options.streamRetry ?? 'until_text',
    contextGuard: { mode: 'estimate' as const, refuseOverflow: true, highRatio: CONTEXT_HIGH_RATIO, ...options.contextGuard },
    catalog: options.catalog ?? defaultCatalog,
    windows: new Map<string, number | null>(),
    priceOverrides: options.priceOverrides,
    observer,
    captureContent,
    chunkTiming: options.chunkTiming ?? false,
  };
  return {
    sdk,
    call: (params, callOptions) => executeCall(deps, params, callOptions),
    async tryCall(params, callOptions) {
      try {
        return { ok: true, ...(await executeCall(deps, params, callOptions)) };
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        return { ok: false, error: err, record: error instanceof ClaudeCallError ? error.record : null };
      }
    },
    circuitState: (model) => breaker?.state(model) ?? 'closed',
  };
}
