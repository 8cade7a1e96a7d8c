import type Anthropic from '@anthropic-ai/sdk';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api-logs';
import type { Catalog } from '../shared/catalog.ts';
import type { Clock } from '../shared/clock.ts';
import type { Cost, ErrorKind, Usage } from '../shared/types.ts';
import type { Logger } from '../log/logger.ts';
import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.ts';
import type { ContextCheck, ContextGuardOptions } from './context-guard.ts';
import type { PriceOverride } from './cost.ts';
import type { RateLimitHeadroom } from './rate-limit.ts';
import type { RetryOptions, RetryPolicy, StopReason } from './retry-policy.ts';

export type Message = Anthropic.Messages.Message;
/** Messages params; `stream: true` makes the client stream (and deliver text through `onText`). */
export type CallParams = Omit<Anthropic.Messages.MessageCreateParamsNonStreaming, 'stream'> & { stream?: boolean };

export interface ClientOptions {
  /** API key. Default: the SDK reads `ANTHROPIC_API_KEY`. Never logged. */
  apiKey?: string;
  /** Default `https://api.anthropic.com` (or `ANTHROPIC_BASE_URL`, read by the SDK). */
  baseURL?: string;
  /** fetch handed to the SDK (e.g. the simulator's `sim.fetch`). Default: global fetch. */
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. `anthropic-beta`). */
  defaultHeaders?: Record<string, string>;
  /** Time source for every wait and timer. Default `systemClock`. */
  clock?: Clock;
  /** Randomness for backoff jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
  retry?: RetryOptions;
  /** The retry decision. Default `decideRetry`; a wrapper around it can change one rule (tests, chaos mutants). */
  retryPolicy?: RetryPolicy;
  /** Circuit breaker per model; `false` disables it. Default `{ failureThreshold: 5, openMs: 30000 }`. */
  circuitBreaker?: CircuitBreakerOptions | false;
  /** Bound on one attempt (headers and whole body or stream), ms. Default 120000. */
  attemptTimeoutMs?: number;
  /** Bound on the whole call including retries and waits, ms. Default 300000. */
  deadlineMs?: number;
  /** A stream with no event for this long is a stall (`stream_interrupted`), ms. Default 30000. */
  streamIdleTimeoutMs?: number;
  /**
   * Response size cap in bytes: a larger body fails the attempt as `response_too_large` (not
   * retried) without being held in memory. Default 33554432 (32 MiB; see response-cap.ts).
   */
  maxResponseBytes?: number;
  /**
   * Mid-stream failures: `until_text` (default) retries the whole call only while no text has
   * reached `onText`; `never` never retries a stream that got its HTTP 200. Text is never
   * delivered twice.
   */
  streamRetry?: 'until_text' | 'never';
  contextGuard?: ContextGuardOptions;
  /** Model catalogue for prices and context windows. Default: `src/shared/models.json`. */
  catalog?: Catalog;
  /** Per-model price overrides (USD per MTok), keyed by model id or alias. */
  priceOverrides?: Readonly<Record<string, PriceOverride>>;
  /** Default: the global OTel providers (no-op until telemetry is set up). */
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  /** Default: a logger that drops everything. */
  logger?: Logger;
  /**
   * Opt-in content capture: prompt and output text in the JSON logs, and on the call span (and
   * the details event) `gen_ai.input.messages`, `gen_ai.system_instructions` and
   * `gen_ai.output.messages` in the GenAI conventions' `parts` format, scrubbed of secrets.
   * Default false: sha256 hashes only.
   */
  captureContent?: boolean;
  /**
   * Attempt spans (INTERNAL children of the call span, made from the record's timestamps when
   * the call ends). `when_retried` (default): only for a call of more than one attempt; a call's
   * only attempt has its details (HTTP status, provider error type, retry-after) on the call
   * span. `always`: one per attempt, even a call's only one.
   */
  attemptSpans?: 'when_retried' | 'always';
  /** Opt-in: the request's tools as `gen_ai.tool.definitions` on the call span (and event). Default false. */
  captureToolDefinitions?: boolean;
  /**
   * Opt-in: one `gen_ai.client.inference.operation.details` event (an OTel log record) per call,
   * with the span's attributes (content only with `captureContent`). Default false.
   */
  inferenceEvents?: boolean;
  /** Where the details event goes. Default: the global OTel logger provider. */
  loggerProvider?: LoggerProvider;
  /**
   * Opt-in: `gen_ai.client.operation.time_per_output_chunk`, one histogram value per streamed
   * chunk after the first (a record per chunk costs about a microsecond each). Default false.
   */
  chunkTiming?: boolean;
}

export interface CallOptions {
  /** Cancels the call; an abort is not an error (it rethrows the signal's reason). */
  signal?: AbortSignal;
  /** Bound on this call, retries and waits included, ms; overrides the client's `deadlineMs` (e.g. a probe's own timeout). */
  deadlineMs?: number;
  /** Streams only: receives each text delta as it arrives. */
  onText?: (delta: string) => void;
  /**
   * Asked before each retry (attempt 2, 3, ...) once the retry policy has chosen to retry, before
   * the wait: return null to go ahead, or a reason not to. A refused retry ends the call with the
   * last attempt's error kind (what failed is still what failed), its attempt's `stop_reason`
   * `budget` and the reason appended to the message. The probe runner reserves each attempt's
   * worst-case cost here, so every attempt counts against the spend cap.
   */
  beforeRetry?: (attempt: number) => string | null;
  /** Extra low-cardinality span attributes (e.g. `claude_canary.probe.id`). */
  attributes?: Record<string, string | number | boolean>;
  /** `gen_ai.conversation.id` on the call span (and event): the caller's id of the conversation this call belongs to. */
  conversationId?: string;
}

export interface AttemptRecord {
  /** 1-based. */
  n: number;
  started_at: number;
  duration_ms: number;
  /** HTTP status, null when no response arrived (reset, timeout) or for a mid-stream error (200 then failure: 200). */
  status: number | null;
  error_kind: ErrorKind | null;
  /** Provider `error.type`, e.g. `overloaded_error`. */
  error_type: string | null;
  error_message: string | null;
  request_id: string | null;
  /** Server hint seen on this attempt (`retry-after-ms` / `retry-after`), ms. */
  retry_after_ms: number | null;
  /** Wait chosen before the next attempt, ms; null when there was no next attempt. */
  wait_ms: number | null;
  wait_source: 'retry_after' | 'backoff' | null;
  /** Why this failure was not retried; null on success or when retried. */
  stop_reason: StopReason | null;
  /** Streams: ms from attempt start to the first content delta. */
  ttft_ms: number | null;
  /** Streams: text reached the caller during this attempt. */
  text_delivered: boolean;
}

export interface CallRecord {
  call_id: string;
  model: string;
  response_model: string | null;
  stream: boolean;
  started_at: number;
  finished_at: number;
  latency_ms: number;
  /** Streams: ms from call start to the first content delta of the attempt that succeeded. */
  ttft_ms: number | null;
  outcome: 'ok' | 'error' | 'aborted';
  error_kind: ErrorKind | null;
  error_message: string | null;
  attempts: AttemptRecord[];
  /** Request id of the last attempt that got one. */
  request_id: string | null;
  response_id: string | null;
  stop_reason: string | null;
  usage: Usage | null;
  cost: Cost | null;
  cost_usd: number | null;
  /** The model has no known price: cost is null, never $0. */
  unpriced: boolean;
  long_context_pricing: boolean;
  rate_limit: RateLimitHeadroom | null;
  context: ContextCheck | null;
  /** Circuit state for this model when the call started. */
  circuit: CircuitState;
  /**
   * The open circuit breaker refused an attempt of this call (it failed fast). `error_kind` is
   * then the fault that opened the breaker (or the call's own last failure when it had one), so
   * rate limits and overload stay visible as themselves while the breaker is open.
   */
  circuit_open: boolean;
  prompt_sha256: string;
  output_sha256: string | null;
  /**
   * Attempts that broke mid-stream after message_start: they were billed, so their input and the
   * output produced so far are included in `usage` and `cost` (also on a failed call).
   */
  partial_attempts_billed: number;
}

export interface CallResult {
  message: Message;
  record: CallRecord;
  /** Concatenated text blocks. */
  text: string;
}

export type TryCallResult = ({ ok: true } & CallResult) | { ok: false; error: Error; record: CallRecord | null };
