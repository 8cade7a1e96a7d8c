/**
 * The over-time figures of the load report, from a (merged) series: per time slot the latency
 * percentiles (from the slot's merged histogram), request rate (total and per instance), errors
 * by kind and VUs (summed over instances). Slots are widened to at most MAX_POINTS for drawing;
 * empty slots inside the run are kept (zero requests, no latency) so gaps show.
 */
import { Histogram } from './samples/histogram.ts';
import type { LoadSeries, TimeBucket } from './samples/series.ts';

/** Most slots a chart draws. */
export const MAX_POINTS = 300;

export interface TimePoint {
  /** Slot start, ms since the first slot. */
  t: number;
  /** Requests per second in the slot, all instances. */
  rate: number;
  /** Requests per second per instance. */
  rateByInstance: Record<string, number>;
  requests: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Errors per second by kind (claude_errors `kind`). */
  errorsByKind: Record<string, number>;
  /** Failed HTTP requests per second by status / error code. */
  httpFailures: Record<string, number>;
  /** VUs, summed over instances (each instance's highest value in the slot); null when none reported. */
  vus: number | null;
  vusByInstance: Record<string, number>;
}

export interface TimeView {
  /** Epoch ms of the first slot's start. */
  startMs: number;
  slotMs: number;
  instances: string[];
  /** Kinds in order of total count, highest first. */
  errorKinds: string[];
  httpFailureKinds: string[];
  points: TimePoint[];
}

function sortedKinds(buckets: Iterable<TimeBucket>, pick: (b: TimeBucket) => Map<string, number>): string[] {
  const totals = new Map<string, number>();
  for (const b of buckets) for (const [k, v] of pick(b)) totals.set(k, (totals.get(k) ?? 0) + v);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}

const perSecond = (m: Map<string, number>, s: number): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, v] of m) out[k] = v / s;
  return out;
};

/** Over-time figures of a series (widens its slots in place when the run is long). Null when it has no samples. */
export function timeView(series: LoadSeries): TimeView | null {
  if (series.buckets.size === 0) return null;
  let starts = [...series.buckets.keys()];
  let lo = Math.min(...starts);
  let hi = Math.max(...starts);
  while ((hi - lo) / series.bucketMs + 1 > MAX_POINTS) {
    series.coarsen(series.bucketMs * 2);
    starts = [...series.buckets.keys()];
    lo = Math.min(...starts);
    hi = Math.max(...starts);
  }
  const slot = series.bucketMs;
  const s = slot / 1000;
  const instances = [...series.instances].sort();
  const points: TimePoint[] = [];
  const empty = new Histogram();
  // A gauge holds its value until the next sample: an instance whose once-a-second vus sample
  // fell in the neighbouring slot still counts, up to its last sample.
  const lastVusSlot = new Map<string, number>();
  for (const b of series.buckets.values()) for (const k of b.vus.keys()) lastVusSlot.set(k, Math.max(lastVusSlot.get(k) ?? -Infinity, b.start));
  const held = new Map<string, number>();
  for (let start = lo; start <= hi; start += slot) {
    const b = series.buckets.get(start);
    const h = b?.latency ?? empty;
    for (const [k, v] of b?.vus ?? []) held.set(k, v);
    let vus: number | null = null;
    const vusByInstance: Record<string, number> = {};
    for (const [k, v] of held) {
      if (start > lastVusSlot.get(k)!) continue;
      vus = (vus ?? 0) + v;
      vusByInstance[k] = v;
    }
    const rateByInstance: Record<string, number> = {};
    for (const i of instances) rateByInstance[i] = (b?.requestsByInstance.get(i) ?? 0) / s;
    points.push({
      t: start - lo,
      rate: (b?.requests ?? 0) / s,
      rateByInstance,
      requests: b?.requests ?? 0,
      p50: h.quantile(0.5),
      p95: h.quantile(0.95),
      p99: h.quantile(0.99),
      errorsByKind: b ? perSecond(b.errorsByKind, s) : {},
      httpFailures: b ? perSecond(b.httpFailures, s) : {},
      vus,
      vusByInstance,
    });
  }
  const buckets = [...series.buckets.values()];
  return {
    startMs: lo,
    slotMs: slot,
    instances,
    errorKinds: sortedKinds(buckets, (b) => b.errorsByKind),
    httpFailureKinds: sortedKinds(buckets, (b) => b.httpFailures),
    points,
  };
}

const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Time-axis ticks at a round step (seconds, minutes, hours) for a span of `spanMs`, about `count` of them. */
export function elapsedTicks(spanMs: number, count = 6): { value: number; label: string }[] {
  const step = (TICK_STEPS_S.find((s) => (s * 1000 * count) >= spanMs) ?? TICK_STEPS_S.at(-1)!) * 1000;
  const ticks: { value: number; label: string }[] = [];
  for (let v = 0; v <= spanMs; v += step) ticks.push({ value: v, label: formatElapsed(v) });
  return ticks;
}

/** Elapsed time as `m:ss` (or `h:mm:ss`). */
export function formatElapsed(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
