/** The reconciliation as a plain-text table: per model and bucket, ours vs billed, the difference and its cause. */
import { CAUSE_TEXT, type ReconcileRow } from './compare.ts';

const usd = (n: number | null) => (n === null ? '-' : `$${n.toFixed(4)}`);
const tok = (ours: number, billed: number) => `${ours}/${billed}`;

export function formatReconciliation(rows: readonly ReconcileRow[], bucket: '1h' | '1d'): string {
  const head = ['bucket', 'model', 'calls', 'input ours/billed', 'output ours/billed', 'cache write', 'cache read', 'our cost', 'billed cost', 'diff', 'cause'];
  const body = rows.map((r) => [
    bucket === '1d' ? new Date(r.bucket).toISOString().slice(0, 10) : new Date(r.bucket).toISOString().slice(0, 13) + 'h',
    r.model,
    String(r.calls),
    tok(r.ours.input, r.billed.input),
    tok(r.ours.output, r.billed.output),
    tok(r.ours.cache_write, r.billed.cache_write),
    tok(r.ours.cache_read, r.billed.cache_read),
    usd(r.our_cost_usd),
    usd(r.billed_cost_usd),
    r.diff_usd === null ? '-' : `${r.diff_usd >= 0 ? '+' : '-'}$${Math.abs(r.diff_usd).toFixed(4)}`,
    `${r.over_threshold ? '!! ' : ''}${CAUSE_TEXT[r.cause]}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}
