/**
 * Spans, metrics and log lines for one call. Everything here fails open: an exporter, hook or
 * destination that throws is swallowed (and reported once through the logger when that works),
 * and the observed call goes on unchanged.
 */
import { ProxyTracerProvider, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { Logger } from '../log/logger.ts';
import { scrubString } from '../log/scrub.ts';
import { roundUsd } from '../shared/money.ts';
import type { Server } from '../telemetry/genai-attributes.ts';
import { INSTRUMENTATION_SCOPE, type ClientInstruments } from '../telemetry/instruments.ts';
import { ATTR } from '../telemetry/semconv.ts';
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
  /**
   * `when_retried` (default): a call of one attempt has no attempt span, that attempt's details
   * are on the call span; `always`: a child span for every attempt.
   */
  attemptSpans?: 'when_retried' | 'always';
}

const noop = () => undefined;
/** The quiet scope of a client that neither logs, traces nor measures. */
const SILENT: Scope = { endAttempt: noop, end: noop };

/** Whether `level` is on; a logger without isLevelEnabled (or one that throws) counts as on. */
function levelOn(logger: Logger, level: 'info' | 'warn'): boolean {
  try {
    return typeof logger.isLevelEnabled !== 'function' || logger.isLevelEnabled(level);
  } catch {
    return true;
  }
}

let warned = false;
function safe(logger: Logger, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (warned) return;
    warned = true;
    try {
      logger.warn({ err }, 'telemetry error ignored (fails open)');
    } catch {
      /* the logger itself is broken: nothing left to tell */
    }
  }
}

/** The log line of a retry (warn), built only when warn is on. */
function logRetry(logger: Logger, record: CallRecord, a: AttemptRecord): void {
  if (!levelOn(logger, 'warn')) return;
  safe(logger, () =>
    logger.warn(
      {
        event: 'retry',
        call_id: record.call_id,
        model: record.model,
        attempt: a.n,
        error_kind: a.error_kind,
        status: a.status,
        request_id: a.request_id,
        retry_after_ms: a.retry_after_ms,
        wait_ms: a.wait_ms,
        wait_source: a.wait_source,
        duration_ms: a.duration_ms,
      },
      'claude call retry',
    ),
  );
}

/** The log line of a call (info when ok, warn otherwise), built only when its level is on. */
function logCall(deps: ObserverDeps, r: CallRecord, outputText: string | null, promptText: string | null): void {
  const { logger, server } = deps;
  // The line (and the closure around it) is built only when its level is on: a silenced logger costs nothing here.
  if (!levelOn(logger, r.outcome === 'ok' ? 'info' : 'warn')) return;
  safe(logger, () => {
    const line: Record<string, unknown> = {
      event: 'call',
      call_id: r.call_id,
      request_id: r.request_id,
      model: r.model,
      server: server.address,
      stream: r.stream,
      outcome: r.outcome,
      error_kind: r.error_kind,
      attempts: r.attempts.length,
      duration_ms: r.latency_ms,
      ttft_ms: r.ttft_ms,
      stop_reason: r.stop_reason,
      tokens: r.usage,
      // Rounded for readers (float noise); the record and the cost metric keep full precision.
      cost_usd: roundUsd(r.cost_usd),
      unpriced: r.unpriced,
      context_utilisation: r.context?.utilisation ?? null,
      prompt_sha256: r.prompt_sha256,
      output_sha256: r.output_sha256,
    };
    if (deps.captureContent) {
      line['prompt'] = promptText;
      line['output'] = outputText;
    }
    if (r.outcome === 'ok') logger.info(line, 'claude call');
    else logger.warn({ ...line, error_message: r.error_message }, 'claude call failed');
  });
}

/** What one call reports to: spans and metrics when live, log lines always (by level). */
export interface Scope {
  endAttempt(a: AttemptRecord, headers: Headers | null, record: CallRecord): void;
  end(r: CallRecord, outputText: string | null, promptText: string | null): void;
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
    if (!this.deps.instruments.enabled && !this.tracingLive()) return this.quiet;
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
  /** Start attributes, completed at the end; undefined when the span is not recording. */
  private attrs: Attributes | undefined;
  private readonly model: ModelTelemetry;

  constructor(
    private readonly deps: ObserverDeps,
    params: CallParams,
    record: CallRecord,
    extra: Attributes | undefined,
    observer: CallObserver,
  ) {
    this.model = modelTelemetry(observer.models, params.model, deps.server, deps.instruments);
    if (!observer.tracingLive()) return;
    safe(deps.logger, () => {
      // Required attributes at creation (samplers may read them); the rest only when recording.
      const span = deps.tracer.startSpan(`chat ${params.model}`, { kind: SpanKind.CLIENT, attributes: this.model.attrs, startTime: record.started_at });
      this.span = span;
      if (!span.isRecording()) return;
      this.attrs = callStartAttributes(params, record, extra);
      if (deps.captureContent) {
        const content: Attributes = { [ATTR.inputMessages]: scrubString(JSON.stringify(params.messages)) };
        if (params.system !== undefined) content[ATTR.systemInstructions] = scrubString(JSON.stringify(params.system));
        span.setAttributes(content);
      }
    });
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

  end(r: CallRecord, outputText: string | null, promptText: string | null): void {
    const { instruments, logger } = this.deps;
    const errType = r.outcome === 'error' ? r.error_kind ?? '_OTHER' : undefined;
    if (instruments.enabled) safe(logger, () => {
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
      const cost = r.cost_usd;
      if (cost !== null && cost >= 0) {
        series.cost += cost;
        series.costed = true;
      }
    });
    if (this.span) safe(logger, () => {
      const s = this.span!;
      if (!this.attrs) return void s.end();
      const attempts = r.attempts;
      const own = attempts.length > 1 || this.deps.attemptSpans === 'always';
      if (own) {
        const parent = trace.setSpan(ROOT_CONTEXT, s);
        for (const a of attempts) {
          const as = this.deps.tracer.startSpan(`attempt ${a.n}`, { kind: SpanKind.INTERNAL, startTime: a.started_at, attributes: attemptAttributes(a) }, parent);
          if (a.error_kind) as.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(a.error_message ?? a.error_kind) });
          as.end(a.started_at + a.duration_ms);
        }
      }
      s.setAttributes(addCallEndAttributes(this.attrs, r, errType, outputText, this.deps.captureContent, own ? undefined : attempts[0]));
      if (errType) s.setStatus({ code: SpanStatusCode.ERROR, message: scrubString(r.error_message ?? errType) });
      s.end(r.finished_at);
    });
    logCall(this.deps, r, outputText, promptText);
  }
}
