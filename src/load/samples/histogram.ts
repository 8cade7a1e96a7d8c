/**
 * A mergeable log-bucketed histogram (the DDSketch idea): each positive value falls into bucket
 * `ceil(log(v) / log(γ))`, so any quantile read back is within ±1% of the true value, and two
 * histograms merge exactly by adding their counts. That is what makes percentiles of parallel k6
 * instances correct: the merged p95 comes from the merged counts, never from averaging p95s.
 */

/** Relative accuracy of every quantile: ±1%. */
export const HISTOGRAM_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + HISTOGRAM_RELATIVE_ACCURACY) / (1 - HISTOGRAM_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms, or whatever unit) count as zero. */
const MIN_POSITIVE = 1e-6;

/** Mergeable histogram with exact count, sum, min and max, and quantiles within ±1%. */
export class Histogram {
  /** Bucket index to count. */
  readonly bins = new Map<number, number>();
  zeros = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** Adds one value (negative values count as zero; NaN is ignored). */
  add(v: number): void {
    if (Number.isNaN(v)) return;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v <= MIN_POSITIVE) {
      this.zeros++;
      return;
    }
    const k = Math.ceil(Math.log(v) / LOG_GAMMA);
    this.bins.set(k, (this.bins.get(k) ?? 0) + 1);
  }

  /** Adds every count of `other` into this one. */
  merge(other: Histogram): this {
    this.count += other.count;
    this.sum += other.sum;
    this.zeros += other.zeros;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    for (const [k, c] of other.bins) this.bins.set(k, (this.bins.get(k) ?? 0) + c);
    return this;
  }

  /**
   * The value at quantile `q` (0..1), within ±1%, clamped to the exact min and max; null when
   * empty. k6's convention: rank `q × (count − 1)`, interpolated between the two values around it.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = q * (this.count - 1);
    const lo = Math.floor(rank);
    let [a, b] = this.valuesAt(lo, Math.min(lo + 1, this.count - 1));
    // The ends are known exactly.
    if (lo === 0) a = this.min;
    if (lo + 1 >= this.count - 1) b = this.max;
    return a + (b - a) * (rank - lo);
  }

  /** The (approximate) values at 0-based sorted positions `i` and `j` (i <= j < count). */
  private valuesAt(i: number, j: number): [number, number] {
    const clamp = (v: number) => Math.min(this.max, Math.max(this.min, v));
    let a: number | undefined;
    if (i < this.zeros) a = clamp(0);
    if (j < this.zeros) return [a!, clamp(0)];
    let seen = this.zeros;
    const keys = [...this.bins.keys()].sort((x, y) => x - y);
    for (const k of keys) {
      seen += this.bins.get(k)!;
      const v = clamp((2 * GAMMA ** k) / (GAMMA + 1));
      if (a === undefined && seen > i) a = v;
      if (seen > j) return [a!, v];
    }
    return [a ?? this.max, this.max];
  }

  /** Mean of the exact values; null when empty. */
  mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }
}
