/** Median and its bootstrap interval, for the benches that compare sides round by round. */
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** 95% bootstrap interval of the median (seeded resampling, so a run reports the same interval for the same samples). */
export function medianInterval(xs: number[], resamples = 500): [number, number] {
  let seed = 0x2545f491;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const meds: number[] = [];
  const buf = new Array<number>(xs.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < xs.length; i++) buf[i] = xs[Math.floor(rand() * xs.length)]!;
    meds.push(median(buf));
  }
  meds.sort((a, b) => a - b);
  return [meds[Math.floor(resamples * 0.025)]!, meds[Math.ceil(resamples * 0.975) - 1]!];
}

/**
 * 95% bootstrap interval of median(xs) - median(ys), for two sides measured in the same run but
 * not paired with each other (each resampled on its own, seeded as above).
 */
export function medianDifferenceInterval(xs: number[], ys: number[], resamples = 500): [number, number] {
  let seed = 0x9e3779b9;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const resampledMedian = (v: number[], buf: number[]) => {
    for (let i = 0; i < v.length; i++) buf[i] = v[Math.floor(rand() * v.length)]!;
    return median(buf);
  };
  const bx = new Array<number>(xs.length);
  const by = new Array<number>(ys.length);
  const d: number[] = [];
  for (let r = 0; r < resamples; r++) d.push(resampledMedian(xs, bx) - resampledMedian(ys, by));
  d.sort((a, b) => a - b);
  return [d[Math.floor(resamples * 0.025)]!, d[Math.ceil(resamples * 0.975) - 1]!];
}
