/**
 * What one client keeps per model for its metrics, so that a call records nothing into the OTel
 * SDK and builds no attribute object: the base attributes; per outcome series, its attributes,
 * its cost sum (the observable cost counter's) and the measurements of its calls not yet
 * recorded; the newest response headers (the observable headroom gauge's, parsed then). When
 * metrics are collected, the SDK first runs the observable callbacks, then reads its storages:
 * the callbacks here record the pending measurements into the histograms then, so they are in
 * that same collection. The work of a record (hashing the attributes, finding the series,
 * adding to it) is the same, off the call's path; a series holds at most {@link PENDING_MAX}
 * calls' worth (a provider nobody collects from), past which it records on the spot.
 */
import type { Attributes, ObservableResult } from '@opentelemetry/api';
import { baseAttributes, type Server } from '../telemetry/genai-attributes.ts';
import { primeCounters, type ClientInstruments } from '../telemetry/instruments.ts';
import { ATTR, CC_ATTR } from '../telemetry/semconv.ts';
import { parseRateLimit } from './rate-limit.ts';
import { RETRYABLE_KINDS } from './retry-policy.ts';
import { ATTEMPT_ERROR_KINDS } from './taxonomy.ts';
import type { CallRecord } from './types.ts';

/**
 * What one client keeps per model: the base attributes (the same for every call, built once),
 * and for the headroom gauge the newest response headers, parsed only when metrics are
 * collected, and what the last collection read from them.
 */
export interface ModelTelemetry {
  attrs: Attributes;
  /** The call span's name, `chat <model>`, built once per model. */
  spanName: string;
  /** The metric series of its calls, by outcome (see {@link seriesOf}). */
  series: Map<string, CallSeries>;
  /** Newest response headers since the last collection; null once read. */
  headers: Headers | null;
  /** Per bucket: its attributes and remaining capacity, as last read (kept when newer headers have none). */
  headroom: Array<[Attributes, number]>;
}

/**
 * The metric attributes of the calls of one model with one outcome (response model, error type,
 * circuit flag), built once and frozen, so a call records without building any; and the cost of
 * those calls so far, which the observable cost counter reports.
 */
export interface CallSeries {
  attrs: Attributes;
  input: Attributes;
  output: Attributes;
  cost: number;
  /** A cost was added (an unpriced model's series never reports $0). */
  costed: boolean;
  /**
   * Measurements not yet recorded, four numbers per call: duration (s), time to first chunk (s),
   * input tokens, output tokens; NaN for what the call does not have.
   */
  pending: number[];
}

/** Numbers a series holds before recording them on the spot (1,024 calls). */
export const PENDING_MAX = 4 * 1024;

/** The series of a call: keyed by the response model alone for a plain success (no string built), by all three otherwise. */
export function seriesOf(m: ModelTelemetry, r: CallRecord, errType: string | undefined): CallSeries {
  const key = errType === undefined && !r.circuit_open ? r.response_model ?? '' : `\n${r.response_model ?? ''}\n${errType ?? ''}\n${r.circuit_open ? 'open' : ''}`;
  let s = m.series.get(key);
  if (!s) {
    const attrs: Attributes = { ...m.attrs };
    if (r.response_model) attrs[ATTR.responseModel] = r.response_model;
    if (errType) attrs[ATTR.errorType] = errType;
    if (r.circuit_open) attrs[CC_ATTR.circuitOpen] = true;
    s = {
      attrs: Object.freeze(attrs),
      input: Object.freeze({ ...attrs, [ATTR.tokenType]: 'input' }),
      output: Object.freeze({ ...attrs, [ATTR.tokenType]: 'output' }),
      cost: 0,
      costed: false,
      pending: [],
    };
    m.series.set(key, s);
  }
  return s;
}

/** Keeps one call's measurements for the next collection (NaN: the call has none). */
export function measure(instruments: ClientInstruments, s: CallSeries, durationS: number, ttftS: number, inputTokens: number, outputTokens: number): void {
  const p = s.pending;
  p.push(durationS, ttftS, inputTokens, outputTokens);
  if (p.length >= PENDING_MAX) recordPending(instruments, s);
}

/** Records a series' pending measurements into the histograms. */
export function recordPending(instruments: ClientInstruments, s: CallSeries): void {
  const p = s.pending;
  for (let i = 0; i < p.length; i += 4) {
    instruments.duration.record(p[i]!, s.attrs);
    if (!Number.isNaN(p[i + 1])) instruments.timeToFirstChunk.record(p[i + 1]!, s.attrs);
    if (!Number.isNaN(p[i + 2])) instruments.tokenUsage.record(p[i + 2]!, s.input);
    if (!Number.isNaN(p[i + 3])) instruments.tokenUsage.record(p[i + 3]!, s.output);
  }
  p.length = 0;
}

/** The collection callback (on the cost counter): every series' pending measurements recorded, and its cost sum observed. */
export function collectSeries(models: Map<string, ModelTelemetry>, instruments: ClientInstruments, result: ObservableResult): void {
  for (const m of models.values()) {
    for (const s of m.series.values()) {
      if (s.pending.length) recordPending(instruments, s);
      if (s.costed) result.observe(s.cost, s.attrs);
    }
  }
}

/**
 * The model's telemetry state. The first time a model is seen its counters are made to exist
 * at 0 (see primeCounters).
 */
export function modelTelemetry(cache: Map<string, ModelTelemetry>, model: string, server: Server, instruments: ClientInstruments): ModelTelemetry {
  let m = cache.get(model);
  if (!m) {
    // Model names are the caller's: bounded (a cleared model's cost sum starts again at 0, a
    // counter reset; its pending measurements are recorded first).
    if (cache.size > 1000) {
      if (instruments.enabled) for (const old of cache.values()) for (const s of old.series.values()) recordPending(instruments, s);
      cache.clear();
    }
    m = { attrs: Object.freeze(baseAttributes(model, server)) as Attributes, spanName: `chat ${model}`, series: new Map(), headers: null, headroom: [] };
    cache.set(model, m);
    if (instruments.enabled) primeCounters(instruments, m.attrs, { errorKinds: ATTEMPT_ERROR_KINDS, retryKinds: [...RETRYABLE_KINDS] });
  }
  return m;
}

/** The headroom gauge's callback: parses each model's newest headers, then reports every bucket it knows. */
export function observeHeadroom(models: Map<string, ModelTelemetry>, result: ObservableResult): void {
  for (const m of models.values()) {
    if (m.headers) {
      const h = parseRateLimit(m.headers);
      m.headers = null;
      if (h) {
        const next: Array<[Attributes, number]> = [];
        for (const [bucket, b] of Object.entries(h)) if (b?.remaining != null) next.push([{ ...m.attrs, [CC_ATTR.rateLimitBucket]: bucket }, b.remaining]);
        if (next.length) m.headroom = next;
      }
    }
    for (const [attrs, remaining] of m.headroom) result.observe(remaining, attrs);
  }
}
