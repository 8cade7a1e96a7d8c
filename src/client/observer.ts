/**
 * Spans, metrics and log lines for one call. Everything here fails open: an exporter, hook or
 * destination that throws is swallowed (and reported once through the logger when that works),
 * and the observed call goes on unchanged.
 */
import { context, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { Logger as EventLogger } from '@opentelemetry/api-logs';
import type { Logger } from '../log/logger.ts';
import { scrubString } from '../log/scrub.ts';
import { baseAttributes, callErrorAttributes, requestAttributes, responseAttributes, usageAttributes, type Server } from '../telemetry/genai-attributes.ts';
import { INSTRUMENTATION_SCOPE, primeCounters, type ClientInstruments } from '../telemetry/instruments.ts';
import { ATTR, CC_ATTR } from '../telemetry/semconv.ts';
import { contentAttributes, countTokensSpan, emitInferenceDetails, outputContentAttributes, type CountTokensTrace } from './observer-content.ts';
import { logCall, logRetry, safe } from './observer-logs.ts';
import { parseRateLimit } from './rate-limit.ts';
import { RETRYABLE_KINDS } from './retry-policy.ts';
import { ATTEMPT_ERROR_KINDS } from './taxonomy.ts';
import type { AttemptRecord, CallParams, CallRecord } from './types.ts';
import { totalInputTokens } from './usage.ts';

export interface ObserverDeps {
  tracer: Tracer;
  /** The provider `tracer` came from: under the API's global proxy with nothing registered, no span is started at all. */
  tracerProvider?: TracerProvider;
  instruments: ClientInstruments;
  logger: Logger;
  /**
   * False when `logger` is the silent one the client made for itself (no logger given): nothing
   * outside can turn it on, so the quiet path does not even ask it for its level.
   */
  logging?: boolean;
  server: Server;
  captureContent: boolean;
  /** Opt-in: `gen_ai.tool.definitions` on the call span (and event). */
  captureToolDefinitions?: boolean;
  /** Opt-in: the `gen_ai.client.inference.operation.details` event goes to this logger. */
  events?: EventLogger;
}

/** What the attempt loop knows at the end of a call besides its record. */
export interface EndDetails {
  /** The final message (content blocks, usage details) of a successful call. */
  message?: { role?: string; content: ReadonlyArray<unknown>; stop_reason?: string | null; usage?: unknown };
  /** Seconds between consecutive output chunks of the stream that succeeded (when chunk timing is on). */
  chunkGaps?: readonly number[] | null;
}

const noop = () => undefined;
/** The quiet scope of a client that neither logs, traces nor measures. */
const SILENT: Scope = { context: noop, countTokens: noop, startAttempt: noop, endAttempt: noop, end: noop };

/**
 * Base attributes per model for one server, built once (they are the same for every call). The
 * first time a model is seen its counters are made to exist at 0 (see primeCounters).
 */
function baseAttributesFor(cache: Map<string, Attributes>, model: string, server: Server, instruments: ClientInstruments): Attributes {
  let a = cache.get(model);
  if (!a) {
    if (cache.size > 1000) cache.clear();
    cache.set(model, (a = Object.freeze(baseAttributes(model, server)) as Attributes));
    if (instruments.enabled) primeCounters(instruments, a, { errorKinds: ATTEMPT_ERROR_KINDS, retryKinds: [...RETRYABLE_KINDS] });
  }
  return a;
}

/** What one call reports to: spans and metrics when live, log lines always (by level). */
export interface Scope {
  /** The call span's context while it records (the active context of the request, and the `traceparent` parent); undefined otherwise. */
  context(): Context | undefined;
  /** Traces a count_tokens request the context guard made (a child span, made after the fact). */
  countTokens(c: CountTokensTrace): void;
  startAttempt(a: AttemptRecord): Span | undefined;
  endAttempt(s: Span | undefined, a: AttemptRecord, headers: Headers | null, record: CallRecord): void;
  end(r: CallRecord, outputText: string | null, promptText: string | null, details?: EndDetails): void;
}

export class CallObserver {
  /** @internal Base metric/span attributes per model. */
  readonly baseAttrs = new Map<string, Attributes>();
  private readonly proxy: ProxyTracerProvider | undefined;
  private tracing: boolean;

  /** Shared by every call while there is nothing to trace or measure: it only logs, if that. */
  private readonly quiet: Scope;

  constructor(private readonly deps: ObserverDeps) {
    this.proxy = deps.tracerProvider instanceof ProxyTracerProvider ? deps.tracerProvider : undefined;
    this.tracing = !this.proxy;
    this.quiet =
      deps.logging === false
        ? SILENT
        : {
            context: noop,
            countTokens: noop,
            startAttempt: noop,
            endAttempt: (_s, a, _headers, record) => {
              if (a.error_kind && a.wait_ms !== null) logRetry(deps.logger, record, a);
            },
            end: (r, outputText, promptText) => logCall(deps, r, outputText, promptText),
          };
  }

  /**
   * False while the tracer is the global proxy with no provider registered (its spans would be
   * non-recording no-ops); true for good once one is registered or for any other provider.
   */
  tracingLive(): boolean {
    if (this.tracing) return true;
    return (this.tracing = this.proxy!.getDelegateTracer(INSTRUMENTATION_SCOPE) !== undefined);
  }

  start(params: CallParams, record: CallRecord, extra?: Attributes): Scope {
    if (!this.deps.instruments.enabled && !this.deps.events && !this.tracingLive()) return this.quiet;
    return new CallScope(this.deps, params, record, extra, this);
  }
}

export class CallScope implements Scope {
  private span: Span | undefined;
  private ctx: Context | undefined;
  /** False under the API's no-op tracer: span attributes are not even built. */
  private recording = false;
  private readonly metricAttrs: Attributes;
  /** Request attributes (and opt-in content), kept for the details event; null when no event is asked for. */
  private requestAttrs: Attributes | null = null;

  constructor(
    private readonly deps: ObserverDeps,
    private readonly params: CallParams,
    record: CallRecord,
    extra: Attributes | undefined,
    observer: CallObserver,
  ) {
    this.metricAttrs = baseAttributesFor(observer.baseAttrs, params.model, deps.server, deps.instruments);
    if (deps.events) safe(deps.logger, () => (this.requestAttrs = { ...requestAttributes(params, deps.server), ...extra, ...contentAttributes(params, deps) }));
    if (!observer.tracingLive()) return;
    safe(deps.logger, () => {
      // Required attributes at creation (samplers may read them); the rest only when recording.
      const span = deps.tracer.startSpan(`chat ${params.model}`, { kind: SpanKind.CLIENT, attributes: this.metricAttrs, startTime: record.started_at });
      this.span = span;
      this.recording = span.isRecording();
      if (!this.recording) return;
      const attributes: Attributes = this.requestAttrs
        ? { ...this.requestAttrs }
        : { ...requestAttributes(params, deps.server), ...extra, ...((deps.captureContent || deps.captureToolDefinitions) && contentAttributes(params, deps)) };
      attributes[CC_ATTR.promptSha256] = record.prompt_sha256;
      span.setAttributes(attributes);
      this.ctx = trace.setSpan(context.active(), span);
    });
  }

  context(): Context | undefined {
    return this.ctx;
  }

  countTokens(c: CountTokensTrace): void {
    if (this.recording) safe(this.deps.logger, () => countTokensSpan(this.deps.tracer, this.ctx!, this.params.model, this.deps.server, c));
  }

  startAttempt(a: AttemptRecord): Span | undefined {
    let s: Span | undefined;
    if (!this.recording) return undefined;
    safe(this.deps.logger, () => {
      s = this.deps.tracer.startSpan(
        `attempt ${a.n}`,
        { kind: SpanKind.INTERNAL, startTime: a.started_at, attributes: { [CC_ATTR.attempt]: a.n, [ATTR.httpResendCount]: a.n - 1 } },
        this.ctx,
      );
    });
    return s;
  }

  endAttempt(s: Span | undefined, a: AttemptRecord, headers: Headers | null, record: CallRecord): void {
    const { instruments, logger } = this.deps;
    if (s || instruments.enabled) safe(logger, () => {
      if (s) {
        const at: Attributes = {};
        if (a.status !== null) at[ATTR.httpStatusCode] = a.status;
        if (a.request_id) at[CC_ATTR.requestId] = a.request_id;
        if (a.retry_after_ms !== null) at[CC_ATTR.retryAfterMs] = a.retry_after_ms;
        if (a.wait_ms !== null) at[CC_ATTR.waitMs] = a.wait_ms;
        if (a.error_kind) {
          at[ATTR.errorType] = a.error_kind;
          at[CC_ATTR.errorKind] = a.error_kind;
          if (a.error_type) at[CC_ATTR.providerErrorType] = a.error_type;
          s.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(a.error_message ?? a.error_kind) });
        }
        s.setAttributes(at);
        s.end(a.started_at + a.duration_ms);
      }
      if (!instruments.enabled) return;
      if (a.error_kind) {
        // Failed attempts, and of those the retried ones: the last failures are errors - retries.
        instruments.errors.add(1, { ...this.metricAttrs, [ATTR.errorType]: a.error_kind });
        if (a.wait_ms !== null) instruments.retries.add(1, { ...this.metricAttrs, [ATTR.errorType]: a.error_kind });
      }
      const headroom = parseRateLimit(headers);
      if (headroom) {
        for (const [bucket, h] of Object.entries(headroom)) {
          if (h?.remaining != null) instruments.rateLimitRemaining.record(h.remaining, { ...this.metricAttrs, [CC_ATTR.rateLimitBucket]: bucket });
        }
      }
    });
    if (a.error_kind && a.wait_ms !== null) logRetry(logger, record, a);
  }

  end(r: CallRecord, outputText: string | null, promptText: string | null, details?: EndDetails): void {
    const { instruments, logger } = this.deps;
    const errType = r.outcome === 'error' ? r.error_kind ?? '_OTHER' : undefined;
    if (instruments.enabled) safe(logger, () => {
      const attrs: Attributes = { ...this.metricAttrs };
      if (r.response_model) attrs[ATTR.responseModel] = r.response_model;
      if (errType) attrs[ATTR.errorType] = errType;
      if (r.circuit_open) attrs[CC_ATTR.circuitOpen] = true;
      instruments.duration.record(r.latency_ms / 1000, attrs);
      if (r.stream && r.ttft_ms !== null) instruments.timeToFirstChunk.record(r.ttft_ms / 1000, attrs);
      const gaps = details?.chunkGaps;
      if (gaps) for (let i = 0; i < gaps.length; i++) instruments.timePerOutputChunk.record(gaps[i]!, attrs);
      if (r.outcome === 'ok' && r.usage) {
        instruments.tokenUsage.record(totalInputTokens(r.usage), { ...attrs, [ATTR.tokenType]: 'input' });
        instruments.tokenUsage.record(r.usage.output_tokens, { ...attrs, [ATTR.tokenType]: 'output' });
      }
      if (r.cost_usd !== null) instruments.cost.add(r.cost_usd, attrs);
    });
    const spanLive = this.span !== undefined && this.recording;
    if (this.span && !spanLive) safe(logger, () => this.span!.end());
    if (spanLive || this.requestAttrs) safe(logger, () => {
      const a = this.responseAttrs(r, details);
      if (spanLive) {
        const s = this.span!;
        if (errType) s.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(r.error_message ?? errType) });
        s.setAttributes(a);
        s.end(r.finished_at);
      }
      if (this.requestAttrs) emitInferenceDetails(this.deps.events!, { ...this.metricAttrs, ...this.requestAttrs, ...a }, r.finished_at, this.ctx);
    });
    logCall(this.deps, r, outputText, promptText);
  }

  /** The call span's end-of-call attributes (also the details event's). */
  private responseAttrs(r: CallRecord, details: EndDetails | undefined): Attributes {
    const a: Attributes = { ...responseAttributes({ id: r.response_id, model: r.response_model, stop_reason: r.stop_reason }), [CC_ATTR.attempts]: r.attempts.length };
    if (r.usage) {
      Object.assign(a, usageAttributes(r.usage, details?.message?.usage));
      a[CC_ATTR.cacheWrite5m] = r.usage.cache_write_5m_tokens;
      a[CC_ATTR.cacheWrite1h] = r.usage.cache_write_1h_tokens;
    }
    if (r.cost_usd !== null) a[CC_ATTR.costUsd] = r.cost_usd;
    if (r.outcome === 'ok') a[CC_ATTR.unpriced] = r.unpriced;
    if (r.request_id) a[CC_ATTR.requestId] = r.request_id;
    if (r.ttft_ms !== null) a[ATTR.responseTimeToFirstChunk] = r.ttft_ms / 1000;
    if (r.context?.utilisation != null) a[CC_ATTR.contextUtilisation] = r.context.utilisation;
    if (r.context?.high) a[CC_ATTR.contextHigh] = true;
    if (r.output_sha256) a[CC_ATTR.outputSha256] = r.output_sha256;
    if (this.deps.captureContent && details?.message) Object.assign(a, outputContentAttributes(details.message));
    if (r.circuit_open) a[CC_ATTR.circuitOpen] = true;
    Object.assign(a, callErrorAttributes(r));
    return a;
  }
}
