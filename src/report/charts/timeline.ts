/**
 * Timeline (swimlane) chart: one lane per subject (a call, an alert instance), spans along a
 * numeric x axis (virtual ms, epoch ms), optional point marks. Used by the chaos report (attempts
 * and the waits between them) and the dashboard (alert pending and firing periods).
 */
import { html, type SafeHtml } from '../html.ts';
import { legend } from './legend.ts';
import { defaultXFormat, linearScale, niceTicks, px } from './scale.ts';

export interface TimelineSpan {
  start: number;
  end: number;
  colour: string;
  /** Tooltip (escaped). */
  title: string;
  /** Text drawn inside the span when it fits (escaped). */
  label?: string;
  /** A thin bar in the middle of the lane (e.g. a wait), instead of a full-height block. */
  thin?: boolean;
}
export interface TimelineMark {
  at: number;
  colour: string;
  title: string;
}
export interface TimelineLane {
  /** Lane label at the left (escaped; long labels are shortened, the full text is the tooltip). */
  label: string;
  spans: readonly TimelineSpan[];
  marks?: readonly TimelineMark[];
}
export interface TimelineOptions {
  title: string;
  lanes: readonly TimelineLane[];
  /** Axis range; default from the data (starting at 0 when every value is >= 0 and < 1e11). */
  xMin?: number;
  xMax?: number;
  xFormat?: (x: number) => string;
  /** Fixed x ticks (value and label); default: nice ticks over the range. */
  xTicks?: readonly { value: number; label: string }[];
  xLabel?: string;
  width?: number;
  laneHeight?: number;
  labelWidth?: number;
  legend?: readonly { name: string; colour: string }[];
  caption?: string;
}

const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * @example
 * timelineChart({ title: 'Call 1', lanes: [{ label: 'call 1', spans: [{ start: 0, end: 120, colour: '#cf222e', title: '429' }] }] })
 */
export function timelineChart(o: TimelineOptions): SafeHtml {
  const W = o.width ?? 960;
  const laneH = o.laneHeight ?? 26;
  const labelW = o.labelWidth ?? 170;
  const m = { top: 8, right: 30, bottom: o.xLabel ? 42 : 28, left: labelW };
  const H = m.top + m.bottom + Math.max(1, o.lanes.length) * laneH;
  const xFmt = o.xFormat ?? defaultXFormat;
  const xs: number[] = [];
  for (const l of o.lanes) {
    for (const s of l.spans) xs.push(s.start, s.end);
    for (const k of l.marks ?? []) xs.push(k.at);
  }
  const caption = o.caption ? html`<figcaption>${o.caption}</figcaption>` : '';
  if (xs.length === 0 && o.xMin === undefined) {
    return html`<figure class="chart"><svg viewBox="0 0 ${W} 60" role="img" aria-label="${o.title}: no data"><title>${o.title}</title><text x="${W / 2}" y="34" text-anchor="middle" fill="#57606a" font-size="13">No data</text></svg>${caption}</figure>`;
  }
  const lo = o.xMin ?? (Math.min(...xs) >= 0 && Math.max(...xs) < 1e11 ? 0 : Math.min(...xs));
  const hiRaw = o.xMax ?? Math.max(...xs);
  const hi = hiRaw > lo ? hiRaw : lo + 1;
  const ticks = o.xMin !== undefined || o.xMax !== undefined || lo > 1e11 ? niceTicks(lo, hi, 6).filter((t) => t >= lo && t <= hi) : niceTicks(lo, hi, 6);
  const xEnd = o.xMin === undefined && o.xMax === undefined && lo < 1e11 ? Math.max(hi, ticks[ticks.length - 1]!) : hi;
  const sx = linearScale(lo, xEnd, m.left, W - m.right);
  const clampX = (v: number) => Math.min(W - m.right, Math.max(m.left, sx(v)));
  const bottom = H - m.bottom;

  const tickList = o.xTicks ?? ticks.map((t) => ({ value: t, label: xFmt(t) }));
  const grid = tickList.map(
    (t) => html`<line x1="${px(sx(t.value))}" x2="${px(sx(t.value))}" y1="${m.top}" y2="${bottom}" stroke="#d0d7de" stroke-width="0.6" stroke-dasharray="3 3"/><text x="${px(sx(t.value))}" y="${bottom + 16}" text-anchor="middle" font-size="11" fill="#57606a">${t.label}</text>`,
  );
  const lanes = o.lanes.map((l, i) => {
    const y = m.top + i * laneH;
    const spans = l.spans.map((s) => {
      const x0 = clampX(s.start);
      const w = Math.max(1.5, clampX(Math.max(s.end, s.start)) - x0);
      const h = s.thin ? 6 : laneH - 8;
      const yy = y + (laneH - h) / 2;
      const text = s.label && w >= s.label.length * 6.2 + 6
        ? html`<text x="${px(x0 + w / 2)}" y="${px(s.thin ? yy - 3 : yy + h / 2 + 4)}" text-anchor="middle" font-size="10.5" fill="${s.thin ? '#57606a' : '#fff'}">${s.label}</text>`
        : '';
      return html`<g><rect x="${px(x0)}" y="${px(yy)}" width="${px(w)}" height="${h}" rx="2" fill="${s.colour}"${s.thin ? html` fill-opacity="0.7"` : ''}><title>${s.title}</title></rect>${text}</g>`;
    });
    const marks = (l.marks ?? []).map(
      (k) => html`<path d="M${px(clampX(k.at))},${px(y + 3)}l5,${laneH / 2 - 3}l-5,${laneH / 2 - 3}l-5,-${laneH / 2 - 3}z" fill="${k.colour}" stroke="#fff" stroke-width="1"><title>${k.title}</title></path>`,
    );
    const band = i % 2 === 0 ? html`<rect x="0" y="${y}" width="${W}" height="${laneH}" fill="#f6f8fa"/>` : '';
    return html`<g>${band}<text x="${m.left - 8}" y="${px(y + laneH / 2 + 4)}" text-anchor="end" font-size="11.5" fill="#1f2328">${shorten(l.label, Math.floor(labelW / 6.6))}<title>${l.label}</title></text>${spans}${marks}</g>`;
  });
  const axis = html`<line x1="${m.left}" x2="${W - m.right}" y1="${bottom}" y2="${bottom}" stroke="#8c959f"/>${
    o.xLabel ? html`<text x="${px((m.left + W - m.right) / 2)}" y="${H - 6}" text-anchor="middle" font-size="11" fill="#57606a">${o.xLabel}</text>` : ''
  }`;
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}" font-family="system-ui,sans-serif"><title>${o.title}</title>${lanes}${grid}${axis}</svg>${
    o.legend && o.legend.length > 0 ? legend(o.legend) : ''
  }${caption}</figure>`;
}
