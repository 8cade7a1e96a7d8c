/**
 * Spans, metrics and log lines for one call. Everything here fails open: an exporter, hook or
 * destination that throws is swallowed (and reported once through the logger when that works),
 * and the observed call goes on unchanged.
 */
import { context, ProxyTracerProvider, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TimeInput, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { Logger as EventLogger } from '@opentelemetry/api-logs';
import type { Logger } from '../log/logger.ts';
import { scrubString } from '../log/scrub.ts';
import { requestAttributes, type Server } from '../telemetry/genai-attributes.ts';
import { INSTRUMENTATION_SCOPE, type ClientInstruments } from '../telemetry/instruments.ts';
import { ATTR } from '../telemetry/semconv.ts';
import { contentAttributes, countTokensSpan, emitInferenceDetails, type CountTokensTrace } from './observer-content.ts';
import { failedOpen, logCall, logRetry, safe } from './observer-logs.ts';
import { collectSeries, measure, modelTelemetry, observeHeadroom, seriesOf, type ModelTelemetry } from './model-telemetry.ts';
import { addCallEndAttributes, attemptAttributes, callStartAttributes } from './span-attributes.ts';
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
  /**
   * `when_retried` (default): a call of one attempt has no attempt span, that attempt's details
   * are on the call span; `always`: a child span for every attempt.
   */
  attemptSpans?: 'when_retried' | 'always';
}

/** What the attempt loop knows at the end of a call besides its record. */
export interface EndDetails {
  /** The final message (content blocks, usage details) of a successful call. */
  message?: { role?: string; content: ReadonlyArray<unknown>; stop_reason?: string | null; usage?: unknown };
  /** Seconds between consecutive output chunks of the stream that succeeded (when chunk timing is on). */
  chunkGaps?: readonly number[] | null;
}

/**
 * An epoch time in ms as the SDK's `[seconds, nanoseconds]`, computed as its own
 * `millisToHrTime` does: given a number, the span reads `performance.now()` to tell an epoch
 * time from a performance one, twice per span. Times before 2001 (a virtual clock's) go as
 * numbers, for the SDK to read as it always has.
 */
export function spanTime(ms: number): TimeInput {
  return ms < 1e12 ? ms : [Math.trunc(ms / 1000), Math.round((ms % 1000) * 1e6)];
}

const noop = () => undefined;
/** The quiet scope of a client that neither logs, traces nor measures. */
const SILENT: Scope = { context: noop, countTokens: noop, endAttempt: noop, end: noop };

/** What one call reports to: spans and metrics when live, log lines always (by level). */
export interface Scope {
  /** The call span's context while it records (the active context of the request, and the `traceparent` parent); undefined otherwise. */
  context(): Context | undefined;
  /** Traces a count_tokens request the context guard made (a child span, made after the fact). */
  countTokens(c: CountTokensTrace): void;
  endAttempt(a: AttemptRecord, headers: Headers | null, record: CallRecord): void;
  end(r: CallRecord, outputText: string | null, promptText: string | null, details?: EndDetails): void;
}

export class CallObserver {
  /** @internal Per-model attributes and headroom state. */
  readonly models = new Map<string, ModelTelemetry>();
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
            endAttempt: (a, _headers, record) => {
              if (a.error_kind && a.wait_ms !== null) logRetry(deps.logger, record, a);
            },
            end: (r, outputText, promptText) => logCall(deps, r, outputText, promptText),
          };
    if (deps.instruments.enabled) {
      const models = this.models;
      deps.instruments.rateLimitRemaining.addCallback((result) => safe(deps.logger, () => observeHeadroom(models, result)));
      const instruments = deps.instruments;
      instruments.cost.addCallback((result) => safe(deps.logger, () => collectSeries(models, instruments, result)));
    }
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

/**
 * One call's spans and metrics. Cheap by construction: one span per call (attempt spans are
 * made after the fact, from the record's timestamps, only when the call was retried or the
 * client asks for them); the call span's attributes set once, at the end, in one object; no
 * attribute object built when the span is not recording; on the metrics side, three or four
 * record into the OTel SDK on a successful call's path: its measurements (duration, tokens, time
 * to first chunk) wait in its series until metrics are collected, its cost is added to the
 * series' sum (an observable counter), its response headers kept for the headroom gauge (parsed
 * at collection); see model-telemetry.ts.
 */
export class CallScope implements Scope {
  private span: Span | undefined;
  private ctx: Context | undefined;
  /** Start attributes, completed at the end; undefined when the span is not recording. */
  private attrs: Attributes | undefined;
  private readonly model: ModelTelemetry;
  /** Request attributes (and opt-in content), kept for the details event; null when no event is asked for. */
  private requestAttrs: Attributes | null = null;

  constructor(
    private readonly deps: ObserverDeps,
    private readonly params: CallParams,
    record: CallRecord,
    extra: Attributes | undefined,
    observer: CallObserver,
  ) {
    this.model = modelTelemetry(observer.models, params.model, deps.server, deps.instruments);
    if (deps.events) safe(deps.logger, () => (this.requestAttrs = { ...requestAttributes(params, deps.server), ...extra, ...contentAttributes(params, deps) }));
    if (!observer.tracingLive()) return;
    // No closure for `safe` here: a try/catch, with the same fail-open warning.
    try {
      // Required attributes at creation (samplers may read them); the rest only when recording.
      // The active context read once: the span's parent and the base of the call's context.
      const parent = context.active();
      const span = deps.tracer.startSpan(this.model.spanName, { kind: SpanKind.CLIENT, attributes: this.model.attrs, startTime: spanTime(record.started_at) }, parent);
      this.span = span;
      if (!span.isRecording()) return;
      const a = callStartAttributes(params, record, extra);
      if (deps.captureContent || deps.captureToolDefinitions) Object.assign(a, contentAttributes(params, deps));
      this.attrs = a;
      this.ctx = trace.setSpan(parent, span);
    } catch (err) {
      failedOpen(deps.logger, err);
    }
  }

  context(): Context | undefined {
    return this.ctx;
  }

  countTokens(c: CountTokensTrace): void {
    if (this.ctx) safe(this.deps.logger, () => countTokensSpan(this.deps.tracer, this.ctx!, this.params.model, this.deps.server, c));
  }

  endAttempt(a: AttemptRecord, headers: Headers | null, record: CallRecord): void {
    const { instruments, logger } = this.deps;
    if (instruments.enabled) {
      if (headers) this.model.headers = headers;
      if (a.error_kind) safe(logger, () => {
        // Failed attempts, and of those the retried ones: the last failures are errors - retries.
        instruments.errors.add(1, { ...this.model.attrs, [ATTR.errorType]: a.error_kind! });
        if (a.wait_ms !== null) instruments.retries.add(1, { ...this.model.attrs, [ATTR.errorType]: a.error_kind! });
      });
    }
    if (a.error_kind && a.wait_ms !== null) logRetry(logger, record, a);
  }

  end(r: CallRecord, outputText: string | null, promptText: string | null, details?: EndDetails): void {
    const { instruments, logger } = this.deps;
    const errType = r.outcome === 'error' ? r.error_kind ?? '_OTHER' : undefined;
    if (instruments.enabled) try {
      const series = seriesOf(this.model, r, errType);
      const tokens = r.outcome === 'ok' && r.usage !== null;
      measure(
        instruments,
        series,
        r.latency_ms / 1000,
        r.stream && r.ttft_ms !== null ? r.ttft_ms / 1000 : NaN,
        tokens ? totalInputTokens(r.usage!) : NaN,
        tokens ? r.usage!.output_tokens : NaN,
      );
      // Opt-in (chunkTiming): one record per chunk, on the spot.
      const gaps = details?.chunkGaps;
      if (gaps) for (let i = 0; i < gaps.length; i++) instruments.timePerOutputChunk.record(gaps[i]!, series.attrs);
      const cost = r.cost_usd;
      if (cost !== null && cost >= 0) {
        series.cost += cost;
        series.costed = true;
      }
    } catch (err) {
      failedOpen(logger, err);
    }
    const live = this.attrs !== undefined;
    if (this.span && !live) safe(logger, () => this.span!.end());
    if (live || this.requestAttrs) try {
      const attempts = r.attempts;
      const own = live && (attempts.length > 1 || this.deps.attemptSpans === 'always');
      const a = addCallEndAttributes(this.attrs ?? {}, r, this.deps, details, own ? undefined : attempts[0]);
      if (live) {
        const s = this.span!;
        if (own) {
          for (const at of attempts) {
            const as = this.deps.tracer.startSpan(`attempt ${at.n}`, { kind: SpanKind.INTERNAL, startTime: at.started_at, attributes: attemptAttributes(at) }, this.ctx);
            if (at.error_kind) as.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(at.error_message ?? at.error_kind) });
            as.end(at.started_at + at.duration_ms);
          }
        }
        if (errType) s.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(r.error_message ?? errType) });
        s.setAttributes(a);
        s.end(spanTime(r.finished_at));
      }
      if (this.requestAttrs) emitInferenceDetails(this.deps.events!, { ...this.model.attrs, ...this.requestAttrs, ...a }, r.finished_at, this.ctx);
    } catch (err) {
      failedOpen(logger, err);
    }
    logCall(this.deps, r, outputText, promptText);
  }
}
