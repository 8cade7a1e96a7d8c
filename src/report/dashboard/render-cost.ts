/** Cost per day, token mix and cache hit ratio, the "what if" table and caching savings (internal). */
import { badge, formatCount, formatPct, formatUsd, html, lineChart, MISSING, section, table, type SafeHtml } from '../index.ts';
import { timeBars } from './render-overview.ts';
import { share, stacks } from './series.ts';
import type { DashboardData, TokenMixRow } from './types.ts';
import { bucketLabel, bucketStarts, DAY_MS } from './window.ts';
import { cachingSavings, whatIf, type PricingOptions } from './what-if.ts';

/** USD with three significant figures below $1 (what-if figures are often cents), else formatUsd. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return MISSING;
  const a = Math.abs(usd);
  if (a === 0) return '$0';
  return `${usd < 0 ? '−' : ''}${a < 1 ? `$${a.toPrecision(3)}` : formatUsd(a)}`;
}

const tokenTotal = (r: Pick<TokenMixRow, 'input' | 'cache_write' | 'cache_read'>) => r.input + r.cache_write + r.cache_read;

/** Cache reads over all input tokens (uncached + cache writes + cache reads). */
export function cacheHitRatio(rows: readonly TokenMixRow[]): number | null {
  const reads = rows.reduce((a, r) => a + r.cache_read, 0);
  return share(reads, rows.reduce((a, r) => a + tokenTotal(r), 0));
}

export function costSection(d: DashboardData): SafeHtml {
  const byModel = stacks(d.tokenMix.map((r) => ({ t: r.day, key: r.model, n: r.cost })), d.window, true);
  const byProbe = stacks(d.costByProbeDay, d.window, true);
  const unpriced = d.summary.unpriced;
  return section(
    'Cost per day',
    html`<div class="grid2">${timeBars('Cost per day by model', byModel, { yFormat: formatUsd, yLabel: 'USD' })}${timeBars('Cost per day by probe', byProbe, { yFormat: formatUsd, yLabel: 'USD' })}</div>${
      unpriced > 0 ? html`<p class="warn-text">${formatCount(unpriced)} runs used a model with no known price and are not counted (flagged <code>unpriced</code>).</p>` : ''
    }`,
    `What the stored results cost, per UTC day. Total in the window: ${formatUsd(d.summary.cost)}.`,
  );
}

export function tokenSection(d: DashboardData): SafeHtml {
  const days = bucketStarts(d.window, DAY_MS);
  const sum = (day: number, f: (r: TokenMixRow) => number) => d.tokenMix.filter((r) => r.day === day).reduce((a, r) => a + f(r), 0);
  const mix = timeBars(
    'Tokens per day by type',
    {
      categories: days.map((t) => bucketLabel(t, 'day')),
      series: [
        { name: 'input (uncached)', values: days.map((t) => sum(t, (r) => r.input)) },
        { name: 'cache writes', values: days.map((t) => sum(t, (r) => r.cache_write)) },
        { name: 'cache reads', values: days.map((t) => sum(t, (r) => r.cache_read)) },
        { name: 'output', values: days.map((t) => sum(t, (r) => r.output)) },
      ],
    },
    { yLabel: 'tokens' },
  );
  const ratio = lineChart({
    title: 'Cache hit ratio per day',
    series: [{ name: 'cache hit ratio', points: days.map((t) => ({ x: t, y: share(sum(t, (r) => r.cache_read), sum(t, tokenTotal)) })) }],
    xFormat: (x) => bucketLabel(x, 'day'),
    yFormat: (v) => formatPct(v, 0),
    yLabel: 'cache reads / input',
    width: 560,
    height: 250,
  });
  const models = [...new Set(d.tokenMix.map((r) => r.model))].sort();
  const perModel = table({
    rows: models.map((m) => {
      const rs = d.tokenMix.filter((r) => r.model === m);
      const s = (f: (r: TokenMixRow) => number) => rs.reduce((a, r) => a + f(r), 0);
      return { model: m, input: s((r) => r.input), write: s((r) => r.cache_write), read: s((r) => r.cache_read), output: s((r) => r.output), ratio: cacheHitRatio(rs) };
    }),
    empty: 'No token usage in this window.',
    columns: [
      { header: 'Model', cell: (r) => html`<code>${r.model}</code>` },
      { header: 'Input (uncached)', numeric: true, cell: (r) => formatCount(r.input) },
      { header: 'Cache writes', numeric: true, cell: (r) => formatCount(r.write) },
      { header: 'Cache reads', numeric: true, cell: (r) => formatCount(r.read) },
      { header: 'Output', numeric: true, cell: (r) => formatCount(r.output) },
      { header: 'Cache hit ratio', numeric: true, cell: (r) => formatPct(r.ratio, 1) },
    ],
  });
  return section(
    'Tokens and caching',
    html`<div class="grid2">${mix}${ratio}</div>${perModel}`,
    `Cache hit ratio = cache reads / all input tokens (uncached + cache writes + cache reads). Over the window: ${formatPct(cacheHitRatio(d.tokenMix), 1)}.`,
  );
}

function changeCell(change: number | null): SafeHtml | string {
  if (change === null) return '–';
  if (Math.abs(change) < 0.0005) return html`<span class="muted">same</span>`;
  return html`<span class="${change > 0 ? 'fail-text' : 'pass-text'}">${change > 0 ? '+' : ''}${formatPct(change, 1)}</span>`;
}

export function whatIfSection(d: DashboardData, pricing: PricingOptions): SafeHtml {
  const w = whatIf(d.tokenMix, pricing);
  const s = cachingSavings(d.tokenMix, pricing);
  const perThousand = (c: number | null) => (c === null || w.runs === 0 ? null : (c / w.runs) * 1000);
  const candidates = table({
    rows: w.rows,
    columns: [
      { header: 'Model', cell: (r) => html`<code>${r.model.id}</code>${r.observedRuns > 0 ? html` ${badge('observed', 'neutral')}` : ''}${r.model.status !== 'active' ? html` <span class="muted">(${r.model.status})</span>` : ''}` },
      { header: 'Cost of this mix', numeric: true, cell: (r) => (r.cost === null ? html`<span class="muted">unpriced</span>` : formatCost(r.cost)) },
      { header: 'Per 1,000 runs', numeric: true, cell: (r) => formatCost(perThousand(r.cost)) },
      { header: 'vs paid', numeric: true, cell: (r) => changeCell(r.change) },
    ],
  });
  const savingsRows = s.rows.length > 1 ? [...s.rows, s.total] : s.rows;
  const savings = table({
    rows: savingsRows,
    empty: 'No cache reads in this window.',
    columns: [
      { header: 'Model', cell: (r) => (r === s.total ? html`<strong>${r.model}</strong>` : html`<code>${r.model}</code>`) },
      { header: 'Cache reads', numeric: true, cell: (r) => formatCount(r.cacheReadTokens) },
      { header: 'Saved on reads', numeric: true, cell: (r) => formatCost(r.saved) },
      { header: 'Write premium', numeric: true, cell: (r) => formatCost(r.writePremium) },
      { header: 'Net saving', numeric: true, cell: (r) => html`<span class="${r.net >= 0 ? 'pass-text' : 'fail-text'}">${formatCost(r.net)}</span>` },
    ],
  });
  return section(
    'What if: the same tokens on every model',
    html`<div>${candidates}<p class="small muted">Paid for this window: <strong>${formatCost(w.paid)}</strong> over ${formatCount(w.runs)} runs. Each row prices every observed token (uncached input, cache writes and reads, output) at that model's catalogue price for the day; the long-context premium is not applied.</p></div><div><h3>What prompt caching saved</h3>${savings}<p class="small muted">Saved on reads = cache reads priced at the full input rate, minus what was paid for them: <strong>${formatCost(s.total.saved)}</strong>. Cache writes cost more than plain input (the write premium: ${formatCost(s.total.writePremium)}); net ${formatCost(s.total.net)}.${
      s.unpricedModels.length ? ` Not counted (no known price): ${s.unpricedModels.join(', ')}.` : ''
    }</p></div>`,
    'The cost-optimisation question: what would the observed token mix have cost on another model, and what did caching save?',
  );
}
