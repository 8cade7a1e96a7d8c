/**
 * Probe failures and result sources on the dashboard (internal). A failed run (outcome `fail`) got
 * an answer that failed its checks: it is neither an error nor necessarily flagged, so it gets its
 * own figures and reasons. Every series says where its results came from: the simulator, the real
 * API, or a custom base URL, and only real-API request ids are offered for Anthropic support.
 */
import { SOURCE_LABEL, type ResultSource } from '../../shared/source.ts';
import { badge, formatCount, formatPct, html, section, table, type SafeHtml, type Status } from '../index.ts';
import { clip, probeAnchor } from './render-overview.ts';
import { share } from './series.ts';
import type { DashboardData } from './types.ts';
import { formatTime } from './window.ts';

/** Share of a probe's runs failing its checks at which the failure tile turns red (the `probe_failure` default, 50%). */
export const FAILURE_RATE_LIMIT = 0.5;

const SOURCE_STATUS: Record<ResultSource, Status> = { simulator: 'warn', anthropic: 'pass', custom: 'neutral' };

/** One badge per source, e.g. `simulator` (amber) or `real API` (green). */
export function sourceBadge(source: ResultSource): SafeHtml {
  return badge(SOURCE_LABEL[source], SOURCE_STATUS[source], 'source');
}

/** The badges of every source with runs among `counts`. */
export function sourceBadges(counts: { runs: number; sim_runs: number; api_runs: number }): SafeHtml {
  const custom = counts.runs - counts.sim_runs - counts.api_runs;
  const present: ResultSource[] = [];
  if (counts.api_runs > 0) present.push('anthropic');
  if (counts.sim_runs > 0) present.push('simulator');
  if (custom > 0) present.push('custom');
  return html`${present.map((s) => sourceBadge(s))}`;
}

/** Summary text of the source mix: `simulator`, `real API`, or `mixed: 120 real API, 30 simulator`. */
export function sourceMix(counts: { runs: number; sim_runs: number; api_runs: number }): { value: string; hint: string } {
  const parts: Array<[ResultSource, number]> = [
    ['anthropic', counts.api_runs],
    ['simulator', counts.sim_runs],
    ['custom', counts.runs - counts.sim_runs - counts.api_runs],
  ];
  const present = parts.filter(([, n]) => n > 0);
  const hint = present.map(([s, n]) => `${formatCount(n)} ${SOURCE_LABEL[s]}`).join(', ') || 'no runs';
  return { value: present.length === 1 ? SOURCE_LABEL[present[0]![0]] : present.length === 0 ? '–' : 'mixed', hint };
}

/** The section: failure share per series, and the newest failure's reasons (which check, expected against actual). */
export function failuresSection(d: DashboardData): SafeHtml {
  const failing = d.bySeries.filter((s) => s.failed > 0);
  if (failing.length === 0) return section('Probe failures', html`<p class="muted">No probe failed its checks in this window.</p>`);
  const latest = new Map(d.latest.map((l) => [`${l.probe_id}\u0000${l.model}`, l]));
  const t = table({
    rows: failing,
    columns: [
      { header: 'Probe', cell: (s) => html`<a href="#${probeAnchor(s.probe_id)}"><code>${s.probe_id}</code></a>` },
      { header: 'Model', cell: (s) => html`<code>${s.model}</code>` },
      { header: 'Failed', numeric: true, cell: (s) => html`<span class="${share(s.failed, s.runs)! > FAILURE_RATE_LIMIT ? 'fail-text' : ''}">${formatPct(share(s.failed, s.runs), 1)}</span>` },
      { header: 'Runs', numeric: true, cell: (s) => `${formatCount(s.failed)} of ${formatCount(s.runs)}` },
      { header: 'Newest failure', cell: (s) => {
        const l = latest.get(`${s.probe_id}\u0000${s.model}`);
        if (!l || l.fail_at === null) return '–';
        const reasons = l.fail_reasons.length
          ? html`<ul class="latest">${l.fail_reasons.map((r) => html`<li><code>${r.check}</code>: <span class="mono">${clip(r.reason, 300)}</span></li>`)}</ul>`
          : html`<span class="muted">no reason recorded</span>`;
        return html`<span class="nowrap">${formatTime(l.fail_at)}</span>${reasons}`;
      } },
    ],
  });
  return section('Probe failures', t, 'Runs that got an answer which failed the probe\'s assertions or a quality flag it fails on. They count against availability: a failed canary is unavailable.');
}
