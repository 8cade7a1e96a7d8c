/**
 * The "Over time" part of the load report: latency percentiles, request rate, errors by kind and
 * VUs per time slot, as inline SVG charts from the report kit, plus the same figures as a table.
 */
import { formatCount, formatMs, formatRate, html, lineChart, section, stackedBarChart, table, type LineSeries, type SafeHtml } from '../report/index.ts';
import { elapsedTicks, formatElapsed, type TimePoint, type TimeView } from './time-view.ts';
import type { ThresholdRow } from './view.ts';

const ALL = 'all instances';
const rateFormat = (v: number) => `${Number(v.toPrecision(3))}/s`;

function slotText(view: TimeView): string {
  return view.slotMs % 1000 === 0 ? `${formatElapsedUnit(view.slotMs)} slots` : `${formatMs(view.slotMs)} slots`;
}

function formatElapsedUnit(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s} s`;
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The tightest http_req_duration p95 and p99 thresholds (abort limits above them would squash the chart). */
function latencyReferences(thresholds: readonly ThresholdRow[]) {
  const best = new Map<string, { y: number; t: ThresholdRow }>();
  for (const t of thresholds) {
    if (t.metric !== 'http_req_duration') continue;
    const m = /^p\((95|99)\)<(\d+(?:\.\d+)?)$/.exec(t.expression.replace(/\s/g, ''));
    if (!m) continue;
    const y = Number(m[2]);
    const cur = best.get(m[1]!);
    if (!cur || y < cur.y) best.set(m[1]!, { y, t });
  }
  return [...best.entries()].map(([p, { y, t }]) => ({ y, label: `p${p} SLO ${t.expression}`, status: t.ok ? ('warn' as const) : ('fail' as const) }));
}

function perInstance(view: TimeView, total: string, get: (p: TimePoint) => number | null, byInstance: (p: TimePoint) => Record<string, number>): LineSeries[] {
  const series: LineSeries[] = [{ name: total, points: view.points.map((p) => ({ x: p.t, y: get(p) })) }];
  if (view.instances.length > 1) {
    for (const i of view.instances) series.push({ name: i, points: view.points.map((p) => ({ x: p.t, y: byInstance(p)[i] ?? null })) });
  }
  return series;
}

function errorChart(view: TimeView, title: string, kinds: string[], pick: (p: TimePoint) => Record<string, number>, caption: string): SafeHtml {
  // Label the bars at the same round steps as the line charts' time axis.
  const step = elapsedTicks(view.points.at(-1)!.t, 8)[1]?.value;
  const labelEvery = step ? Math.max(1, Math.round(step / view.slotMs)) : 1;
  return stackedBarChart({
    title,
    categories: view.points.map((p) => formatElapsed(p.t)),
    series: kinds.map((k) => ({ name: k, values: view.points.map((p) => pick(p)[k] ?? 0) })),
    yLabel: 'errors per second',
    yFormat: rateFormat,
    labelEvery,
    totals: view.points.length <= 30,
    caption,
  });
}

/**
 * The over-time section.
 *
 * @param thresholds the run's thresholds, to draw the http_req_duration p95 and p99 SLOs as reference lines
 */
export function timeSection(view: TimeView, thresholds: readonly ThresholdRow[] = []): SafeHtml {
  const span = view.points.at(-1)!.t;
  const x = { xLabel: `time since start (${slotText(view)}, first at ${new Date(view.startMs).toISOString().slice(11, 19)} UTC)`, xFormat: formatElapsed, ...(span > 0 ? { xTicks: elapsedTicks(span) } : {}) };
  const refs = latencyReferences(thresholds);
  const latency = lineChart({
    title: 'Latency percentiles over time',
    series: (['p50', 'p95', 'p99'] as const).map((k) => ({ name: k, points: view.points.map((p) => ({ x: p.t, y: p[k] })) })),
    ...x,
    yLabel: 'request duration',
    yFormat: formatMs,
    references: refs,
    caption: 'http_req_duration per slot; percentiles of all instances together, from their merged histograms (±1%).',
  });
  const rate = lineChart({
    title: 'Request rate over time',
    series: perInstance(view, ALL, (p) => p.rate, (p) => p.rateByInstance),
    ...x,
    yLabel: 'requests per second',
    yFormat: rateFormat,
    caption: view.instances.length > 1 ? `http_reqs per second; "${ALL}" is the sum of the ${view.instances.length} instances. The first and last slots may be partial.` : 'http_reqs per second. The first and last slots may be partial.',
  });
  const vusSeen = view.points.some((p) => p.vus !== null);
  const vus = lineChart({
    title: 'Virtual users over time',
    series: vusSeen ? perInstance(view, ALL, (p) => p.vus, (p) => p.vusByInstance) : [],
    ...x,
    yLabel: 'VUs',
    yFormat: (v) => formatCount(v),
    caption: view.instances.length > 1 ? `k6's vus gauge, the highest value in each slot, summed over instances.` : "k6's vus gauge, the highest value in each slot.",
  });
  const kindsChart = view.errorKinds.length
    ? errorChart(view, 'Errors by kind over time', view.errorKinds, (p) => p.errorsByKind, 'claude_errors by kind (the scripts\u2019 classification of each failed call).')
    : null;
  const httpChart = view.httpFailureKinds.length
    ? errorChart(view, 'HTTP failures by status over time', view.httpFailureKinds, (p) => p.httpFailures, 'http_req_failed by status; k6 error_code when no HTTP status came back (1050: request timeout).')
    : null;
  const errorCells = kindsChart || httpChart
    ? [kindsChart, httpChart].filter((c) => c !== null).map((c) => html`<div>${c}</div>`)
    : [html`<div><p class="muted">No failed requests in these samples.</p></div>`];
  const rows = table({
    rows: view.points,
    columns: [
      { header: 'Time', cell: (p) => formatElapsed(p.t) },
      { header: 'Requests', numeric: true, cell: (p) => formatCount(p.requests) },
      { header: 'Rate', numeric: true, cell: (p) => formatRate(p.rate) },
      { header: 'p50', numeric: true, cell: (p) => formatMs(p.p50) },
      { header: 'p95', numeric: true, cell: (p) => formatMs(p.p95) },
      { header: 'p99', numeric: true, cell: (p) => formatMs(p.p99) },
      { header: 'Errors/s', numeric: true, cell: (p) => rateFormat(Object.values(p.errorsByKind).reduce((a, b) => a + b, 0)) },
      { header: 'HTTP failed/s', numeric: true, cell: (p) => rateFormat(Object.values(p.httpFailures).reduce((a, b) => a + b, 0)) },
      { header: 'VUs', numeric: true, cell: (p) => formatCount(p.vus) },
    ],
  });
  const note = view.instances.length > 1
    ? `Merged from ${view.instances.length} k6 instances (${view.instances.join(', ')}), aligned on wall-clock time.`
    : 'From k6\u2019s per-request output.';
  return section(
    'Over time',
    html`<div class="grid2 over-time"><div>${latency}</div><div>${rate}</div><div>${vus}</div>${errorCells}</div><details><summary>The same figures per slot, as a table</summary><div class="table-wrap">${rows}</div></details>`,
    note,
  );
}
