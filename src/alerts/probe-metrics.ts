/**
 * The per-probe metrics, shaped like blackbox_exporter's (`probe_success`, a duration in
 * seconds) plus what absence rules need (the newest run's time and the schedule interval). The
 * daemon creates these instruments once, calls {@link registerProbeSeries} with the scheduled
 * series (so counters read 0 before the first failure, and Prometheus can tell "no failures"
 * from "no data"; again after a reload), and {@link recordProbeResult} after storing each result.
 *
 * The three gauges are observable, read from a table of the current series: a probe taken off
 * the schedule disappears from them (a synchronous gauge would export its last value forever,
 * and Prometheus would call the retired probe silent).
 */
import { metrics, type Attributes, type Counter, type Histogram, type MeterProvider, type ObservableGauge } from '@opentelemetry/api';
import { QUALITY_FLAGS, type ProbeOutcome, type ProbeResult } from '../shared/types.ts';
import { INSTRUMENTATION_SCOPE } from '../telemetry/instruments.ts';
import { CONTEXT_UTILISATION_BUCKETS, PROBE_ATTR, PROBE_DURATION_BUCKETS, PROBE_METRIC } from './metric-names.ts';

/** The gauges' values for one series (seconds for times). */
interface SeriesGauges {
  attrs: Attributes;
  success?: number;
  lastRun?: number;
  interval?: number;
}

export interface ProbeInstruments {
  runs: Counter;
  qualityFlags: Counter;
  success: ObservableGauge;
  lastRun: ObservableGauge;
  interval: ObservableGauge;
  duration: Histogram;
  contextUtilisation: Histogram;
  /** Gauge values by series key (internal). */
  series: Map<string, SeriesGauges>;
}

/** Default provider: the global one (set up by `startTelemetry()`). */
export function createProbeInstruments(provider?: MeterProvider): ProbeInstruments {
  const meter = (provider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const series = new Map<string, SeriesGauges>();
  const success = meter.createObservableGauge(PROBE_METRIC.success, { unit: '1', description: '1 when the newest run of the probe series passed, 0 when it failed or errored.' });
  const lastRun = meter.createObservableGauge(PROBE_METRIC.lastRun, { unit: 's', description: 'Start of the newest non-skipped run of the probe series, seconds since the epoch.' });
  const interval = meter.createObservableGauge(PROBE_METRIC.interval, { unit: 's', description: 'Schedule interval of the probe series (longest gap between cron slots), seconds.' });
  meter.addBatchObservableCallback((r) => {
    for (const g of series.values()) {
      if (g.success !== undefined) r.observe(success, g.success, g.attrs);
      if (g.lastRun !== undefined) r.observe(lastRun, g.lastRun, g.attrs);
      if (g.interval !== undefined) r.observe(interval, g.interval, g.attrs);
    }
  }, [success, lastRun, interval]);
  return {
    series,
    success,
    lastRun,
    interval,
    runs: meter.createCounter(PROBE_METRIC.runs, { unit: '{run}', description: 'Probe runs by probe, model, outcome and error kind.' }),
    qualityFlags: meter.createCounter(PROBE_METRIC.qualityFlags, { unit: '{flag}', description: 'Quality flags raised on probe answers, one series per flag.' }),
    duration: meter.createHistogram(PROBE_METRIC.duration, {
      unit: 's',
      description: 'Latency of probe runs, all attempts, seconds.',
      advice: { explicitBucketBoundaries: [...PROBE_DURATION_BUCKETS] },
    }),
    contextUtilisation: meter.createHistogram(PROBE_METRIC.contextUtilisation, {
      unit: '1',
      description: 'Share of the context window a probe request used.',
      advice: { explicitBucketBoundaries: [...CONTEXT_UTILISATION_BUCKETS] },
    }),
  };
}

const seriesAttrs = (probeId: string, model: string): Attributes => ({ [PROBE_ATTR.probeId]: probeId, [PROBE_ATTR.model]: model });
const seriesKey = (probeId: string, model: string) => `${probeId}\u0000${model}`;
const COUNTED_OUTCOMES: readonly ProbeOutcome[] = ['pass', 'fail', 'error', 'skipped'];

function gauges(instruments: ProbeInstruments, probeId: string, model: string): SeriesGauges {
  const key = seriesKey(probeId, model);
  let g = instruments.series.get(key);
  if (!g) instruments.series.set(key, (g = { attrs: seriesAttrs(probeId, model) }));
  return g;
}

/**
 * Announces the scheduled series (all of them: series not listed leave the gauges): each one's
 * interval, every outcome and flag counter at 0, and (when the store knows one) the start of its
 * newest earlier run, so a restarted daemon does not look fresh. Never throws.
 */
export function registerProbeSeries(instruments: ProbeInstruments, list: ReadonlyArray<{ probe_id: string; model: string; interval_ms: number; last_run_at?: number | null }>): void {
  try {
    const keep = new Set(list.map((s) => seriesKey(s.probe_id, s.model)));
    for (const key of [...instruments.series.keys()]) if (!keep.has(key)) instruments.series.delete(key);
    for (const s of list) {
      const g = gauges(instruments, s.probe_id, s.model);
      g.interval = s.interval_ms / 1000;
      if (s.last_run_at != null) g.lastRun = Math.max(g.lastRun ?? 0, s.last_run_at / 1000);
      for (const outcome of COUNTED_OUTCOMES) instruments.runs.add(0, { ...g.attrs, [PROBE_ATTR.outcome]: outcome });
      for (const flag of QUALITY_FLAGS) instruments.qualityFlags.add(0, { ...g.attrs, [PROBE_ATTR.flag]: flag });
    }
  } catch {
    /* telemetry fails open */
  }
}

/** Records one stored result. Fails open like the rest of telemetry: never throws. */
export function recordProbeResult(instruments: ProbeInstruments, r: ProbeResult): void {
  try {
    const base = seriesAttrs(r.probe_id, r.model);
    const attrs: Attributes = { ...base, [PROBE_ATTR.outcome]: r.outcome };
    if (r.outcome === 'error' && r.error_kind) attrs[PROBE_ATTR.errorType] = r.error_kind;
    instruments.runs.add(1, attrs);
    for (const flag of new Set(r.flags)) instruments.qualityFlags.add(1, { ...base, [PROBE_ATTR.flag]: flag });
    // A skipped run (spend cap) measured nothing: success and freshness stay as they were.
    if (r.outcome !== 'skipped') {
      const g = gauges(instruments, r.probe_id, r.model);
      g.success = r.outcome === 'pass' ? 1 : 0;
      g.lastRun = r.started_at / 1000;
    }
    if (r.latency_ms !== null) instruments.duration.record(r.latency_ms / 1000, base);
    if (r.context_utilisation !== null) instruments.contextUtilisation.record(r.context_utilisation, base);
  } catch {
    /* telemetry fails open */
  }
}
