/** Alert timeline and open alerts; the slowest and most expensive runs (internal). */
import { badge, formatMs, html, section, STATUS_COLOURS, table, timelineChart, type SafeHtml, type Status, type TimelineLane } from '../index.ts';
import { resultSource } from '../../shared/source.ts';
import { formatCost } from './render-cost.ts';
import { sourceBadge } from './render-failures.ts';
import { probeAnchor } from './render-overview.ts';
import type { AlertEventRow, DashboardData, RunRow } from './types.ts';
import { bucketLabel, formatTime } from './window.ts';

/** Alert instances drawn on the timeline at most (the most recently active). */
export const MAX_ALERT_LANES = 14;

const STATE_STATUS: Record<string, Status> = { firing: 'fail', pending: 'warn', resolved: 'pass', inactive: 'neutral' };
const stateBadge = (s: string) => badge(s, STATE_STATUS[s] ?? 'neutral');
const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');

/** Pending and firing periods per alert instance, from its transitions in the window. */
function alertLanes(events: readonly AlertEventRow[], since: number, until: number): TimelineLane[] {
  const byKey = new Map<string, AlertEventRow[]>();
  for (const e of events) {
    const k = `${e.rule_id}\u0000${e.label_key}`;
    byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const lanes = [...byKey.values()].map((evs) => {
    const spans = [];
    let state = evs[0]!.from_state;
    let from = since;
    for (const e of [...evs, null]) {
      const to = e ? e.at : until;
      if (state === 'pending' || state === 'firing') {
        spans.push({ start: from, end: to, colour: STATUS_COLOURS[STATE_STATUS[state]!], title: `${state} from ${formatTime(from)} to ${e ? formatTime(to) : 'now'}` });
      }
      if (e) {
        state = e.to_state;
        from = e.at;
      }
    }
    const labels = labelText(evs[0]!.labels);
    return { label: labels ? `${evs[0]!.rule_id} {${labels}}` : evs[0]!.rule_id, spans, last: evs[evs.length - 1]!.at };
  });
  return lanes.sort((a, b) => b.last - a.last).slice(0, MAX_ALERT_LANES).map(({ label, spans }) => ({ label, spans }));
}

export function alertsSection(d: DashboardData): SafeHtml {
  const a = d.alerts;
  if (!a.available) return section('Alerts', html`<p class="muted">No alert data: this store has no alert tables yet (run the monitor with alerting enabled).</p>`);
  const w = d.window;
  const open = table({
    rows: a.open,
    empty: 'No open alerts.',
    columns: [
      { header: 'State', cell: (r) => stateBadge(r.state) },
      { header: 'Rule', cell: (r) => html`<code>${r.rule_id}</code>` },
      { header: 'Labels', cell: (r) => html`<span class="mono">${labelText(r.labels)}</span>` },
      { header: 'Severity', cell: (r) => r.severity },
      { header: 'Since', cell: (r) => html`<span class="nowrap">${formatTime(r.since)}</span>` },
      { header: 'Summary', cell: (r) => r.summary },
    ],
  });
  const lanes = alertLanes(a.events, w.since, w.until);
  const timeline = lanes.length
    ? timelineChart({
        title: 'Alert timeline',
        lanes,
        xMin: w.since,
        xMax: w.until,
        xFormat: (x) => bucketLabel(x, w.bucket === 'day' ? 'day' : 'hour'),
        labelWidth: 230,
        legend: [{ name: 'pending', colour: STATUS_COLOURS.warn }, { name: 'firing', colour: STATUS_COLOURS.fail }],
      })
    : html`<p class="muted">No alert transitions in this window.</p>`;
  const recent = [...a.events].reverse().slice(0, 30);
  const transitions = table({
    rows: recent,
    empty: 'No alert transitions in this window.',
    columns: [
      { header: 'Time', cell: (e) => html`<span class="nowrap">${formatTime(e.at)}</span>` },
      { header: 'Rule', cell: (e) => html`<code>${e.rule_id}</code>` },
      { header: 'Labels', cell: (e) => html`<span class="mono">${labelText(e.labels)}</span>` },
      { header: 'Transition', cell: (e) => html`${stateBadge(e.from_state)} → ${stateBadge(e.to_state)}` },
      { header: 'Value', numeric: true, cell: (e) => (e.value === null ? '–' : Number(e.value.toPrecision(4)).toLocaleString('en-US')) },
    ],
  });
  return section(
    'Alerts',
    html`<h3>Open now</h3>${open}<h3>Timeline</h3>${timeline}<details${a.events.length <= 10 ? ' open' : ''}><summary>Latest ${recent.length} of ${a.events.length} transitions</summary>${transitions}</details>`,
  );
}

function runsTable(rows: readonly RunRow[]): SafeHtml {
  return table({
    rows,
    empty: 'No runs in this window.',
    columns: [
      { header: 'Started', cell: (r) => html`<span class="nowrap">${formatTime(r.started_at)}</span>` },
      // Only the real API's request ids mean anything to Anthropic support; a simulated id is noise there.
      { header: 'Request id', cell: (r) => {
        const source = resultSource(r.target);
        if (source !== 'anthropic') return sourceBadge(source);
        return r.request_id ? html`<code>${r.request_id}</code>` : html`<span class="muted">–</span>`;
      } },
      { header: 'Probe', cell: (r) => html`<a href="#${probeAnchor(r.probe_id)}"><code>${r.probe_id}</code></a>` },
      { header: 'Model', cell: (r) => html`<code>${r.model}</code>` },
      { header: 'Outcome', cell: (r) => badge(r.error_kind ?? r.outcome, r.outcome === 'pass' ? 'pass' : r.outcome === 'fail' ? 'warn' : r.outcome === 'error' ? 'fail' : 'neutral') },
      { header: 'Latency', numeric: true, cell: (r) => formatMs(r.latency_ms) },
      { header: 'TTFT', numeric: true, cell: (r) => formatMs(r.ttft_ms) },
      { header: 'Cost', numeric: true, cell: (r) => formatCost(r.cost_usd) },
    ],
  });
}

export function topRunsSection(d: DashboardData): SafeHtml {
  return section(
    'Slowest and most expensive runs',
    html`<h3>Slowest</h3>${runsTable(d.slowest)}<h3>Most expensive</h3>${runsTable(d.priciest)}`,
    'Quote the request id when asking Anthropic support about a call. Only runs against the real API show one; runs against the simulator or a custom base URL show their source instead.',
  );
}
