/**
 * The fleet view (internal): one column per region for availability, latency and errors, and the
 * "where" table (the newest run of each probe series in each region). Filtering by region works
 * without script (the report's CSP forbids any): radio inputs before the tables, and CSS rules
 * hiding the other regions' columns while one is checked. Not rendered for a one-region store.
 */
import { badge, formatMs, formatPct, html, type SafeHtml, type Status } from '../index.ts';
import type { DashboardData, RegionLatest, RegionRow } from './types.ts';
import { formatTime } from './window.ts';

const OUTCOME_STATUS: Record<string, Status> = { pass: 'pass', fail: 'fail', error: 'fail', skipped: 'neutral' };

/** Runs that answered or errored (skipped ones measured nothing) and the share that passed. */
export function availability(r: Pick<RegionRow, 'runs' | 'skipped' | 'errors' | 'failed'>): number | null {
  const judged = r.runs - r.skipped;
  return judged > 0 ? (judged - r.errors - r.failed) / judged : null;
}

const availabilityStatus = (a: number | null): Status => (a === null ? 'neutral' : a >= 0.99 ? 'pass' : a >= 0.9 ? 'warn' : 'fail');

/** Column cells carry `rgc rg-<i>` so the filter's CSS can hide the other regions. */
const cell = (i: number, body: SafeHtml | string, numeric = true) => html`<td class="rgc rg-${String(i)}${numeric ? ' num' : ''}">${body}</td>`;
const head = (i: number, region: string) => html`<th scope="col" class="rgc rg-${String(i)} num">${region}</th>`;

function regionTable(regions: readonly RegionRow[]): SafeHtml {
  const rows: Array<[string, (r: RegionRow) => SafeHtml | string]> = [
    ['Availability', (r) => { const a = availability(r); return badge(formatPct(a, 2), availabilityStatus(a)); }],
    ['Latency p50', (r) => formatMs(r.p50)],
    ['Latency p95', (r) => formatMs(r.p95)],
    ['Errors', (r) => `${r.errors} (${formatPct(r.runs - r.skipped > 0 ? r.errors / (r.runs - r.skipped) : null)})`],
    ['Failed checks', (r) => String(r.failed)],
    ['Runs', (r) => String(r.runs)],
    ['Runners', (r) => r.runner_ids.join(', ')],
    ['Newest result', (r) => formatTime(r.last_at)],
  ];
  return html`<div class="table-wrap"><table class="data regions-table"><caption>Per region over the window</caption><thead><tr><th scope="col"></th>${regions.map((r, i) => head(i, r.region))}</tr></thead><tbody>${rows.map(
    ([label, f]) => html`<tr><th scope="row">${label}</th>${regions.map((r, i) => cell(i, f(r)))}</tr>`,
  )}</tbody></table></div>`;
}

function whereTable(regions: readonly RegionRow[], latest: readonly RegionLatest[]): SafeHtml {
  const series = [...new Set(latest.map((l) => `${l.probe_id}\u0000${l.model}`))];
  const at = new Map(latest.map((l) => [`${l.probe_id}\u0000${l.model}\u0000${l.region}`, l]));
  const one = (l: RegionLatest | undefined) =>
    l === undefined
      ? html`<span class="muted">no run</span>`
      : html`${badge(l.error_kind ? `${l.outcome}: ${l.error_kind}` : l.outcome, OUTCOME_STATUS[l.outcome] ?? 'neutral')} ${formatMs(l.latency_ms)}<br><span class="muted">${l.runner_id} · ${formatTime(l.started_at)}</span>`;
  return html`<div class="table-wrap"><table class="data where-table"><caption>Where: the newest run of each probe in each region</caption><thead><tr><th scope="col">Probe</th><th scope="col">Model</th>${regions.map((r, i) => head(i, r.region))}</tr></thead><tbody>${series.map((k) => {
    const [probe, model] = k.split('\u0000') as [string, string];
    return html`<tr><th scope="row">${probe}</th><td>${model}</td>${regions.map((r, i) => cell(i, one(at.get(`${k}\u0000${r.region}`)), false))}</tr>`;
  })}</tbody></table></div>`;
}

/** The section, or nothing when the window has fewer than two regions. */
export function regionsSection(d: DashboardData): SafeHtml | string {
  const data = d.regions;
  if (!data) return '';
  const { regions } = data;
  const radios = regions.map((r, i) => html`<input type="radio" name="region-filter" id="rf-${String(i)}" class="rf"><label for="rf-${String(i)}">${r.region}</label>`);
  return html`<section class="card" id="regions"><h2>Regions</h2><p class="note">${String(regions.length)} regions, ${String(regions.reduce((n, r) => n + r.runners, 0))} runners in the window. Show:</p>
<div class="region-filter"><input type="radio" name="region-filter" id="rf-all" class="rf" checked><label for="rf-all">all regions</label>${radios}
${regionTable(regions)}
${whereTable(regions, data.latest)}</div></section>`;
}

/** CSS for the filter: one rule per region index (the names never reach the stylesheet). */
export function regionsCss(d: DashboardData): string {
  const n = d.regions?.regions.length ?? 0;
  if (n === 0) return '';
  const rules = Array.from({ length: n }, (_, i) => `#rf-${i}:checked ~ .table-wrap .rgc:not(.rg-${i}) { display: none; }`);
  return `
.region-filter .rf { margin-left: 0.8em; }
.region-filter label { margin-right: 0.4em; }
.where-table td { vertical-align: top; }
${rules.join('\n')}
`;
}
