/**
 * The chaos report: one self-contained page from a ChaosRun. Verdict per scenario, failed
 * scenarios and failed checks first with expected against actual, a virtual-time timeline of
 * every call's attempts and waits and of alert transitions, and run totals. Everything in the
 * run (scenario ids, descriptions, check values, labels) is data and escaped by the kit.
 */
import type { CallView, ChaosRun, ScenarioVerdict } from '../../chaos/types.ts';
import { badge, formatCount, formatMs, html, renderPage, section, table, tiles, type SafeHtml, type Status, type Tile } from '../index.ts';
import { callTimeline, scenarioTimeline, waitLabel } from './timeline.ts';
import { USER_CODE_CSS, userCodeSection } from './user-code.ts';

const verdictOf = (pass: boolean): Status => (pass ? 'pass' : 'fail');

/** Virtual seconds covered per wall-clock second (how much faster than real time). */
export function speedUp(virtualMs: number, wallMs: number): number | null {
  return wallMs > 0 ? virtualMs / wallMs : null;
}
const formatSpeed = (x: number | null) => (x === null ? '–' : `${x >= 100 ? formatCount(x) : x.toFixed(1)}×`);

function checksTable(s: ScenarioVerdict): SafeHtml {
  const rows = [...s.checks].sort((a, b) => Number(a.pass) - Number(b.pass));
  return table({
    rows,
    empty: 'This scenario has no checks.',
    columns: [
      { header: 'Result', cell: (c) => badge(c.pass ? 'PASS' : 'FAIL', verdictOf(c.pass)) },
      { header: 'Check', cell: (c) => c.name },
      { header: 'Expected', cell: (c) => html`<code class="wrap">${c.expected}</code>` },
      { header: 'Actual', cell: (c) => html`<code class="wrap ${c.pass ? '' : 'fail-text'}">${c.actual}</code>` },
    ],
  });
}

function attemptsTable(calls: readonly CallView[]): SafeHtml {
  const rows = calls.flatMap((c) => c.attempts.map((a) => ({ c, a })));
  return table({
    rows,
    columns: [
      { header: 'Call', cell: ({ c, a }) => (a.n === 1 ? html`${c.index} <code>${c.probe_id}</code> <span class="muted">${c.model}</span>` : '') },
      { header: 'Attempt', numeric: true, cell: ({ a }) => String(a.n) },
      { header: 'At', numeric: true, cell: ({ a }) => formatMs(a.at_ms) },
      { header: 'Took', numeric: true, cell: ({ a }) => formatMs(a.duration_ms) },
      { header: 'Status', cell: ({ a }) => (a.status === null ? html`<span class="muted">none</span>` : String(a.status)) },
      { header: 'Error kind', cell: ({ a }) => (a.error_kind ? html`<code>${a.error_kind}</code>` : '') },
      { header: 'Then waited', cell: ({ a }) => (a.wait_ms === null ? '' : waitLabel(a)) },
      { header: 'Call outcome', cell: ({ c, a }) => (a.n === c.attempts.length ? html`${badge(c.error_kind ?? c.outcome, c.outcome === 'pass' ? 'pass' : c.outcome === 'fail' ? 'warn' : 'fail')}${c.flags.map((f) => html` ${badge(f, 'warn')}`)}` : '') },
    ],
  });
}

function alertTable(s: ScenarioVerdict): SafeHtml {
  if (s.alerts.length === 0) return html`<p class="muted">No alert transitions.</p>`;
  const status: Record<string, Status> = { firing: 'fail', pending: 'warn', resolved: 'pass', inactive: 'neutral' };
  return table({
    rows: [...s.alerts].sort((a, b) => a.at_ms - b.at_ms),
    columns: [
      { header: 'At', numeric: true, cell: (e) => formatMs(e.at_ms) },
      { header: 'Rule', cell: (e) => html`<code>${e.rule}</code>` },
      { header: 'Labels', cell: (e) => html`<span class="mono">${Object.entries(e.labels).map(([k, v]) => `${k}=${v}`).join(', ')}</span>` },
      { header: 'State', cell: (e) => badge(e.state, status[e.state] ?? 'neutral') },
    ],
  });
}

function scenarioSection(s: ScenarioVerdict): SafeHtml {
  const failed = s.checks.filter((c) => !c.pass).length;
  const head = html`<header class="scenario"><h2>${badge(s.pass ? 'PASS' : 'FAIL', verdictOf(s.pass))} <code>${s.id}</code></h2><p class="muted">${s.description} <span class="mono">${s.file}</span> · ${s.checks.length - failed} of ${s.checks.length} checks passed · ${formatMs(s.virtual_ms)} virtual in ${formatMs(s.wall_ms)}</p></header>`;
  const error = s.error ? html`<p class="fail-text"><strong>The scenario could not run:</strong> <code>${s.error}</code></p>` : '';
  return html`<section class="card" id="scenario-${s.id.replace(/[^A-Za-z0-9_-]/g, '-')}">${head}${error}<h3>Checks</h3>${checksTable(s)}<h3>Timeline</h3>${
    s.calls.length || s.alerts.length ? scenarioTimeline(s) : html`<p class="muted">No calls were made.</p>`
  }${s.calls.length ? html`<h3>Each call on its own axis</h3><div class="calls">${s.calls.map(callTimeline)}</div>` : ''}<details${s.pass ? '' : ' open'}><summary>Attempts of ${s.calls.length} ${s.calls.length === 1 ? 'call' : 'calls'}</summary>${attemptsTable(s.calls)}</details>${userCodeSection(s)}${s.user ? '' : html`<h3>Alert transitions</h3>${alertTable(s)}`}</section>`;
}

const CHAOS_CSS = `
header.scenario h2{display:flex;align-items:center;gap:10px;margin-bottom:4px}
header.scenario h2 code{font-size:15px}
header.scenario p{margin:0 0 8px}
table.data td code.wrap{white-space:pre-wrap;overflow-wrap:anywhere}
.calls{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:4px 20px}
${USER_CODE_CSS}
`;

export interface ChaosReportOptions {
  /** Page title. Default "Chaos run". */
  title?: string;
}

/**
 * Renders the chaos report. Pure: data in, HTML out.
 *
 * @example
 * writeFileSync('reports/chaos.html', renderChaosReport(run));
 */
export function renderChaosReport(run: ChaosRun, opts: ChaosReportOptions = {}): string {
  const passed = run.scenarios.filter((s) => s.pass).length;
  const allPass = passed === run.scenarios.length;
  const checks = run.scenarios.flatMap((s) => s.checks);
  const checksPassed = checks.filter((c) => c.pass).length;
  const calls = run.scenarios.flatMap((s) => s.calls);
  const attempts = calls.reduce((a, c) => a + c.attempts.length, 0);
  // Calls refused before sending (circuit open, budget, context guard) have no attempt at all.
  const retries = calls.reduce((a, c) => a + Math.max(0, c.attempts.length - 1), 0);
  const unsent = calls.filter((c) => c.attempts.length === 0).length;
  const errored = run.scenarios.filter((s) => s.error !== null).length;
  const tileList: Tile[] = [
    { label: 'Scenarios passed', value: `${passed} of ${run.scenarios.length}`, status: verdictOf(allPass), hint: errored ? `${errored} could not run` : 'every expectation checked' },
    { label: 'Checks passed', value: `${checksPassed} of ${checks.length}`, status: verdictOf(checksPassed === checks.length) },
    { label: 'Calls / attempts', value: `${formatCount(calls.length)} / ${formatCount(attempts)}`, hint: `${formatCount(retries)} retries, ${formatCount(unsent)} never sent` },
    { label: 'Virtual time', value: formatMs(run.virtual_ms), hint: `in ${formatMs(run.wall_ms)} of wall time` },
    { label: 'Virtual s per wall s', value: formatSpeed(speedUp(run.virtual_ms, run.wall_ms)), hint: 'faster than real time' },
  ];
  if (run.mutant !== null) tileList.push({ label: 'Mutant', value: run.mutant, status: allPass ? 'fail' : 'pass', hint: allPass ? 'survived: no scenario caught it' : 'caught by a failing scenario' });
  const ordered = [...run.scenarios].sort((a, b) => Number(a.pass) - Number(b.pass));
  const overview = table({
    rows: ordered,
    empty: 'No scenarios ran.',
    columns: [
      { header: 'Result', cell: (s) => badge(s.error ? 'ERROR' : s.pass ? 'PASS' : 'FAIL', verdictOf(s.pass)) },
      { header: 'Scenario', cell: (s) => html`<a href="#scenario-${s.id.replace(/[^A-Za-z0-9_-]/g, '-')}"><code>${s.id}</code></a>` },
      { header: 'Checks', numeric: true, cell: (s) => `${s.checks.filter((c) => c.pass).length} / ${s.checks.length}` },
      { header: 'Calls', numeric: true, cell: (s) => formatCount(s.calls.length) },
      { header: 'Virtual', numeric: true, cell: (s) => formatMs(s.virtual_ms) },
      { header: 'Wall', numeric: true, cell: (s) => formatMs(s.wall_ms) },
      { header: 'Virtual s / wall s', numeric: true, cell: (s) => formatSpeed(speedUp(s.virtual_ms, s.wall_ms)) },
    ],
  });
  return renderPage({
    title: opts.title ?? 'Chaos run',
    subtitle: `Started ${run.started_at} · ${run.scenarios.length} scenarios${run.mutant ? ` · mutant ${run.mutant}` : ''}`,
    headerAside: badge(allPass ? 'PASS' : 'FAIL', verdictOf(allPass), 'verdict'),
    body: html`${tiles(tileList)}${section('Scenarios', overview, 'Failed scenarios first. Each ran the production retry, detection and alerting code against the simulator on virtual time.')}${ordered.map(scenarioSection)}`,
    extraCss: CHAOS_CSS,
    footer: `Generated by claude-canary from the chaos run started at ${run.started_at}. Times on the timelines are virtual (simulated, for scenarios that drive your own code: their requests to the API are the attempts).`,
  });
}
