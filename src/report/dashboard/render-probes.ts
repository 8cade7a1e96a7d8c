/** One section per probe: its series per model, side by side (internal). */
import { badge, formatCount, formatMs, formatPct, html, lineChart, table, type SafeHtml } from '../index.ts';
import { formatCost } from './render-cost.ts';
import { sourceBadges } from './render-failures.ts';
import { clip, probeAnchor } from './render-overview.ts';
import { latencyLines, share, xFormatFor } from './series.ts';
import type { DashboardData, LatencyPoint, SeriesLatest } from './types.ts';
import { formatTime } from './window.ts';

function modelTable(rows: readonly LatencyPoint[], latest: ReadonlyMap<string, SeriesLatest>): SafeHtml {
  return table({
    rows,
    columns: [
      { header: 'Model', cell: (r) => html`<code>${r.model}</code> ${sourceBadges(r)}` },
      { header: 'Runs', numeric: true, cell: (r) => formatCount(r.runs) },
      // A failed canary is unavailable (README, "Probe failures").
      { header: 'Availability', numeric: true, cell: (r) => formatPct(share(r.runs - r.errors - r.failed, r.runs), 2) },
      { header: 'Failed', numeric: true, cell: (r) => formatPct(share(r.failed, r.runs), 1) },
      { header: 'p50', numeric: true, cell: (r) => formatMs(r.p50) },
      { header: 'p95', numeric: true, cell: (r) => formatMs(r.p95) },
      { header: 'p99', numeric: true, cell: (r) => formatMs(r.p99) },
      { header: 'TTFT p50', numeric: true, cell: (r) => formatMs(r.ttft_p50) },
      { header: 'Flagged', numeric: true, cell: (r) => formatPct(share(r.flagged, r.runs - r.errors), 1) },
      { header: 'Cost', numeric: true, cell: (r) => formatCost(r.cost) },
      { header: 'Last run', cell: (r) => {
        const l = latest.get(r.model ?? '');
        return l ? html`${formatTime(l.last_at)} ${badge(l.last_outcome, l.last_outcome === 'pass' ? 'pass' : l.last_outcome === 'error' ? 'fail' : 'warn')}` : '–';
      } },
    ],
  });
}

function latestDetails(latest: readonly SeriesLatest[]): SafeHtml {
  const items = latest.flatMap((l) => [
    l.output_preview ? html`<li><code>${l.model}</code> latest output: <span class="mono">${clip(l.output_preview, 240)}</span></li>` : '',
    l.fail_at !== null
      ? html`<li><code>${l.model}</code> latest failure (${formatTime(l.fail_at)}): ${l.fail_reasons.map((r) => html`<code>${r.check}</code>: <span class="mono">${clip(r.reason, 240)}</span> `)}</li>`
      : '',
    l.error_at !== null ? html`<li><code>${l.model}</code> latest error (${formatTime(l.error_at)}, <code>${l.error_kind ?? 'unknown'}</code>): <span class="mono">${clip(l.error_message ?? '', 240)}</span></li>` : '',
  ]);
  return items.some((i) => i !== '') ? html`<ul class="latest">${items}</ul>` : html``;
}

function probeSection(d: DashboardData, probeId: string): SafeHtml {
  const w = d.window;
  const rows = d.bySeries.filter((s) => s.probe_id === probeId);
  const buckets = d.bySeriesBucket.filter((s) => s.probe_id === probeId);
  const latest = d.latest.filter((l) => l.probe_id === probeId);
  const byModel = (p: LatencyPoint) => p.model ?? '';
  const chart = (field: 'p95' | 'ttft_p50', title: string) =>
    lineChart({ title: `${probeId}: ${title}`, series: latencyLines(buckets, byModel, field, w), xFormat: xFormatFor(w), yFormat: formatMs, width: 560, height: 200 });
  const hasTtft = rows.some((r) => r.ttft_p50 !== null);
  return html`<section class="card probe" id="${probeAnchor(probeId)}"><h2>Probe <code>${probeId}</code></h2><div class="grid2"><div><h3>Latency p95 by model</h3>${chart('p95', 'latency p95 by model')}</div><div>${
    hasTtft ? html`<h3>TTFT p50 by model</h3>${chart('ttft_p50', 'TTFT p50 by model')}` : html`<h3>TTFT</h3><p class="muted">Not a streaming probe.</p>`
  }</div></div>${modelTable(rows, new Map(latest.map((l) => [l.model, l])))}${latestDetails(latest)}</section>`;
}

export function probeSections(d: DashboardData): SafeHtml {
  return html`${d.byProbe.map((p) => probeSection(d, p.probe_id))}`;
}

/** Extra CSS for the probe sections (trusted constant). */
export const PROBE_CSS = `
section.probe h2 code{font-size:15px}
ul.latest{margin:10px 0 0;padding-left:18px;color:var(--muted);font-size:13px}
ul.latest li{margin:2px 0}
nav.toc{font-size:13px;margin:0 0 8px;color:var(--muted)}
nav.toc a{margin-right:10px}
p.small{font-size:12.5px;margin:8px 0 0}
.nowrap{white-space:nowrap}
.grid3{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
`;
