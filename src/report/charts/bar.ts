/**
 * Stacked bar chart: one column per category (a day, a probe, "injected" vs "observed"), each
 * split into series (models, error kinds). Empty categories keep their slot.
 */
import { html, type SafeHtml } from '../html.ts';
import { seriesColour } from '../styles.ts';
import { legend } from './legend.ts';
import { defaultYFormat, linearScale, niceTicks, px } from './scale.ts';

export interface BarSeries {
  name: string;
  /** One value per category, in category order; missing values count as 0. */
  values: readonly number[];
  colour?: string;
}
export interface StackedBarOptions {
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
  yLabel?: string;
  yFormat?: (y: number) => string;
  /** Fixed top of the y axis (e.g. 1 for shares). Default: from the data. */
  yMax?: number;
  caption?: string;
  /** Label every n-th category only (dense time axes). Default 1 (every category). */
  labelEvery?: number;
  /** Print each column's total above it. Default true. */
  totals?: boolean;
}

/**
 * @example
 * stackedBarChart({ title: 'Cost per day', categories: ['11-27', '11-28'], series: [{ name: 'haiku', values: [0.4, 0.5] }], yFormat: formatUsd })
 */
export function stackedBarChart(o: StackedBarOptions): SafeHtml {
  const W = o.width ?? 640;
  const H = o.height ?? 260;
  const m = { top: 14, right: 12, bottom: 40, left: o.yLabel ? 70 : 56 };
  const yFmt = o.yFormat ?? defaultYFormat;
  const colours = o.series.map((s, i) => s.colour ?? seriesColour(i));
  const totals = o.categories.map((_, ci) => o.series.reduce((a, s) => a + Math.max(0, s.values[ci] ?? 0), 0));
  const top = o.yMax ?? Math.max(0, ...totals);
  const ticks = niceTicks(0, top > 0 ? top : 1, 5);
  const sy = linearScale(0, ticks[ticks.length - 1]!, H - m.bottom, m.top);
  const n = Math.max(1, o.categories.length);
  const slot = (W - m.left - m.right) / n;
  const barW = Math.min(64, slot * 0.62);
  const grid = ticks.map(
    (t) => html`<line x1="${m.left}" x2="${W - m.right}" y1="${px(sy(t))}" y2="${px(sy(t))}" stroke="#d0d7de" stroke-width="${t === 0 ? 1 : 0.6}"${t === 0 ? '' : html` stroke-dasharray="3 3"`}/><text x="${m.left - 8}" y="${px(sy(t) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${yFmt(t)}</text>`,
  );
  const bars = o.categories.map((cat, ci) => {
    const x = m.left + slot * ci + (slot - barW) / 2;
    let acc = 0;
    const rects = o.series.map((s, si) => {
      const v = Math.max(0, s.values[ci] ?? 0);
      if (v === 0) return '';
      const yTop = sy(acc + v);
      const yBottom = sy(acc);
      acc += v;
      return html`<rect x="${px(x)}" y="${px(yTop)}" width="${px(barW)}" height="${px(Math.max(0.5, yBottom - yTop))}" fill="${colours[si]!}"><title>${cat} · ${s.name}: ${yFmt(v)}</title></rect>`;
    });
    const label = cat.length > 16 ? `${cat.slice(0, 15)}…` : cat;
    const showLabel = ci % Math.max(1, o.labelEvery ?? 1) === 0;
    return html`<g>${rects}${showLabel ? html`<text x="${px(x + barW / 2)}" y="${H - m.bottom + 16}" text-anchor="middle" font-size="11" fill="#57606a">${label}<title>${cat}</title></text>` : ''}${
      o.totals !== false && totals[ci]! > 0 ? html`<text x="${px(x + barW / 2)}" y="${px(sy(totals[ci]!) - 4)}" text-anchor="middle" font-size="10.5" fill="#1f2328">${yFmt(totals[ci]!)}</text>` : ''
    }</g>`;
  });
  const yTitle = o.yLabel ? html`<text transform="translate(14 ${px((m.top + H - m.bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="11" fill="#57606a">${o.yLabel}</text>` : '';
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${o.title}" font-family="system-ui,sans-serif"><title>${o.title}</title>${grid}${bars}${yTitle}</svg>${legend(
    o.series.map((s, i) => ({ name: s.name, colour: colours[i]! })),
  )}${o.caption ? html`<figcaption>${o.caption}</figcaption>` : ''}</figure>`;
}
