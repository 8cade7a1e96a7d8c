/**
 * The load report: one self-contained HTML page from a k6 summary, built with the shared kit
 * (src/report). Every name that comes from the summary (metric keys, tags, check names,
 * threshold expressions) is data and is escaped by the kit.
 */
import {
  badge, formatCount, formatMs, formatPct, formatRate, formatUsd, html, lineChart, renderPage, section, sparkline,
  stackedBarChart, statusOf, table, tiles, type SafeHtml, type Status, type Tile,
} from '../report/index.ts';
import { BOOKKEEPING_THRESHOLD } from '../../scenarios/load/lib/slo.ts';
import type { LoadSummary, SummaryMetric, ThresholdResult } from './summary.ts';

const isBookkeeping = (t: ThresholdResult) => t.expression.replace(/\s/g, '') === BOOKKEEPING_THRESHOLD && t.ok;
import { loadView, type LoadView, type Percentiles, type ThresholdRow } from './view.ts';
import { timeSection } from './report-time.ts';
import type { TimeView } from './time-view.ts';

export interface LoadReportOptions {
  /** Page title. Default "Load test". */
  title?: string;
  /** Where the summary came from (a path), shown under the title. */
  source?: string;
  /** Report time (epoch ms). Default now. */
  generatedAt?: number;
  /** Over-time figures from k6's per-request output; adds the "Over time" charts. */
  overTime?: TimeView;
  /** Notes about the samples read (skipped lines, thresholds not evaluated), shown under the charts. */
  notes?: readonly string[];
}

const FORMAT_NAMES: Record<LoadSummary['format'], string> = {
  'summary-export': 'k6 --summary-export JSON',
  'handle-summary': 'k6 handleSummary() data',
  'machine-readable': 'k6 machine-readable summary',
  samples: 'k6 per-request output (--out json / csv)',
};

function formatObserved(row: ThresholdRow): string {
  if (row.observed === undefined) return '–';
  switch (row.unit) {
    case 'time': return formatMs(row.observed);
    case 'share': return formatPct(row.observed, 2);
    case 'count': return formatCount(row.observed);
    case 'usd': return formatUsd(row.observed);
    default: return Number(row.observed.toPrecision(6)).toLocaleString('en-US');
  }
}

/** Status for "lower is better" figures against the thresholds on that metric. */
function thresholdStatus(view: LoadView, metric: string, aggregate?: string): Status {
  const rows = view.thresholds.filter((t) => t.metric === metric && (!aggregate || t.expression.replace(/\s/g, '').startsWith(aggregate)));
  if (rows.length === 0) return 'neutral';
  return rows.every((r) => r.ok) ? 'pass' : 'fail';
}

function percentileCurve(view: LoadView): SafeHtml {
  // Evenly spaced: the tail (p90 to p99) is what matters, and on a true percentile axis it would be squeezed.
  const order: [keyof Percentiles, number, string][] = [['min', 0, 'min'], ['med', 1, 'p50'], ['p90', 2, 'p90'], ['p95', 3, 'p95'], ['p99', 4, 'p99'], ['max', 5, 'max']];
  const series = [
    { name: 'request duration', p: view.latency },
    { name: 'time to first byte', p: view.waiting },
    { name: 'streaming TTFT (est.)', p: view.ttft },
  ]
    .filter((s) => Object.keys(s.p).length > 0)
    .map((s) => ({ name: s.name, points: order.map(([k, x]) => ({ x, y: s.p[k] ?? null })) }));
  const p99Ref = view.thresholds.find((t) => t.metric === 'http_req_duration' && /^p\(99\)</.test(t.expression.replace(/\s/g, '')) && !Number.isNaN(Number(t.expression.split('<')[1])));
  return lineChart({
    title: 'Latency by percentile',
    series,
    xTicks: order.map(([, x, label]) => ({ value: x, label })),
    xLabel: 'percentile of requests',
    yLabel: 'milliseconds',
    yFormat: formatMs,
    references: p99Ref ? [{ y: Number(p99Ref.expression.split('<')[1]), label: `p99 SLO ${p99Ref.expression}`, status: p99Ref.ok ? 'warn' : 'fail' }] : [],
    caption: 'Whole run: each line joins the percentiles of one metric.',
  });
}

function latencyTable(view: LoadView): SafeHtml {
  const rows = [
    { name: 'request duration', p: view.latency },
    { name: 'time to first byte', p: view.waiting },
    { name: 'TTFT, streams (est.)', p: view.ttft },
  ].filter((r) => Object.keys(r.p).length > 0);
  const col = (header: string, k: keyof Percentiles) => ({ header, numeric: true, cell: (r: (typeof rows)[number]) => formatMs(r.p[k]) });
  return table({ rows, columns: [{ header: 'Metric', cell: (r) => r.name }, col('avg', 'avg'), col('p50', 'med'), col('p90', 'p90'), col('p95', 'p95'), col('p99', 'p99'), col('max', 'max')] });
}

function faultSection(view: LoadView): SafeHtml {
  if (view.faults.length === 0) {
    return section('Faults: injected vs observed', html`<p class="muted">No faults were injected in this run (no <code>x-canary-fault</code> mix).</p>`);
  }
  const injected = view.faults.filter((f) => f.fault !== 'none');
  const chart = stackedBarChart({
    title: 'Injected and observed fault shares',
    categories: ['injected', 'observed'],
    series: injected.map((f) => ({ name: f.fault, values: [f.injectedShare ?? 0, f.observedShare ?? 0] })),
    yFormat: (v) => formatPct(v, 1),
    yLabel: 'share of requests',
    height: 240,
    width: 420,
    caption: 'Observed shares are per error kind; faults that surface as the same kind (server_error and unavailable) share one observed figure.',
  });
  const rowStatus = (f: (typeof view.faults)[number]): Status => {
    if (f.fault === 'none' || f.detectedRate === null) return 'neutral';
    return f.detectedRate >= 0.99 ? 'pass' : 'fail';
  };
  const t = table({
    rows: view.faults,
    columns: [
      { header: 'Fault', cell: (f) => html`<code>${f.fault}</code>` },
      { header: 'Injected', numeric: true, cell: (f) => formatCount(f.injectedCount) },
      { header: 'Share', numeric: true, cell: (f) => formatPct(f.injectedShare, 2) },
      { header: 'Expected as', cell: (f) => (f.fault === 'none' ? html`<span class="muted">success</span>` : f.expectedKind ? html`<code>${f.expectedKind}</code>` : html`<span class="muted">success (degraded)</span>`) },
      { header: 'Observed', numeric: true, cell: (f) => formatPct(f.observedShare, 2) },
      { header: 'Detected', numeric: true, cell: (f) => (f.detectedRate === null ? '–' : html`${badge(formatPct(f.detectedRate, 1), rowStatus(f))}`) },
    ],
  });
  return section('Faults: injected vs observed', html`<div class="split"><div>${t}</div><div>${chart}</div></div>`, 'Each request carried at most one fault header; "detected" is the share of that fault\u2019s requests the checks classified as the expected kind.');
}

function thresholdsSection(view: LoadView): SafeHtml {
  const rows = view.thresholds.filter((t) => !isBookkeeping(t)).sort((a, b) => Number(a.ok) - Number(b.ok) || a.metric.localeCompare(b.metric));
  const hidden = view.thresholds.length - rows.length;
  return section(
    'Thresholds (SLOs)',
    table({
      rows,
      empty: 'This summary has no per-threshold results.',
      columns: [
        { header: 'Result', cell: (r) => badge(r.ok ? 'PASS' : 'FAIL', r.ok ? 'pass' : 'fail') },
        { header: 'Metric', cell: (r) => html`<code>${r.metric}</code>` },
        { header: 'Threshold', cell: (r) => html`<code>${r.expression}</code>` },
        { header: 'Observed', numeric: true, cell: (r) => formatObserved(r) },
      ],
    }),
    hidden > 0 ? `Failed thresholds first. Not listed: ${hidden} always-true \u201c${BOOKKEEPING_THRESHOLD}\u201d ${hidden === 1 ? 'threshold' : 'thresholds'} that only make k6 report tagged sub-metrics.` : 'Failed thresholds first.',
  );
}

function metricValues(m: SummaryMetric): string {
  return Object.entries(m.values)
    .map(([k, v]) => `${k}=${Number(v.toPrecision(6))}`)
    .join('  ');
}

/** Renders the complete load report page. */
export function renderLoadReport(summary: LoadSummary, opts: LoadReportOptions = {}): string {
  const view = loadView(summary);
  const generatedAt = opts.generatedAt ?? Date.now();
  const verdict: Status = statusOf(view.passed);
  const verdictText = view.passed === true ? 'PASS' : view.passed === false ? 'FAIL' : 'NO THRESHOLDS';
  const slos = view.thresholds.filter((t) => !isBookkeeping(t));
  const failed = slos.filter((t) => !t.ok).length;
  const latencySpark = sparkline([view.latency.min ?? null, view.latency.med ?? null, view.latency.p90 ?? null, view.latency.p95 ?? null, view.latency.p99 ?? null], { title: 'request duration min, p50, p90, p95, p99' });
  const tokensPerReq = view.outputTokens !== null && view.requests ? view.outputTokens / view.requests : null;

  const tileList: Tile[] = [
    { label: 'Verdict', value: verdictText, status: verdict, hint: slos.length ? `${slos.length - failed} of ${slos.length} thresholds met` : 'no per-threshold results' },
    { label: 'Requests', value: formatCount(view.requests), hint: `${formatRate(view.requestRate)} over ${formatMs(view.durationMs)}` },
    { label: 'p95 latency', value: formatMs(view.latency.p95), status: thresholdStatus(view, 'http_req_duration', 'p(95)'), hint: `p50 ${formatMs(view.latency.med)}`, chart: latencySpark },
    { label: 'p99 latency', value: formatMs(view.latency.p99), status: thresholdStatus(view, 'http_req_duration', 'p(99)'), hint: `max ${formatMs(view.latency.max)}` },
    { label: 'Error rate', value: formatPct(view.errorRate, 2), status: thresholdStatus(view, 'claude_api_errors'), hint: `HTTP failed ${formatPct(view.httpFailedRate, 2)}` },
    { label: 'Rate-limited', value: formatPct(view.rateLimitedShare, 2), status: thresholdStatus(view, 'claude_rate_limited'), hint: 'share of 429 responses' },
    { label: 'TTFT p95 (streams)', value: formatMs(view.ttft.p95), status: thresholdStatus(view, 'claude_ttft_ms'), hint: `p50 ${formatMs(view.ttft.med)}` },
    { label: 'Tokens in / out', value: `${formatCount(view.inputTokens)} / ${formatCount(view.outputTokens)}`, hint: tokensPerReq !== null ? `${tokensPerReq.toFixed(0)} output tokens per request` : undefined },
    { label: 'Estimated cost', value: formatUsd(view.costUsd), hint: view.costUsd !== null && view.requests ? `${formatUsd((view.costUsd / view.requests) * 1000)} per 1,000 requests` : 'catalogue prices' },
    { label: 'Checks passed', value: formatPct(view.checksRate, 2), status: thresholdStatus(view, 'checks') },
  ];

  const errorKinds = view.errorsByKind.length
    ? table({
        rows: view.errorsByKind,
        columns: [
          { header: 'Error kind', cell: (e) => html`<code>${e.kind}</code>` },
          { header: 'Requests', numeric: true, cell: (e) => formatCount(e.count) },
          { header: 'Share', numeric: true, cell: (e) => (view.requests ? formatPct(e.count / view.requests, 2) : '–') },
        ],
      })
    : html`<p class="muted">No errors by kind were recorded${view.errorRate ? ' (the summary lists only sub-metrics that have a threshold)' : ''}.</p>`;

  const overTime = html`${opts.overTime ? timeSection(opts.overTime, view.thresholds) : ''}${
    opts.notes?.length ? html`<ul class="muted notes">${opts.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''
  }`;
  const body = html`
${tiles(tileList)}
${overTime}
${thresholdsSection(view)}
${section('Latency', html`<div class="grid2"><div>${percentileCurve(view)}</div><div>${latencyTable(view)}${
    view.droppedIterations ? html`<p class="warn-text">${formatCount(view.droppedIterations)} iterations were dropped: the target could not keep up with the arrival rate.</p>` : ''
  }</div></div>`)}
${faultSection(view)}
${section('Errors', html`<div class="grid2"><div>${errorKinds}</div><div>${table({
    rows: [
      { k: 'API errors (claude_api_errors)', v: formatPct(view.errorRate, 2) },
      { k: 'HTTP failures (http_req_failed)', v: formatPct(view.httpFailedRate, 2) },
      { k: 'Rate-limited (429)', v: formatPct(view.rateLimitedShare, 2) },
      { k: 'Streams completed', v: formatPct(view.streamCompleteRate, 2) },
    ],
    columns: [{ header: 'Share of requests', cell: (r) => r.k }, { header: '', numeric: true, cell: (r) => r.v }],
  })}</div></div>`)}
${section('Tokens and cost', table({
    rows: [
      { k: 'Input tokens (incl. cache)', v: formatCount(view.inputTokens) },
      { k: 'Output tokens', v: formatCount(view.outputTokens) },
      { k: 'Estimated cost, whole run', v: formatUsd(view.costUsd) },
      { k: 'Cost per request, p50 / p95', v: `${formatUsd(view.costPerRequest.med)} / ${formatUsd(view.costPerRequest.p95)}` },
      { k: 'Cost per 1,000 requests', v: view.costUsd !== null && view.requests ? formatUsd((view.costUsd / view.requests) * 1000) : '–' },
    ],
    columns: [{ header: 'Figure', cell: (r) => r.k }, { header: 'Value', numeric: true, cell: (r) => r.v }],
  }), 'Prices from the model catalogue (src/shared/models.json). Against the simulator these are what the same traffic would cost on the real API.')}
${section('Checks', table({
    rows: summary.checks,
    empty: 'No checks in this summary.',
    columns: [
      { header: 'Check', cell: (c) => c.name },
      { header: 'Passed', numeric: true, cell: (c) => formatCount(c.passes) },
      { header: 'Failed', numeric: true, cell: (c) => (c.fails > 0 ? html`<span class="fail-text">${formatCount(c.fails)}</span>` : '0') },
    ],
  }))}
${section('All metrics', html`<details><summary>${summary.metrics.size} metrics as k6 reported them</summary>${table({
    rows: [...summary.metrics.values()].sort((a, b) => a.name.localeCompare(b.name)),
    columns: [
      { header: 'Metric', cell: (m) => html`<code>${m.name}</code>` },
      { header: 'Type', cell: (m) => m.type },
      { header: 'Values', cell: (m) => html`<span class="mono">${metricValues(m)}</span>` },
    ],
  })}</details>`)}
`;
  const subtitle = [opts.source ? `Source: ${opts.source}` : null, FORMAT_NAMES[summary.format], summary.k6Version ? `k6 ${summary.k6Version}` : null, summary.script ? `script ${summary.script}` : null]
    .filter(Boolean)
    .join(' · ');
  return renderPage({
    title: opts.title ?? 'Load test',
    subtitle,
    headerAside: badge(verdictText, verdict, 'verdict'),
    body,
    footer: `Generated by claude-canary at ${new Date(generatedAt).toISOString()} from ${summary.format === 'samples' ? "k6's per-request output" : "k6's end-of-test summary"}${opts.overTime && summary.format !== 'samples' ? " and its per-request output" : ''}.`,
  });
}
