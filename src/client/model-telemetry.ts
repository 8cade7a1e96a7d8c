/**
 * What one client keeps per model for its metrics, so that a call records little and builds no
 * attribute object: the base attributes, the attributes of each outcome's series, the cost sum
 * per series (the observable cost counter's) and the newest response headers (the observable
 * headroom gauge's, parsed at collection). The two callbacks read it when metrics are collected.
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
}

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
    };
    m.series.set(key, s);
  }
  return s;
}

/** The cost counter's callback: every series' sum so far. */
export function observeCost(models: Map<string, ModelTelemetry>, result: ObservableResult): void {
  for (const m of models.values()) for (const s of m.series.values()) if (s.costed) result.observe(s.cost, s.attrs);
}

/**
 * The model's telemetry state. The first time a model is seen its counters are made to exist
 * at 0 (see primeCounters).
 */
export function modelTelemetry(cache: Map<string, ModelTelemetry>, model: string, server: Server, instruments: ClientInstruments): ModelTelemetry {
  let m = cache.get(model);
  if (!m) {
    // Model names are the caller's: bounded (a cleared model's cost sum starts again at 0, a counter reset).
    if (cache.size > 1000) cache.clear();
    m = { attrs: Object.freeze(baseAttributes(model, server)) as Attributes, series: new Map(), headers: null, headroom: [] };
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
