/** A word-sized line for tiles and table cells: no axes, the last point marked. */
import { html, type SafeHtml } from '../html.ts';
import { linearScale, px } from './scale.ts';

export interface SparklineOptions {
  /** Accessible description, e.g. "p95 latency, last 7 days". */
  title: string;
  width?: number;
  height?: number;
  colour?: string;
}

/**
 * @example
 * sparkline([420, 515, 480, 610], { title: 'p95 latency, last 4 runs' })
 */
export function sparkline(values: readonly (number | null)[], o: SparklineOptions): SafeHtml {
  const W = o.width ?? 120;
  const H = o.height ?? 28;
  const colour = o.colour ?? '#0969da';
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return html`<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}: no data"><title>${o.title}</title></svg>`;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const sx = linearScale(0, Math.max(1, values.length - 1), 2, W - 4);
  const sy = linearScale(lo, hi === lo ? lo + 1 : hi, H - 3, 3);
  let d = '';
  let pen = false;
  let last: { x: number; y: number } | undefined;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    last = { x: sx(i), y: sy(v) };
    d += `${pen ? 'L' : 'M'}${px(last.x)},${px(last.y)}`;
    pen = true;
  });
  return html`<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}"><title>${o.title}</title><path d="${d}" fill="none" stroke="${colour}" stroke-width="1.6" stroke-linejoin="round"/>${
    last ? html`<circle cx="${px(last.x)}" cy="${px(last.y)}" r="2.4" fill="${colour}"/>` : ''
  }</svg>`;
}
