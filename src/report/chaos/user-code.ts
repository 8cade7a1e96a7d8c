/**
 * The part of a scenario's card that only user-code scenarios have: how the user's code ran (in
 * this process or as a service, the time scale) and the upstream journal, every request that
 * reached the simulator with the gap before it in simulated time; and, when the scenario failed,
 * what the service printed. (Internal.)
 */
import type { ScenarioVerdict, UpstreamView } from '../../chaos/types.ts';
import { badge, formatMs, html, table, type SafeHtml } from '../index.ts';

const statusCell = (u: UpstreamView) => (u.status === null ? html`<span class="muted">none</span>` : badge(String(u.status), u.status < 400 ? 'pass' : u.status === 429 ? 'warn' : 'fail'));

function journalTable(rows: readonly UpstreamView[]): SafeHtml {
  return table({
    rows,
    empty: 'No request reached the API.',
    columns: [
      { header: '#', numeric: true, cell: (u) => String(u.seq) },
      { header: 'Call', numeric: true, cell: (u) => (u.call === null ? html`<span class="muted">between calls</span>` : String(u.call)) },
      { header: 'At', numeric: true, cell: (u) => formatMs(u.at_ms) },
      { header: 'Gap before', numeric: true, cell: (u) => (u.gap_ms === null ? '' : formatMs(u.gap_ms)) },
      { header: 'Model', cell: (u) => (u.model ? html`<code>${u.model}</code>` : '') },
      { header: 'Stream', cell: (u) => (u.stream ? 'yes' : '') },
      { header: 'max_tokens', numeric: true, cell: (u) => (u.max_tokens === null ? '' : String(u.max_tokens)) },
      { header: 'Status', cell: statusCell },
      { header: 'Fault', cell: (u) => (u.fault ? html`<code>${u.fault}</code>` : '') },
      { header: 'retry-after', numeric: true, cell: (u) => (u.retry_after_ms === null ? '' : formatMs(u.retry_after_ms)) },
    ],
  });
}

/** Empty for scenarios that drive our own client. */
export function userCodeSection(s: ScenarioVerdict): SafeHtml | string {
  if (!s.user) return '';
  const u = s.user;
  const how = u.mode === 'process' ? html`the service <code>${u.target}</code> as a process (ready in ${formatMs(u.startup_wall_ms)} of wall time)` : html`<code>${u.target}</code> in this process`;
  const output =
    u.output === null
      ? ''
      : html`<details open><summary>What the service printed (last 64 KiB, secrets masked)</summary><pre class="output">${u.output || '(nothing)'}</pre></details>`;
  return html`<h3>Upstream journal</h3><p class="muted">Ran ${how}. Times are simulated: the simulator's clock ran at ${u.time_scale} wall ms per simulated ms, and retry hints were sent as <code>retry-after-ms</code> scaled alike.${u.output_leaked_key ? html` <strong class="fail-text">The service printed its API key.</strong>` : ''}</p>${journalTable(s.upstream ?? [])}${output}`;
}

export const USER_CODE_CSS = `pre.output{max-height:320px;overflow:auto;background:#f6f8fa;padding:8px;white-space:pre-wrap;font-size:12px}`;
