/** Summary tiles, latency and TTFT over time, error kinds and quality flags (internal). */
import {
  badge, formatCount, formatMs, formatPct, formatUsd, html, lineChart, section, sparkline, stackedBarChart, table, tiles,
  type BarSeries, type SafeHtml, type Status, type Tile,
} from '../index.ts';
import { truncateWords } from '../../shared/text.ts';
import { FAILURE_RATE_LIMIT, sourceBadges, sourceMix } from './render-failures.ts';
import { latencyLines, MAX_LINES, share, stacks, topKeys, xFormatFor, type LatencyField } from './series.ts';
import type { DashboardData, LatencyPoint, ReportWindow } from './types.ts';
import { formatTime } from './window.ts';

/** Error rate above which the error tile turns red (the API error-rate alert default, 1%). */
export const ERROR_RATE_LIMIT = 0.01;
/** p99 above which the latency tile turns red (the p99 alert default, 5 s). */
export const P99_LIMIT_MS = 5_000;
/** Spend share of a budget at which its tile turns amber. */
export const BUDGET_WARN_SHARE = 0.8;

/** A stacked bar chart sized for a time axis of any length. */
export function timeBars(title: string, data: { categories: string[]; series: BarSeries[] }, o: { yFormat?: (v: number) => string; yLabel?: string; caption?: string } = {}): SafeHtml {
  const n = data.categories.length;
  return stackedBarChart({
    title,
    ...data,
    ...o,
    width: 560,
    height: 250,
    labelEvery: Math.max(1, Math.ceil(n / (n > 24 ? 8 : 10))),
    totals: n <= 14,
  });
}

function budgetStatus(spent: number, budget: number): Status {
  if (budget <= 0) return 'neutral';
  return spent > budget ? 'fail' : spent >= budget * BUDGET_WARN_SHARE ? 'warn' : 'pass';
}

export function summaryTiles(d: DashboardData, budgets: { daily_usd: number; monthly_usd: number }): SafeHtml {
  const s = d.summary;
  const answered = s.runs - s.skipped;
  const errorRate = share(s.errors, answered);
  const failRate = share(s.failed, answered);
  // A failed canary is unavailable: runs that errored or failed their checks both count against it.
  const unavailable = share(s.errors + s.failed, answered);
  const availability = unavailable === null ? null : 1 - unavailable;
  const sources = sourceMix(s);
  const p95Spark = sparkline(aggregateBuckets(d.bySeriesBucket, 'p95'), { title: 'p95 latency over the window (worst series per bucket)' });
  const firing = d.alerts.open.filter((a) => a.state === 'firing').length;
  const pending = d.alerts.open.length - firing;
  const list: Tile[] = [
    { label: 'Availability', value: formatPct(availability, 2), status: availability === null ? 'neutral' : unavailable! > ERROR_RATE_LIMIT ? 'fail' : 'pass', hint: `${formatCount(answered - s.errors - s.failed)} of ${formatCount(answered)} runs passed` },
    { label: 'Latency p50', value: formatMs(s.p50), hint: `${formatCount(s.runs)} runs` },
    { label: 'Latency p95', value: formatMs(s.p95), chart: p95Spark },
    { label: 'Latency p99', value: formatMs(s.p99), status: s.p99 === null ? 'neutral' : s.p99 > P99_LIMIT_MS ? 'fail' : 'pass', hint: `limit ${formatMs(P99_LIMIT_MS)}` },
    { label: 'Error rate', value: formatPct(errorRate, 2), status: errorRate === null ? 'neutral' : errorRate > ERROR_RATE_LIMIT ? 'fail' : 'pass', hint: `${formatCount(s.errors)} errors, limit ${formatPct(ERROR_RATE_LIMIT)}` },
    { label: 'Probe failures', value: formatPct(failRate, 1), status: failRate === null ? 'neutral' : failRate > FAILURE_RATE_LIMIT ? 'fail' : failRate > 0 ? 'warn' : 'pass', hint: `${formatCount(s.failed)} runs failed their checks` },
    { label: 'Quality flags', value: formatPct(share(s.flagged, answered - s.errors), 1), hint: `${formatCount(s.flagged)} flagged runs` },
    { label: 'Spend today', value: formatUsd(d.spendToday), status: budgetStatus(d.spendToday, budgets.daily_usd), hint: `of ${formatUsd(budgets.daily_usd)} daily budget` },
    { label: 'Spend this month', value: formatUsd(d.spendMonth), status: budgetStatus(d.spendMonth, budgets.monthly_usd), hint: `of ${formatUsd(budgets.monthly_usd)} monthly budget` },
    d.alerts.available
      ? { label: 'Open alerts', value: formatCount(firing), status: firing > 0 ? 'fail' : pending > 0 ? 'warn' : 'pass', hint: `firing; ${formatCount(pending)} pending` }
      : { label: 'Open alerts', value: '–', hint: 'no alert data in this store' },
    { label: 'Results from', value: sources.value, status: sources.value === 'mixed' ? 'warn' : 'neutral', hint: sources.hint },
  ];
  return tiles(list);
}

const seriesName = (p: LatencyPoint) => `${p.probe_id} · ${p.model ?? ''}`;

/** The worst (highest) value of a field across probes, per bucket, in time order. */
function aggregateBuckets(points: readonly LatencyPoint[], field: LatencyField): (number | null)[] {
  const m = new Map<number, number>();
  for (const p of points) {
    const v = p[field];
    if (p.t === null || v === null) continue;
    m.set(p.t, Math.max(m.get(p.t) ?? 0, v));
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** The series to draw as lines: the slowest by p95. */
function chartedSeries(d: DashboardData): { keys: string[]; rest: string[] } {
  return topKeys(new Map(d.bySeries.map((p) => [seriesName(p), p.p95 ?? 0])), MAX_LINES);
}

function latencyChart(d: DashboardData, field: LatencyField, title: string, keys: string[], w: ReportWindow): SafeHtml {
  const series = latencyLines(d.bySeriesBucket, seriesName, field, w, keys);
  // A lone series gets no legend from the kit: name it in the caption.
  const caption = series.length === 1 ? `${title}: ${series[0]!.name}` : title;
  return lineChart({ title, series, xFormat: xFormatFor(w), yFormat: formatMs, width: 360, height: 230, caption });
}

export function latencySection(d: DashboardData): SafeHtml {
  const w = d.window;
  const { keys, rest } = chartedSeries(d);
  const note = `Per ${w.bucket} (UTC), per probe and model.${rest.length ? ` Charted: the ${keys.length} slowest by p95; ${rest.length} more in the table and in each probe's section below.` : ''}`;
  const charts = html`<div class="grid3">${latencyChart(d, 'p50', 'Latency p50 by probe and model', keys, w)}${latencyChart(d, 'p95', 'Latency p95 by probe and model', keys, w)}${latencyChart(d, 'p99', 'Latency p99 by probe and model', keys, w)}</div>`;
  const rows = table({
    rows: d.bySeries,
    empty: 'No results in this window.',
    columns: [
      { header: 'Probe', cell: (p) => html`<a href="#${probeAnchor(p.probe_id)}"><code>${p.probe_id}</code></a>` },
      { header: 'Model', cell: (p) => html`<code>${p.model}</code>` },
      { header: 'Source', cell: (p) => sourceBadges(p) },
      { header: 'Runs', numeric: true, cell: (p) => formatCount(p.runs) },
      { header: 'p50', numeric: true, cell: (p) => formatMs(p.p50) },
      { header: 'p95', numeric: true, cell: (p) => formatMs(p.p95) },
      { header: 'p99', numeric: true, cell: (p) => formatMs(p.p99) },
      { header: 'Errors', numeric: true, cell: (p) => (p.errors > 0 ? html`<span class="fail-text">${formatPct(share(p.errors, p.runs), 2)}</span>` : '0%') },
      { header: 'p95 trend', cell: (p) => sparkline(d.bySeriesBucket.filter((b) => b.probe_id === p.probe_id && b.model === p.model).map((b) => b.p95), { title: `${seriesName(p)} p95 per ${w.bucket}`, width: 100, height: 22 }) },
    ],
  });
  return section('Latency', html`${charts}<h3>By probe and model</h3>${rows}`, note);
}

export function ttftSection(d: DashboardData): SafeHtml {
  const w = d.window;
  const streaming = d.bySeries.filter((s) => s.ttft_p50 !== null);
  if (streaming.length === 0) return section('Time to first token', html`<p class="muted">No streaming results with a time to first token in this window.</p>`);
  const { keys, rest } = topKeys(new Map(streaming.map((s) => [seriesName(s), s.ttft_p95 ?? 0])), MAX_LINES);
  const t = table({
    rows: streaming,
    columns: [
      { header: 'Probe', cell: (s) => html`<a href="#${probeAnchor(s.probe_id)}"><code>${s.probe_id}</code></a>` },
      { header: 'Model', cell: (s) => html`<code>${s.model}</code>` },
      { header: 'TTFT p50', numeric: true, cell: (s) => formatMs(s.ttft_p50) },
      { header: 'TTFT p95', numeric: true, cell: (s) => formatMs(s.ttft_p95) },
    ],
  });
  return section(
    'Time to first token',
    html`<div class="grid3">${latencyChart(d, 'ttft_p50', 'TTFT p50 by probe and model', keys, w)}${latencyChart(d, 'ttft_p95', 'TTFT p95 by probe and model', keys, w)}<div>${t}</div></div>`,
    `Streaming probes only: the time from sending the request to the first text delta.${rest.length ? ` Charted: the ${keys.length} slowest series by p95.` : ''}`,
  );
}

export function errorsSection(d: DashboardData): SafeHtml {
  const answered = d.summary.runs - d.summary.skipped;
  const chart = d.errorsByBucket.length
    ? timeBars('Errors by kind', stacks(d.errorsByBucket, d.window), { yLabel: 'errors', caption: `Errors per ${d.window.bucket}, by kind of the final attempt.` })
    : html`<p class="muted">No errors in this window.</p>`;
  const kinds = table({
    rows: d.errorKinds,
    empty: 'No errors in this window.',
    columns: [
      { header: 'Kind', cell: (e) => html`<code>${e.error_kind}</code>` },
      { header: 'Count', numeric: true, cell: (e) => formatCount(e.n) },
      { header: 'Share of runs', numeric: true, cell: (e) => formatPct(share(e.n, answered), 2) },
      { header: 'Last seen', cell: (e) => html`<span class="nowrap">${formatTime(e.last_at)}</span>` },
    ],
  });
  const messages = d.errorKinds.filter((e) => e.last_message);
  const latest = messages.length
    ? html`<h3>Latest message per kind</h3><ul class="latest">${messages.map((e) => html`<li><code>${e.error_kind}</code> (${formatTime(e.last_at)}): <span class="mono">${clip(e.last_message!, 240)}</span></li>`)}</ul>`
    : '';
  return section('Errors', html`<div class="grid2"><div>${chart}</div><div>${kinds}</div></div>${latest}`);
}

export function flagsSection(d: DashboardData): SafeHtml {
  if (d.flagsByBucket.length === 0) return section('Quality flags', html`<p class="muted">No quality flags raised in this window.</p>`);
  const totals = new Map<string, number>();
  for (const p of d.flagsByBucket) totals.set(p.key, (totals.get(p.key) ?? 0) + p.n);
  const answered = d.summary.runs - d.summary.skipped - d.summary.errors;
  const t = table({
    rows: [...totals.entries()].sort((a, b) => b[1] - a[1]),
    columns: [
      { header: 'Flag', cell: ([k]) => badge(k, 'warn') },
      { header: 'Runs', numeric: true, cell: ([, n]) => formatCount(n) },
      { header: 'Share of answered runs', numeric: true, cell: ([, n]) => formatPct(share(n, answered), 2) },
    ],
  });
  return section('Quality flags', html`<div class="grid2"><div>${timeBars('Quality flags', stacks(d.flagsByBucket, d.window), { yLabel: 'flagged runs', caption: `Flags raised per ${d.window.bucket}; one run can raise several.` })}</div><div>${t}</div></div>`);
}

/** Shortens long stored text for a table cell (the full text is not needed to triage), at a word boundary. */
export function clip(s: string, n: number): string {
  return truncateWords(s, n - 1);
}

/** A fragment id for a probe's section: only [a-z0-9-], with a hash suffix so two ids never collide. */
export function probeAnchor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return `probe-${id.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40)}-${h.toString(36)}`;
}

