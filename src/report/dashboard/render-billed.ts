/** "Billed vs computed": the last reconciliation against Anthropic's bill, when one has run (internal). */
import { badge, html, section, table, type SafeHtml } from '../index.ts';
import { CAUSE_TEXT } from '../../reconcile/compare.ts';
import type { ReconciliationRow } from '../../store/reconciliation-record.ts';
import { formatCost } from './render-cost.ts';
import type { DashboardData } from './types.ts';
import { formatTime } from './window.ts';

const CAUSE: Readonly<Record<string, string>> = CAUSE_TEXT;

/** Empty when no reconciliation has run on this database. */
export function billedSection(d: DashboardData): SafeHtml | '' {
  const r = d.reconciliation;
  if (!r) return '';
  const rows = [...r.rows].sort((a, b) => Number(b.over_threshold) - Number(a.over_threshold) || b.bucket - a.bucket);
  const day = (t: number) => new Date(t).toISOString().slice(0, r.bucket === '1d' ? 10 : 13).replace('T', ' ');
  return section(
    'Billed vs computed',
    html`<p>${r.outcome === 'agree' ? badge('agrees', 'pass') : badge(`${r.over_threshold} differ`, 'fail')} Ours ${formatCost(r.our_cost_usd)}, billed ${formatCost(r.billed_cost_usd)}; largest difference ${formatCost(r.max_abs_diff_usd)}.</p>${table<ReconciliationRow>({
      columns: [
        { header: r.bucket === '1d' ? 'Day' : 'Hour', cell: (x) => day(x.bucket) },
        { header: 'Model', cell: (x) => x.model },
        { header: 'Our cost', cell: (x) => formatCost(x.our_cost_usd), numeric: true },
        { header: 'Billed cost', cell: (x) => formatCost(x.billed_cost_usd), numeric: true },
        { header: 'Difference', cell: (x) => formatCost(x.diff_usd), numeric: true },
        { header: 'Tokens off', cell: (x) => `${x.token_diff_pct.toFixed(1)}%`, numeric: true },
        { header: 'Cause', cell: (x) => (x.over_threshold ? badge(CAUSE[x.cause] ?? x.cause, 'fail') : CAUSE[x.cause] ?? x.cause) },
      ],
      rows,
      empty: 'Nothing billed or recorded in the reconciled window',
    })}`,
    `From the last \`claude-canary reconcile\` (${formatTime(r.ran_at)}, against ${r.source}${r.api_key_id ? `, key ${r.api_key_id}` : ''}): our per-call tokens and cost against the Admin API usage and cost reports, flagged past ${r.thresholds.pct}% and $${r.thresholds.usd}.`,
  );
}
