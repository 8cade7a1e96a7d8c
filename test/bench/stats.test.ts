/** The benches' statistics: medians and their bootstrap intervals (bench/lib/stats.ts). */
import { describe, expect, test } from 'vitest';
import { median, medianDifferenceInterval, medianInterval } from '../../bench/lib/stats.ts';

/** A reproducible noisy sample around `centre` (uniform ±spread). */
function sample(n: number, centre: number, spread: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return centre + (s / 2 ** 32 - 0.5) * 2 * spread;
  });
}

describe('medianInterval', () => {
  test('brackets the median of the sample and is the same on every run', () => {
    const xs = sample(2_000, 50, 10, 1);
    const [lo, hi] = medianInterval(xs);
    expect(lo).toBeLessThanOrEqual(median(xs));
    expect(hi).toBeGreaterThanOrEqual(median(xs));
    expect(hi - lo).toBeLessThan(2);
    expect(medianInterval(xs)).toEqual([lo, hi]);
  });
});

describe('medianDifferenceInterval', () => {
  test('brackets the shift between two samples, and excludes 0 when the shift is clear', () => {
    const ours = sample(2_000, 84, 20, 2);
    const peer = sample(2_000, 74, 20, 3);
    const [lo, hi] = medianDifferenceInterval(ours, peer);
    const d = median(ours) - median(peer);
    expect(lo).toBeLessThanOrEqual(d);
    expect(hi).toBeGreaterThanOrEqual(d);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(20);
    // The other way round, the interval is mirrored.
    const [rlo, rhi] = medianDifferenceInterval(peer, ours);
    expect(rhi).toBeLessThan(0);
    expect(rlo).toBeGreaterThan(-20);
  });

  test('contains 0 for two samples of the same distribution', () => {
    const [lo, hi] = medianDifferenceInterval(sample(1_000, 70, 20, 4), sample(1_000, 70, 20, 5));
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
  });
});
