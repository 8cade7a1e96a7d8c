/**
 * Turns a parsed k6 summary into the figures the load report shows. Knows the metric names the
 * scripts in scenarios/load/ emit (`METRICS`), and falls back to k6's built-ins for any script.
 */
import { METRICS } from '../../scenarios/load/lib/slo.ts';
import { FAULT_EXPECTATIONS, type FaultKind } from '../../scenarios/load/lib/faults.ts';
import { thresholdObserved, type LoadSummary, type SummaryMetric, type ThresholdResult } from './summary.ts';

export interface Percentiles {
  avg?: number;
  min?: number;
  med?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  max?: number;
  count?: number;
}

export interface FaultRow {
  /** The fault name as tagged (`none` for clean traffic). Comes from the summary: escape on output. */
  fault: string;
  injectedCount: number;
  injectedShare: number | null;
  /** Error kind the fault should surface as; null when the request should still succeed. */
  expectedKind: string | null;
  /** Share of all requests observed as that kind (null when the summary has no such metric). */
  observedShare: number | null;
  /** Share of this fault's requests detected as the expected kind. */
  detectedRate: number | null;
}

export interface ThresholdRow extends ThresholdResult {
  observed: number | undefined;
  /** `time` values are ms, `share` values 0..1. */
  unit: 'time' | 'share' | 'count' | 'usd' | 'number';
}

export interface LoadView {
  passed: boolean | null;
  durationMs: number | null;
  requests: number | null;
  requestRate: number | null;
  iterations: number | null;
  droppedIterations: number | null;
  vusMax: number | null;
  latency: Percentiles;
  waiting: Percentiles;
  ttft: Percentiles;
  errorRate: number | null;
  httpFailedRate: number | null;
  rateLimitedShare: number | null;
  streamCompleteRate: number | null;
  errorsByKind: { kind: string; count: number }[];
  faults: FaultRow[];
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  costPerRequest: Percentiles;
  checksRate: number | null;
  thresholds: ThresholdRow[];
}

function percentiles(m: SummaryMetric | undefined): Percentiles {
  if (!m) return {};
  const v = m.values;
  const out: Percentiles = {};
  const set = (k: keyof Percentiles, key: string) => {
    if (v[key] !== undefined) out[k] = v[key];
  };
  set('avg', 'avg'); set('min', 'min'); set('med', 'med'); set('p90', 'p(90)'); set('p95', 'p(95)'); set('p99', 'p(99)'); set('max', 'max'); set('count', 'count');
  return out;
}

const val = (m: SummaryMetric | undefined, key: string): number | null => m?.values[key] ?? null;

function unitFor(metricBase: string, type: SummaryMetric['type'] | undefined): ThresholdRow['unit'] {
  if (metricBase === METRICS.costUsd || metricBase === METRICS.costPerRequestUsd) return 'usd';
  if (type === 'rate') return 'share';
  if (type === 'counter') return 'count';
  if (type === 'trend' && (metricBase.endsWith('_duration') || metricBase.endsWith('_ms') || metricBase.startsWith('http_req_'))) return 'time';
  return 'number';
}

/** Computes every figure of the load report from a summary. */
export function loadView(s: LoadSummary): LoadView {
  const m = (name: string) => s.metrics.get(name);
  const reqs = m('http_reqs');
  const requests = val(reqs, 'count');

  const errorsByKind: { kind: string; count: number }[] = [];
  const injectedByFault = new Map<string, number>();
  const detectedByFault = new Map<string, number>();
  const observedByKind = new Map<string, number>();
  for (const metric of s.metrics.values()) {
    if (metric.base === METRICS.errorsByKind && metric.tags.kind !== undefined) errorsByKind.push({ kind: metric.tags.kind, count: metric.values.count ?? 0 });
    if (metric.base === METRICS.injected && metric.tags.fault !== undefined) injectedByFault.set(metric.tags.fault, metric.values.count ?? 0);
    if (metric.base === METRICS.faultDetected && metric.tags.fault !== undefined && metric.values.rate !== undefined) detectedByFault.set(metric.tags.fault, metric.values.rate);
    if (metric.base === METRICS.observedShare && metric.tags.kind !== undefined && metric.values.rate !== undefined) observedByKind.set(metric.tags.kind, metric.values.rate);
  }
  errorsByKind.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));

  const totalInjected = [...injectedByFault.values()].reduce((a, b) => a + b, 0);
  const faults: FaultRow[] = [...injectedByFault.entries()]
    .map(([fault, count]): FaultRow => {
      const expected = fault in FAULT_EXPECTATIONS ? FAULT_EXPECTATIONS[fault as FaultKind].kind : null;
      let observed: number | null = null;
      if (expected) {
        observed = observedByKind.get(expected) ?? null;
        if (observed === null && requests) {
          const c = errorsByKind.find((e) => e.kind === expected)?.count;
          if (c !== undefined) observed = c / requests;
        }
      }
      return {
        fault,
        injectedCount: count,
        injectedShare: totalInjected > 0 ? count / totalInjected : null,
        expectedKind: expected,
        observedShare: observed,
        detectedRate: detectedByFault.get(fault) ?? null,
      };
    })
    .sort((a, b) => (a.fault === 'none' ? -1 : b.fault === 'none' ? 1 : b.injectedCount - a.injectedCount || a.fault.localeCompare(b.fault)));
  // With only clean traffic there is nothing to compare.
  const hasFaults = faults.some((f) => f.fault !== 'none');

  const checks = m('checks');
  let checksRate = val(checks, 'rate');
  if (checksRate === null && s.checks.length > 0) {
    const p = s.checks.reduce((a, c) => a + c.passes, 0);
    const f = s.checks.reduce((a, c) => a + c.fails, 0);
    checksRate = p + f > 0 ? p / (p + f) : null;
  }

  return {
    passed: s.passed,
    durationMs: s.durationMs,
    requests,
    requestRate: val(reqs, 'rate'),
    iterations: val(m('iterations'), 'count'),
    droppedIterations: val(m('dropped_iterations'), 'count'),
    vusMax: val(m('vus_max'), 'max') ?? val(m('vus_max'), 'value'),
    latency: percentiles(m('http_req_duration')),
    waiting: percentiles(m('http_req_waiting')),
    ttft: percentiles(m(METRICS.ttftMs)),
    errorRate: val(m(METRICS.apiErrors), 'rate') ?? val(m('http_req_failed'), 'rate'),
    httpFailedRate: val(m('http_req_failed'), 'rate'),
    rateLimitedShare: val(m(METRICS.rateLimited), 'rate'),
    streamCompleteRate: val(m(METRICS.streamComplete), 'rate'),
    errorsByKind,
    faults: hasFaults ? faults : [],
    inputTokens: val(m(METRICS.inputTokens), 'count'),
    outputTokens: val(m(METRICS.outputTokens), 'count'),
    costUsd: val(m(METRICS.costUsd), 'count'),
    costPerRequest: percentiles(m(METRICS.costPerRequestUsd)),
    checksRate,
    thresholds: s.thresholds.map((t) => {
      const metric = s.metrics.get(t.metric);
      return { ...t, observed: thresholdObserved(s, t), unit: /^\s*count/.test(t.expression) ? 'count' : /^\s*rate/.test(t.expression) ? 'share' : unitFor(metric?.base ?? t.metric, metric?.type) };
    }),
  };
}
