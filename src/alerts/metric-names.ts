/**
 * Metric names the Prometheus rules read, as `/metrics` renders them (src/telemetry/prometheus-names.ts,
 * checked against the real endpoint in test/alerts/prometheus.test.ts): dots become underscores,
 * the unit becomes a suffix (`_seconds`, `_usd`), counters end in `_total`, histograms add
 * `_bucket`/`_sum`/`_count`, and every series has an `otel_scope_name` label (toolchain trap 12).
 * Every name here is derived from the instrument's OTel name, unit and type, so a rename follows
 * into the rules.
 *
 * The client already exports duration, cost and error metrics. Probe outcomes (quality flags)
 * and context utilisation are not client metrics: {@link PROBE_METRIC} names what the daemon
 * exports per ProbeResult (see probe-metrics.ts).
 */
import { prometheusLabelName, prometheusMetricName } from '../telemetry/prometheus-names.ts';
import { ATTR, CC_ATTR, METRIC, METRIC_UNIT } from '../telemetry/semconv.ts';

/** Per-result metrics the daemon exports (`recordProbeResult`). */
export const PROBE_METRIC = {
  /** Counter `{run}`: one per stored ProbeResult. Attributes: {@link PROBE_ATTR}. */
  runs: 'claude_canary.probe.runs',
  /** Histogram `1` of ProbeResult.context_utilisation, buckets {@link CONTEXT_UTILISATION_BUCKETS}. */
  contextUtilisation: 'claude_canary.probe.context.utilisation',
} as const;

/** Attributes on the probe metrics. */
export const PROBE_ATTR = {
  probeId: 'claude_canary.probe.id',
  model: ATTR.requestModel,
  outcome: 'claude_canary.probe.outcome',
  /** The error kind when outcome is `error` (absent otherwise), like the client metrics. */
  errorType: ATTR.errorType,
  /** The result's quality flags, sorted and comma-joined (`` when none), so rules can match any subset exactly. */
  flags: 'claude_canary.probe.flags',
} as const;

/** Bucket bounds of the context histogram; a `max` rule's threshold must be one of them to export. */
export const CONTEXT_UTILISATION_BUCKETS: readonly number[] = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1];

export type InstrumentType = 'counter' | 'histogram' | 'gauge';

/**
 * A metric name as `/metrics` renders it: unit suffix from the OTel unit (`s` -> `_seconds`,
 * `USD` -> `_usd`; none for `{...}` and `1`), `_total` on counters; histograms add their own suffixes.
 */
export function prometheusName(otelName: string, type: InstrumentType, unit = ''): string {
  return prometheusMetricName(otelName, unit, type);
}

/** An attribute name as a Prometheus label. */
export function prometheusLabel(attribute: string): string {
  return prometheusLabelName(attribute);
}

/** The series the exported rules use, by role. */
export const PROM = {
  /** Calls by model and `error_type` (absent on success): the denominator and numerator of error shares. */
  calls: `${prometheusName(METRIC.operationDuration, 'histogram', METRIC_UNIT.operationDuration)}_count`,
  durationBucket: `${prometheusName(METRIC.operationDuration, 'histogram', METRIC_UNIT.operationDuration)}_bucket`,
  ttftBucket: `${prometheusName(METRIC.timeToFirstChunk, 'histogram', METRIC_UNIT.timeToFirstChunk)}_bucket`,
  ttftCount: `${prometheusName(METRIC.timeToFirstChunk, 'histogram', METRIC_UNIT.timeToFirstChunk)}_count`,
  cost: prometheusName(METRIC.cost, 'counter', METRIC_UNIT.cost),
  errors: prometheusName(METRIC.errors, 'counter', METRIC_UNIT.errors),
  retries: prometheusName(METRIC.retries, 'counter', METRIC_UNIT.retries),
  probeRuns: prometheusName(PROBE_METRIC.runs, 'counter'),
  contextCount: `${prometheusName(PROBE_METRIC.contextUtilisation, 'histogram')}_count`,
  contextBucket: `${prometheusName(PROBE_METRIC.contextUtilisation, 'histogram')}_bucket`,
  label: {
    model: prometheusLabel(ATTR.requestModel),
    errorType: prometheusLabel(ATTR.errorType),
    /** `true` on calls the open circuit breaker refused (their error_type is the fault that opened it). */
    circuitOpen: prometheusLabel(CC_ATTR.circuitOpen),
    probeId: prometheusLabel(PROBE_ATTR.probeId),
    outcome: prometheusLabel(PROBE_ATTR.outcome),
    flags: prometheusLabel(PROBE_ATTR.flags),
  },
} as const;
