/**
 * Merging parallel k6 instances: slots align on wall-clock time, rates and VUs add up, and
 * percentiles come from merged histograms (never from averaged percentiles). Memory stays bounded.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../src/load/samples/histogram.ts';
import { readK6Samples } from '../../src/load/samples/read.ts';
import { mergeSeries } from '../../src/load/samples/merge.ts';
import { LoadSeries, MAX_BUCKETS } from '../../src/load/samples/series.ts';
import { evaluateThreshold, toSummary } from '../../src/load/samples/to-summary.ts';
import { timeView } from '../../src/load/time-view.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/k6/samples');
const parts = async () => [await readK6Samples(join(FIX, 'steady-part-a.json')), await readK6Samples(join(FIX, 'steady-part-b.json.gz'))];

let rng = 3;
const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
/** k6's percentile: rank q*(n-1) over the sorted values, interpolated. */
const exact = (sorted: number[], q: number) => {
  const r = q * (sorted.length - 1);
  const lo = Math.floor(r);
  return sorted[lo]! + ((sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (r - lo));
};

describe('histogram', () => {
  it('reads every percentile within 1% of the exact value (k6 convention)', () => {
    const values = Array.from({ length: 20_000 }, () => 50 + 2000 * rand() ** 3);
    const h = new Histogram();
    for (const v of values) h.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0.01, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      const want = exact(sorted, q);
      expect(Math.abs(h.quantile(q)! - want) / want).toBeLessThan(0.01);
    }
    expect(h.quantile(0)).toBe(sorted[0]);
    expect(h.quantile(1)).toBe(sorted.at(-1));
  });

  it('merging two histograms equals the histogram of all values, and differs from averaging percentiles', () => {
    const fast = Array.from({ length: 900 }, () => 100 + 50 * rand());
    const slow = Array.from({ length: 100 }, () => 3000 + 500 * rand());
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (const v of fast) { a.add(v); all.add(v); }
    for (const v of slow) { b.add(v); all.add(v); }
    const merged = new Histogram().merge(a).merge(b);
    expect([...merged.bins.entries()].sort()).toEqual([...all.bins.entries()].sort());
    for (const q of [0.5, 0.95, 0.99]) expect(merged.quantile(q)).toBeCloseTo(all.quantile(q)!, 9);
    const sorted = [...fast, ...slow].sort((x, y) => x - y);
    expect(Math.abs(merged.quantile(0.95)! - exact(sorted, 0.95)) / exact(sorted, 0.95)).toBeLessThan(0.01);
    // The average of the two p95s (about 1,700 ms) is nowhere near the true p95 (about 3,000 ms).
    expect(Math.abs((a.quantile(0.95)! + b.quantile(0.95)!) / 2 - exact(sorted, 0.95))).toBeGreaterThan(1000);
  });
});

describe('merging parallel k6 instances', () => {
  it('aligns part-a (UTC) and part-b (+01:00) on the same slots and adds up requests and VUs', async () => {
    const [a, b] = await parts();
    const perSlotA = new Map([...a!.buckets].map(([k, v]) => [k, v.requests]));
    const perSlotB = new Map([...b!.buckets].map(([k, v]) => [k, v.requests]));
    expect([...perSlotA.keys()]).toEqual([...perSlotB.keys()]);
    const merged = mergeSeries([a!, b!]);
    expect(merged.buckets.size).toBe(6);
    for (const [start, bucket] of merged.buckets) {
      expect(bucket.requests).toBe(perSlotA.get(start)! + perSlotB.get(start)!);
      expect(bucket.requests).toBe(6);
      expect(Object.fromEntries(bucket.requestsByInstance)).toEqual({ 'part-a': 2, 'part-b': 4 });
    }
    const view = timeView(merged)!;
    expect(view.instances).toEqual(['part-a', 'part-b']);
    expect(view.points.map((p) => p.rate)).toEqual([6, 6, 6, 6, 6, 6]);
    expect(view.points.map((p) => p.vus)).toEqual([2, 4, 5, 6, 6, 6]);
    expect(view.errorKinds).toEqual(['rate_limited', 'timeout']);
    expect(view.points[2]!.errorsByKind).toEqual({ rate_limited: 2 });
  });

  it("takes each slot's percentiles from the merged histogram: the timeout in part-b shows in the merged p99", async () => {
    const [a, b] = await parts();
    const slot = Date.UTC(2026, 11, 7, 2, 0, 4);
    const values = [...[a!, b!].flatMap((s) => {
      const h = s.buckets.get(slot)!.latency;
      return [h.min, h.max];
    })];
    expect(Math.max(...values)).toBe(3000);
    const merged = mergeSeries([a!, b!]);
    const p99 = merged.buckets.get(slot)!.latency.quantile(0.99)!;
    expect(p99).toBeGreaterThan(2500);
    expect(merged.buckets.get(slot)!.latency.count).toBe(6);
  });

  it('computes whole-run figures and thresholds on the merged samples (the 429 burst fails the error-rate SLO)', async () => {
    const s = toSummary(mergeSeries(await parts()));
    expect(s.format).toBe('samples');
    expect(s.metrics.get('http_reqs')!.values.count).toBe(36);
    expect(s.metrics.get('claude_api_errors')!.values.rate).toBeCloseTo(5 / 36, 9);
    expect(s.metrics.get('vus_max')!.values.max).toBe(12);
    expect(s.thresholds.find((t) => t.metric === 'claude_api_errors' && t.expression === 'rate<0.01')!.ok).toBe(false);
    expect(s.thresholds.find((t) => t.expression === 'p(95)<2500')!.ok).toBe(true);
    expect(s.passed).toBe(false);
    expect(s.durationMs).toBeGreaterThan(5000);
  });

  it.each([
    ['p(95)<2500', { 'p(95)': 2400 }, true],
    ['p(95) < 2500', { 'p(95)': 2600 }, false],
    ['rate<0.01', { rate: 0.01 }, false],
    ['rate<=0.01', { rate: 0.01 }, true],
    ['count>=0', { count: 0 }, true],
    ['avg<1000', { med: 10 }, undefined],
    ['value > 3 && x', { value: 4 }, undefined],
  ])('threshold %s on %j -> %s', (expr, values, ok) => {
    expect(evaluateThreshold(expr, values)).toBe(ok);
  });
});

describe('VUs over time', () => {
  it("holds an instance's last vus value through a slot its once-a-second sample missed, and stops after its last sample", () => {
    const t0 = Date.UTC(2026, 11, 7, 2);
    const s = new LoadSeries();
    const vus = (inst: string, ms: number, v: number) => s.add({ metric: 'vus', time: t0 + ms, value: v, tags: { instance: inst } });
    vus('a', 900, 5); vus('a', 2_050, 7); // a's second sample came late: nothing in slot 1
    vus('b', 100, 3); vus('b', 1_100, 3); vus('b', 2_100, 4); vus('b', 3_100, 4);
    expect(timeView(s)!.points.map((p) => p.vus)).toEqual([8, 8, 11, 4]);
    expect(timeView(s)!.points[1]!.vusByInstance).toEqual({ a: 5, b: 3 });
  });
});

describe('bounded memory', () => {
  it('keeps at most MAX_BUCKETS slots over a long run by widening them, without losing a request', () => {
    const s = new LoadSeries('long');
    const t0 = Date.UTC(2026, 11, 7);
    const hours = 6;
    let n = 0;
    for (let t = 0; t < hours * 3_600_000; t += 250) {
      s.add({ metric: 'http_reqs', time: t0 + t, value: 1, tags: null });
      s.add({ metric: 'http_req_duration', time: t0 + t, value: 100 + (t % 1000), tags: null });
      n++;
    }
    expect(s.buckets.size).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(s.bucketMs).toBe(16_000);
    expect([...s.buckets.values()].reduce((a, b) => a + b.requests, 0)).toBe(n);
    expect([...s.buckets.values()].reduce((a, b) => a + b.latency.count, 0)).toBe(n);
    const view = timeView(s)!;
    expect(view.points.length).toBeLessThanOrEqual(300);
    expect(view.points.reduce((a, p) => a + p.requests, 0)).toBe(n);
  });
});
