/** Median and its bootstrap interval, for the benches that compare sides round by round. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * A median resampler over a seeded generator: the same samples give the same resamples, so a run
 * reports the same interval for the same figures.
 */
function resampler(seed: number): (xs: number[]) => number {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return (xs) => {
    const buf = new Array<number>(xs.length);
    for (let i = 0; i < xs.length; i++) buf[i] = xs[Math.floor(rand() * xs.length)]!;
    return median(buf);
  };
}

/** The central 95% of `stats` (sorted here). */
function central95(stats: number[]): [number, number] {
  stats.sort((a, b) => a - b);
  return [stats[Math.floor(stats.length * 0.025)]!, stats[Math.ceil(stats.length * 0.975) - 1]!];
}

/** 95% bootstrap interval of the median. */
export function medianInterval(xs: number[], resamples = 500): [number, number] {
  const resample = resampler(0x2545f491);
  return central95(Array.from({ length: resamples }, () => resample(xs)));
}

/**
 * 95% bootstrap interval of median(xs) - median(ys), for two sides measured in the same run but
 * not paired with each other (each resampled on its own).
 */
export function medianDifferenceInterval(xs: number[], ys: number[], resamples = 500): [number, number] {
  const resample = resampler(0x9e3779b9);
  return central95(Array.from({ length: resamples }, () => resample(xs) - resample(ys)));
}
