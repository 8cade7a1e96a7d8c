/**
 * Line chart of one or more series over a numeric x axis (time as epoch ms, or any number),
 * with axes, gridlines, tick labels, axis titles, optional reference lines and a legend.
 */
import { html, type SafeHtml } from '../html.ts';
import { seriesColour, STATUS_COLOURS, type Status } from '../styles.ts';
import { legend } from './legend.ts';
import { defaultXFormat, defaultYFormat, linearScale, niceTicks, px } from './scale.ts';

export interface Point {
  x: number;
  /** null leaves a gap in the line. */
  y: number | null;
}
export interface LineSeries {
  name: string;
  points: readonly Point[];
  colour?: string;
}
export interface ReferenceLine {
  y: number;
  label: string;
  status?: Status;
}
export interface LineChartOptions {
  /** Accessible name of the chart (and its SVG <title>). */
  title: string;
  series: readonly LineSeries[];
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  xFormat?: (x: number) => string;
  yFormat?: (y: number) => string;
  /** Fixed x ticks (value and label); default: nice ticks over the data. */
  xTicks?: readonly { value: number; label: string }[];
  /** Lower end of the y axis. Default 0 (latency, counts and cost start at zero). */
  yMin?: number;
  /** Horizontal reference lines, e.g. an SLO. */
  references?: readonly ReferenceLine[];
  /** Draw a dot at each point. Default: when a series has at most 24 points. */
  markers?: boolean;
  caption?: string;
}

/**
 * @example
 * lineChart({ title: 'p95 latency', series: [{ name: 'probe-a', points: [{ x: t0, y: 420 }, { x: t1, y: 515 }] }], yFormat: formatMs })
 */
export function lineChart(o: LineChartOptions): SafeHtml {
  const W = o.width ?? 640;
  const H = o.height ?? 260;
  const m = { top: 14, right: 18, bottom: o.xLabel ? 46 : 30, left: o.yLabel ? 70 : 56 };
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of o.series) for (const p of s.points) {
    if (Number.isFinite(p.x)) xs.push(p.x);
    if (p.y !== null && Number.isFinite(p.y)) ys.push(p.y);
  }
  for (const r of o.references ?? []) ys.push(r.y);
  const yFmt = o.yFormat ?? defaultYFormat;
  const xFmt = o.xFormat ?? defaultXFormat;
  const colours = o.series.map((s, i) => s.colour ?? seriesColour(i));
  if (xs.length === 0) {
    return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}: no data"><title>${o.title}</title><text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#57606a" font-size="13">No data</text></svg>${o.caption ? html`<figcaption>${o.caption}</figcaption>` : ''}</figure>`;
  }
  const yTicks = niceTicks(Math.min(o.yMin ?? 0, ...ys), Math.max(...ys), 5);
  const y0 = yTicks[0]!;
  const y1 = yTicks[yTicks.length - 1]!;
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const sx = linearScale(xMin, xMax, m.left, W - m.right);
  const sy = linearScale(y0, y1, H - m.bottom, m.top);
  const xTicks = o.xTicks ?? niceTicks(xMin, xMax, 6).filter((v) => v >= xMin && v <= xMax).map((v) => ({ value: v, label: xFmt(v) }));
  const markers = o.markers ?? o.series.every((s) => s.points.length <= 24);

  const grid = yTicks.map(
    (t) => html`<line x1="${m.left}" x2="${W - m.right}" y1="${px(sy(t))}" y2="${px(sy(t))}" stroke="#d0d7de" stroke-width="${t === y0 ? 1 : 0.6}"${t === y0 ? '' : html` stroke-dasharray="3 3"`}/><text x="${m.left - 8}" y="${px(sy(t) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${yFmt(t)}</text>`,
  );
  const xAxis = xTicks.map(
    (t) => html`<line x1="${px(sx(t.value))}" x2="${px(sx(t.value))}" y1="${H - m.bottom}" y2="${H - m.bottom + 4}" stroke="#8c959f"/><text x="${px(sx(t.value))}" y="${H - m.bottom + 17}" text-anchor="middle" font-size="11" fill="#57606a">${t.label}</text>`,
  );
  const paths = o.series.map((s, i) => {
    const segs: string[] = [];
    let pen = false;
    for (const p of s.points) {
      if (p.y === null || !Number.isFinite(p.y) || !Number.isFinite(p.x)) {
        pen = false;
        continue;
      }
      segs.push(`${pen ? 'L' : 'M'}${px(sx(p.x))},${px(sy(p.y))}`);
      pen = true;
    }
    const dots = markers
      ? s.points.filter((p) => p.y !== null && Number.isFinite(p.y)).map((p) => html`<circle cx="${px(sx(p.x))}" cy="${px(sy(p.y!))}" r="3" fill="${colours[i]!}"><title>${s.name}: ${xFmt(p.x)} → ${yFmt(p.y!)}</title></circle>`)
      : [];
    return html`<g><path d="${segs.join('')}" fill="none" stroke="${colours[i]!}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>${dots}</g>`;
  });
  const refs = (o.references ?? []).map((r) => {
    const c = STATUS_COLOURS[r.status ?? 'warn'];
    return html`<line x1="${m.left}" x2="${W - m.right}" y1="${px(sy(r.y))}" y2="${px(sy(r.y))}" stroke="${c}" stroke-width="1.2" stroke-dasharray="6 4"/><text x="${W - m.right - 4}" y="${px(sy(r.y) - 5)}" text-anchor="end" font-size="11" fill="${c}">${r.label}</text>`;
  });
  const axisTitles = html`${o.yLabel ? html`<text transform="translate(14 ${px((m.top + H - m.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="11" fill="#57606a">${o.yLabel}</text>` : ''}${
    o.xLabel ? html`<text x="${px((m.left + W - m.right) / 2)}" y="${H - 8}" text-anchor="middle" font-size="11" fill="#57606a">${o.xLabel}</text>` : ''
  }`;
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}" font-family="system-ui,sans-serif"><title>${o.title}</title>${grid}${xAxis}${refs}${paths}${axisTitles}</svg>${
    o.series.length > 1 ? legend(o.series.map((s, i) => ({ name: s.name, colour: colours[i]! }))) : ''
  }${o.caption ? html`<figcaption>${o.caption}</figcaption>` : ''}</figure>`;
}
