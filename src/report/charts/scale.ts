/** Axis helpers for the SVG charts: "nice" tick steps and linear scales. */

/** Ticks from `min` to `max` at a 1-2-5 step, about `count` of them, covering the range. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    if (min === 0) return [0, 1];
    const pad = Math.abs(min) * 0.5;
    return niceTicks(min - pad, max + pad, count);
  }
  const span = max - min;
  const rough = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Maps [d0, d1] to [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Rounds a coordinate to 0.1 px so the SVG stays small. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Default x labels: epoch milliseconds as UTC `MM-DD HH:mm`, other numbers as they are. */
export function defaultXFormat(x: number): string {
  if (x > 1e11) {
    const iso = new Date(x).toISOString();
    return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  }
  return Number(x.toPrecision(6)).toLocaleString('en-US');
}

/** Default y labels: compact numbers. */
export function defaultYFormat(y: number): string {
  const a = Math.abs(y);
  if (a >= 1e6) return `${Number((y / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${Number((y / 1e3).toPrecision(3))}k`;
  return Number(y.toPrecision(4)).toLocaleString('en-US');
}
