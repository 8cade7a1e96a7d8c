/**
 * Merging the series of parallel k6 instances of one test: slots align on epoch time (both
 * widened to the wider slot first), counts add up, histograms merge, VUs add up per instance.
 */
import { mergeBucket } from './bucket.ts';
import { MAX_BUCKETS, type LoadSeries } from './series.ts';

/** Folds series `b` into `a` (both coarsened to the wider slot first). Returns `a`. */
function mergeInto(a: LoadSeries, b: LoadSeries): LoadSeries {
  a.coarsen(b.bucketMs);
  b.coarsen(a.bucketMs);
  for (const bucket of b.buckets.values()) {
    const into = a.buckets.get(bucket.start);
    if (into) mergeBucket(into, bucket);
    else a.buckets.set(bucket.start, bucket);
  }
  for (const [name, t] of b.totals) {
    const into = a.totals.get(name);
    if (!into) {
      a.totals.set(name, t);
      continue;
    }
    into.count += t.count;
    into.sum += t.sum;
    into.passes += t.passes;
    if (into.histogram && t.histogram) into.histogram.merge(t.histogram);
    if (into.gauge && t.gauge) for (const [k, g] of t.gauge) into.gauge.set(k, g);
  }
  for (const [name, d] of b.declarations) if (!a.declarations.has(name)) a.declarations.set(name, d);
  for (const [name, c] of b.checks) {
    const into = a.checks.get(name);
    if (into) {
      into.passes += c.passes;
      into.fails += c.fails;
    } else a.checks.set(name, { ...c });
  }
  for (const i of b.instances) a.instances.add(i);
  a.sources.push(...b.sources);
  a.firstMs = Math.min(a.firstMs, b.firstMs);
  a.lastMs = Math.max(a.lastMs, b.lastMs);
  a.samples += b.samples;
  a.skipped += b.skipped;
  for (const e of b.skippedExamples) if (a.skippedExamples.length < 3) a.skippedExamples.push(e);
  // Keep the merged series within MAX_BUCKETS.
  while (a.buckets.size > MAX_BUCKETS) a.coarsen(a.bucketMs * 2);
  return a;
}

/**
 * Merges the series of parallel k6 instances of one test into one: timestamps align on epoch
 * time, request counts and VUs add up, latency histograms merge. The inputs are consumed.
 */
export function mergeSeries(parts: readonly LoadSeries[]): LoadSeries {
  if (parts.length === 0) throw new Error('mergeSeries needs at least one series');
  const [first, ...rest] = parts;
  return rest.reduce((acc, p) => mergeInto(acc, p), first!);
}
