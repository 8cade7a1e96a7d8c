/**
 * The per-result metrics the Prometheus rules need beyond the client's own: the daemon creates
 * these instruments once and calls {@link recordProbeResult} after storing each result.
 */
import { metrics, type Attributes, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import type { ProbeResult } from '../shared/types.ts';
import { INSTRUMENTATION_SCOPE } from '../telemetry/instruments.ts';
import { CONTEXT_UTILISATION_BUCKETS, PROBE_ATTR, PROBE_METRIC } from './metric-names.ts';

export interface ProbeInstruments {
  runs: Counter;
  contextUtilisation: Histogram;
}

/** Default provider: the global one (set up by `startTelemetry()`). */
export function createProbeInstruments(provider?: MeterProvider): ProbeInstruments {
  const meter = (provider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  return {
    runs: meter.createCounter(PROBE_METRIC.runs, { unit: '{run}', description: 'Probe runs by probe, model, outcome, error kind and quality flags.' }),
    contextUtilisation: meter.createHistogram(PROBE_METRIC.contextUtilisation, {
      unit: '1',
      description: 'Share of the context window a probe request used.',
      advice: { explicitBucketBoundaries: [...CONTEXT_UTILISATION_BUCKETS] },
    }),
  };
}

/** Records one stored result. Fails open like the rest of telemetry: never throws. */
export function recordProbeResult(instruments: ProbeInstruments, r: ProbeResult): void {
  try {
    const base: Attributes = { [PROBE_ATTR.probeId]: r.probe_id, [PROBE_ATTR.model]: r.model };
    const attrs: Attributes = { ...base, [PROBE_ATTR.outcome]: r.outcome, [PROBE_ATTR.flags]: [...r.flags].sort().join(',') };
    if (r.outcome === 'error' && r.error_kind) attrs[PROBE_ATTR.errorType] = r.error_kind;
    instruments.runs.add(1, attrs);
    if (r.context_utilisation !== null) instruments.contextUtilisation.record(r.context_utilisation, base);
  } catch {
    /* telemetry fails open */
  }
}
