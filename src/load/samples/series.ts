/**
 * Aggregation of k6 per-request samples into time buckets and whole-run totals, in memory that
 * does not grow with the number of samples: one bucket per time slot (at most MAX_BUCKETS, the
 * slot width doubles when a run gets longer), one total per metric and per breakdown tag value.
 * Series from parallel k6 instances merge (`mergeSeries`, merge.ts): buckets align on epoch time, counts
 * add up, histograms merge, VUs add up across instances.
 */
import { METRICS } from '../../../scenarios/load/lib/slo.ts';
import { Histogram } from './histogram.ts';
import { addTo, MAX_TAG_VALUES, mergeBucket, newBucket, type TimeBucket } from './bucket.ts';

export { MAX_TAG_VALUES, type TimeBucket } from './bucket.ts';

/** k6 metric types. */
export type K6MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/** What a k6 "Metric" line declares. */
export interface MetricDeclaration {
  name: string;
  type: K6MetricType;
  contains: string;
  thresholds: string[];
  /** Tagged sub-metrics k6 tracks (one per threshold on a tagged name), e.g. `claude_errors{kind:timeout}`. */
  submetrics: { name: string; tags: Record<string, string> }[];
}

/** One sample ("Point" line, or CSV row). */
export interface Sample {
  metric: string;
  /** Epoch ms. */
  time: number;
  value: number;
  tags: Record<string, string> | null;
}

/** Whole-run aggregate of one metric (or one tagged sub-metric). */
export interface MetricTotal {
  type: K6MetricType;
  /** Counter: sum of values. Rate: number of samples. Trend/gauge: number of samples. */
  count: number;
  sum: number;
  /** Rate: samples with a non-zero value. */
  passes: number;
  /** Trend values (ms for time trends). */
  histogram: Histogram | null;
  /** Gauge: per instance, the last, min and max value. */
  gauge: Map<string, { last: number; min: number; max: number }> | null;
}

/** Upper bound on time slots kept; past it, slots double in width. */
export const MAX_BUCKETS = 2_048;
/** Most distinct metric names (and tagged sub-metrics) kept; a file with more is not a k6 test's output. */
export const MAX_METRICS = 1_000;
/** First slot width: one second. */
export const BASE_BUCKET_MS = 1_000;

/** Tags whose values break a metric down into tracked sub-metrics (`name{tag:value}`), as the report reads them. */
const BREAKDOWNS: Record<string, string> = {
  [METRICS.errorsByKind]: 'kind',
  [METRICS.injected]: 'fault',
  [METRICS.faultDetected]: 'fault',
  [METRICS.observedShare]: 'kind',
};

/** Types of the custom metrics scenarios/load/k6/claude.ts creates, for CSV files (which declare nothing). */
const SCRIPT_METRIC_TYPES: Record<string, K6MetricType> = {
  [METRICS.inputTokens]: 'counter', [METRICS.outputTokens]: 'counter', [METRICS.costUsd]: 'counter', [METRICS.errorsByKind]: 'counter', [METRICS.injected]: 'counter',
  [METRICS.apiErrors]: 'rate', [METRICS.rateLimited]: 'rate', [METRICS.faultDetected]: 'rate', [METRICS.streamComplete]: 'rate', [METRICS.observedShare]: 'rate',
  [METRICS.costPerRequestUsd]: 'trend', [METRICS.ttftMs]: 'trend',
};

function typeFor(name: string, declared: MetricDeclaration | undefined): K6MetricType {
  if (declared) return declared.type;
  // CSV declares nothing: our scripts' metrics and k6's built-ins are known; any other is read as a trend.
  const known = SCRIPT_METRIC_TYPES[name];
  if (known) return known;
  if (name === 'vus' || name === 'vus_max') return 'gauge';
  if (name === 'checks' || name.endsWith('_failed')) return 'rate';
  if (name === 'http_reqs' || name === 'iterations' || name.startsWith('data_') || name === 'dropped_iterations') return 'counter';
  return 'trend';
}

/** A failed request's kind for the HTTP failures chart: `error_code 1050`, `HTTP 429`. */
export function httpFailureKind(tags: Record<string, string> | null): string {
  if (tags?.error_code) return `error_code ${tags.error_code}`;
  if (tags?.status !== undefined && tags.status !== '0') return `HTTP ${tags.status}`;
  return 'no response';
}

/**
 * Time buckets and totals of one or more k6 outputs. Feed it with `declare` and `add` (the
 * parsers do), merge several with `mergeSeries`.
 */
export class LoadSeries {
  bucketMs = BASE_BUCKET_MS;
  readonly buckets = new Map<number, TimeBucket>();
  readonly totals = new Map<string, MetricTotal>();
  readonly declarations = new Map<string, MetricDeclaration>();
  readonly checks = new Map<string, { passes: number; fails: number }>();
  readonly instances = new Set<string>();
  /** Where the samples came from (file paths), for the report's subtitle. */
  readonly sources: string[] = [];
  firstMs = Infinity;
  lastMs = -Infinity;
  samples = 0;
  /** Lines that were neither a metric declaration nor a sample, with the first few quoted. */
  skipped = 0;
  readonly skippedExamples: string[] = [];

  /** @param instance name for samples without an `instance` tag (e.g. the file name). */
  constructor(readonly instance = 'k6') {}

  declare(d: MetricDeclaration): void {
    if (this.declarations.size < MAX_METRICS || this.declarations.has(d.name)) this.declarations.set(d.name, d);
  }

  /** Notes a line that could not be read (kept: collect, don't stop). */
  skip(line: string): void {
    this.skipped++;
    if (this.skippedExamples.length < 3) this.skippedExamples.push(line.length > 120 ? `${line.slice(0, 117)}...` : line);
  }

  private total(name: string, type: K6MetricType): MetricTotal | null {
    let t = this.totals.get(name);
    if (!t) {
      if (this.totals.size >= MAX_METRICS) return null;
      t = { type, count: 0, sum: 0, passes: 0, histogram: type === 'trend' ? new Histogram() : null, gauge: type === 'gauge' ? new Map() : null };
      this.totals.set(name, t);
    }
    return t;
  }

  private addTotal(name: string, type: K6MetricType, s: Sample, instance: string): void {
    const t = this.total(name, type);
    if (!t) return;
    t.count += type === 'counter' ? s.value : 1;
    t.sum += s.value;
    if (s.value !== 0) t.passes++;
    t.histogram?.add(s.value);
    if (t.gauge) {
      const g = t.gauge.get(instance);
      if (!g) t.gauge.set(instance, { last: s.value, min: s.value, max: s.value });
      else {
        g.last = s.value;
        if (s.value < g.min) g.min = s.value;
        if (s.value > g.max) g.max = s.value;
      }
    }
  }

  private bucket(time: number): TimeBucket {
    const start = Math.floor(time / this.bucketMs) * this.bucketMs;
    let b = this.buckets.get(start);
    if (!b) {
      if (this.buckets.size >= MAX_BUCKETS) {
        this.coarsen(this.bucketMs * 2);
        return this.bucket(time);
      }
      b = newBucket(start);
      this.buckets.set(start, b);
    }
    return b;
  }

  /** Widens every slot to `bucketMs` (a multiple of the current width), merging neighbours. */
  coarsen(bucketMs: number): void {
    if (bucketMs <= this.bucketMs) return;
    const old = [...this.buckets.values()];
    this.buckets.clear();
    this.bucketMs = bucketMs;
    for (const b of old) {
      const start = Math.floor(b.start / bucketMs) * bucketMs;
      const into = this.buckets.get(start);
      if (into) mergeBucket(into, b);
      else {
        b.start = start;
        this.buckets.set(start, b);
      }
    }
  }

  /** Adds one sample to its time slot and to the totals. */
  add(s: Sample): void {
    const decl = this.declarations.get(s.metric);
    const type = typeFor(s.metric, decl);
    const tags = s.tags;
    const instance = tags?.instance ?? this.instance;
    this.instances.add(instance);
    this.samples++;
    if (s.time < this.firstMs) this.firstMs = s.time;
    if (s.time > this.lastMs) this.lastMs = s.time;

    this.addTotal(s.metric, type, s, instance);
    if (decl && tags) {
      for (const sub of decl.submetrics) {
        let match = true;
        for (const k in sub.tags) if (tags[k] !== sub.tags[k]) match = false;
        if (match) this.addTotal(sub.name, type, s, instance);
      }
    }
    const breakdown = BREAKDOWNS[s.metric];
    if (breakdown && tags?.[breakdown] !== undefined) {
      const sub = `${s.metric}{${breakdown}:${tags[breakdown]}}`;
      if (!decl?.submetrics.some((x) => x.name === sub) && (this.totals.has(sub) || this.totals.size < MAX_TAG_VALUES * 4)) this.addTotal(sub, type, s, instance);
    }

    switch (s.metric) {
      case 'http_reqs': {
        const b = this.bucket(s.time);
        b.requests += s.value;
        addTo(b.requestsByInstance, instance, s.value);
        break;
      }
      case 'http_req_duration':
        this.bucket(s.time).latency.add(s.value);
        break;
      case 'http_req_failed':
        if (s.value !== 0) {
          const b = this.bucket(s.time);
          b.failed++;
          addTo(b.httpFailures, httpFailureKind(tags), 1);
        }
        break;
      case 'iterations':
        this.bucket(s.time).iterations += s.value;
        break;
      case 'vus': {
        const b = this.bucket(s.time);
        b.vus.set(instance, Math.max(b.vus.get(instance) ?? 0, s.value));
        break;
      }
      case 'checks': {
        const name = tags?.check ?? '(unnamed)';
        let c = this.checks.get(name);
        if (!c && this.checks.size < MAX_TAG_VALUES) this.checks.set(name, (c = { passes: 0, fails: 0 }));
        if (c) {
          if (s.value !== 0) c.passes++;
          else c.fails++;
        }
        break;
      }
      default:
        if (s.metric === METRICS.errorsByKind) addTo(this.bucket(s.time).errorsByKind, tags?.kind ?? '(no kind)', s.value);
    }
  }
}
