/**
 * Metric names the Prometheus rules read, as `/metrics` renders them (src/telemetry/prometheus-names.ts,
 * checked against the real endpoint in test/alerts/prometheus.test.ts): dots become underscores,
 * the unit becomes a suffix (`_seconds`, `_usd`), counters end in `_total`, histograms add
 * `_bucket`/`_sum`/`_count`, and every series has an `otel_scope_name` label (toolchain trap 12).
 * Every name here is derived from the instrument's OTel name, unit and type, so a rename follows
 * into the rules.
 *
 * The client already exports duration, cost and error metrics. Probe outcomes, quality flags,
 * freshness and context utilisation are not client metrics: {@link PROBE_METRIC} names what the
 * daemon exports per probe series (see probe-metrics.ts).
 */
import { prometheusLabelName, prometheusMetricName } from '../telemetry/prometheus-names.ts';
import { FLEET_ATTR } from '../telemetry/fleet-attrs.ts';
import { ATTR, CC_ATTR, METRIC, METRIC_UNIT } from '../telemetry/semconv.ts';

/**
 * Per-probe metrics the daemon exports (probe-metrics.ts), shaped like blackbox_exporter's:
 * the OTel names are already Prometheus names (base units in the name, `_seconds`), because the
 * exporter adds no unit suffix. Labels: {@link PROBE_ATTR}.
 */
export const PROBE_METRIC = {
  /** Counter `{run}`: one per stored ProbeResult, by probe, model, outcome and error kind. Zero-valued from the start. */
  runs: 'claude_canary.probe.runs',
  /** Counter `{flag}`: one per quality flag raised, by probe, model and `flag` (one flag per series, never joined). */
  qualityFlags: 'claude_canary.probe.quality_flags',
  /** Gauge: 1 when the newest run of the series passed, 0 when it failed or errored (like blackbox `probe_success`). */
  success: 'claude_canary.probe.success',
  /** Gauge, seconds since the epoch: start of the series' newest non-skipped run. */
  lastRun: 'claude_canary.probe.last_run_timestamp_seconds',
  /** Gauge, seconds: the series' schedule interval (longest gap between two cron slots), for absence rules. */
  interval: 'claude_canary.probe.interval_seconds',
  /** Histogram, seconds: latency of each probe run with a latency (all attempts), by probe and model. */
  duration: 'claude_canary.probe.duration_seconds',
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
  /** One quality flag (on the quality-flag counter only). */
  flag: 'claude_canary.probe.flag',
} as const;

/** Bucket bounds of the probe latency histogram, seconds. */
export const PROBE_DURATION_BUCKETS: readonly number[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

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
  probeFlags: prometheusName(PROBE_METRIC.qualityFlags, 'counter'),
  probeSuccess: prometheusName(PROBE_METRIC.success, 'gauge'),
  probeLastRun: prometheusName(PROBE_METRIC.lastRun, 'gauge'),
  probeInterval: prometheusName(PROBE_METRIC.interval, 'gauge'),
  probeDurationBucket: `${prometheusName(PROBE_METRIC.duration, 'histogram')}_bucket`,
  contextCount: `${prometheusName(PROBE_METRIC.contextUtilisation, 'histogram')}_count`,
  contextBucket: `${prometheusName(PROBE_METRIC.contextUtilisation, 'histogram')}_bucket`,
  label: {
    model: prometheusLabel(ATTR.requestModel),
    errorType: prometheusLabel(ATTR.errorType),
    /** `true` on calls the open circuit breaker refused (their error_type is the fault that opened it). */
    circuitOpen: prometheusLabel(CC_ATTR.circuitOpen),
    probeId: prometheusLabel(PROBE_ATTR.probeId),
    outcome: prometheusLabel(PROBE_ATTR.outcome),
    flag: prometheusLabel(PROBE_ATTR.flag),
    /** On every series a monitor's /metrics serves (a resource attribute made a constant label). */
    region: prometheusLabel(FLEET_ATTR.region),
    runnerId: prometheusLabel(FLEET_ATTR.runnerId),
  },
} as const;
