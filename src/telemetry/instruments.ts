/**
 * The client's metric instruments. Bucket boundaries are passed as `advice`, which the OTel JS
 * SDK honours unless a View overrides them.
 */
import type { Attributes, Counter, Histogram, Meter, MeterProvider, ObservableCounter, ObservableGauge } from '@opentelemetry/api';
import { createNoopMeter, metrics } from '@opentelemetry/api';
import { ATTR, DURATION_BUCKETS, METRIC, METRIC_UNIT as U, TOKEN_BUCKETS } from './semconv.ts';

export const INSTRUMENTATION_SCOPE = 'claude-canary';

export interface ClientInstruments {
  /** False when the meter is the API's no-op meter (no SDK registered): callers skip building attributes. */
  enabled: boolean;
  /** The client records into the three histograms when metrics are collected (src/client/model-telemetry.ts). */
  duration: Histogram;
  tokenUsage: Histogram;
  timeToFirstChunk: Histogram;
  /** Streams, opt-in (`chunkTiming`): one value per output chunk after the first. */
  timePerOutputChunk: Histogram;
  /**
   * Observable: the client adds each call's cost to a sum it keeps per series (observer.ts),
   * read when metrics are collected; no record on a call's path.
   */
  cost: ObservableCounter;
  errors: Counter;
  retries: Counter;
  /**
   * Observable: read when metrics are collected, never recorded on a call's path. Its callback
   * (the client's, see observer.ts) reports the latest headroom it kept per model.
   */
  rateLimitRemaining: ObservableGauge;
}

export function createInstruments(provider?: MeterProvider): ClientInstruments {
  const meter: Meter = (provider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  // The metrics API has no proxy: a no-op meter stays no-op even if an SDK is registered later.
  const enabled = meter.constructor !== createNoopMeter().constructor;
  return {
    enabled,
    duration: meter.createHistogram(METRIC.operationDuration, {
      unit: U.operationDuration,
      description: 'GenAI operation duration.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    tokenUsage: meter.createHistogram(METRIC.tokenUsage, {
      unit: U.tokenUsage,
      description: 'Number of input and output tokens used (input includes cache writes and reads).',
      advice: { explicitBucketBoundaries: [...TOKEN_BUCKETS] },
    }),
    timeToFirstChunk: meter.createHistogram(METRIC.timeToFirstChunk, {
      unit: U.timeToFirstChunk,
      description: 'Time from the start of a streaming operation to its first content chunk.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    timePerOutputChunk: meter.createHistogram(METRIC.timePerOutputChunk, {
      unit: U.timePerOutputChunk,
      description: 'Time between consecutive output chunks of a streaming operation, after the first.',
      advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
    }),
    cost: meter.createObservableCounter(METRIC.cost, { unit: U.cost, description: 'Cost of calls, from the model catalogue (failed calls that were billed carry error.type).' }),
    errors: meter.createCounter(METRIC.errors, { unit: U.errors, description: 'Failed attempts by error kind (retried or not; errors minus retries are the last ones).' }),
    retries: meter.createCounter(METRIC.retries, { unit: U.retries, description: 'Retries by the error kind that caused them.' }),
    rateLimitRemaining: meter.createObservableGauge(METRIC.rateLimitRemaining, {
      unit: U.rateLimitRemaining,
      description: 'Remaining capacity per anthropic-ratelimit bucket, from the last response.',
    }),
  };
}

/**
 * Makes the error and retry counters of one model exist at 0, per kind. A counter series that
 * appears only with its first error cannot be told from "no data" (Prometheus' instrumentation
 * guide: export 0 for series you know may exist), so `rate()` over it and a dashboard panel read
 * 0, not nothing, before the first error. Cost is not primed: an unpriced model must never show
 * $0, and a priced model's cost series starts with its first call anyway.
 */
export function primeCounters(instruments: ClientInstruments, base: Attributes, kinds: { errorKinds: readonly string[]; retryKinds: readonly string[] }): void {
  for (const k of kinds.errorKinds) instruments.errors.add(0, { ...base, [ATTR.errorType]: k });
  for (const k of kinds.retryKinds) instruments.retries.add(0, { ...base, [ATTR.errorType]: k });
}
