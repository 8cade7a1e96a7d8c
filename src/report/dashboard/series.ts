/** Shapes aggregate rows into chart series (internal to the dashboard renderers). */
import type { BarSeries, LineSeries } from '../index.ts';
import type { CountPoint, LatencyPoint, ReportWindow } from './types.ts';
import { bucketLabel, bucketStarts, DAY_MS } from './window.ts';

/** Lines on one chart at most; the rest are named in the caption and have their own sections. */
export const MAX_LINES = 8;
/** Stacked-bar series at most; smaller ones are summed into "other". */
export const MAX_STACKS = 7;

export type LatencyField = 'p50' | 'p95' | 'p99' | 'ttft_p50' | 'ttft_p95';

/** One line per key (probe or model), null where a bucket has no data, so the line breaks. */
export function latencyLines(points: readonly LatencyPoint[], key: (p: LatencyPoint) => string, field: LatencyField, w: ReportWindow, keys?: readonly string[]): LineSeries[] {
  const byKey = new Map<string, Map<number, number | null>>();
  for (const p of points) {
    if (p.t === null) continue;
    const k = key(p);
    if (keys && !keys.includes(k)) continue;
    let m = byKey.get(k);
    if (!m) byKey.set(k, (m = new Map()));
    m.set(p.t, p[field]);
  }
  const ts = bucketStarts(w);
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, m]) => ({ name, points: ts.map((x) => ({ x, y: m.get(x) ?? null })) }))
    .filter((s) => s.points.some((p) => p.y !== null));
}

/** Keys ranked by a weight, the top `max` kept; `rest` lists the others. */
export function topKeys(weights: ReadonlyMap<string, number>, max: number): { keys: string[]; rest: string[] } {
  const ranked = [...weights.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  return { keys: ranked.slice(0, max), rest: ranked.slice(max) };
}

/** Stacked-bar series over the window's buckets (or days), the smallest keys summed as "other". */
export function stacks(points: readonly CountPoint[], w: ReportWindow, byDay = false): { categories: string[]; series: BarSeries[] } {
  const ts = byDay ? bucketStarts(w, DAY_MS) : bucketStarts(w);
  const index = new Map(ts.map((t, i) => [t, i]));
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.n);
  const { keys, rest } = topKeys(totals, rest0(totals.size));
  const series = new Map<string, number[]>(keys.map((k) => [k, ts.map(() => 0)]));
  if (rest.length > 0) series.set(`other (${rest.length})`, ts.map(() => 0));
  for (const p of points) {
    const i = index.get(p.t);
    if (i === undefined) continue;
    const s = series.get(p.key) ?? series.get(`other (${rest.length})`)!;
    s[i] = (s[i] ?? 0) + p.n;
  }
  return {
    categories: ts.map((t) => bucketLabel(t, byDay ? 'day' : w.bucket)),
    series: [...series.entries()].map(([name, values]) => ({ name, values })),
  };
}
const rest0 = (n: number) => (n > MAX_STACKS ? MAX_STACKS - 1 : MAX_STACKS);

/** x-axis labels for bucket starts. */
export const xFormatFor = (w: ReportWindow) => (x: number) => bucketLabel(x, w.bucket);

/** Share a / b, or null when b is 0. */
export const share = (a: number, b: number): number | null => (b > 0 ? a / b : null);
