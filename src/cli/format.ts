/** Terminal output for results: a progress line per result and a summary table. */
import { failureKind } from '../shared/failure.ts';
import { formatUsd } from '../shared/money.ts';
import { resultSource } from '../shared/source.ts';
import { truncateWords } from '../shared/text.ts';
import type { ProbeResult } from '../shared/types.ts';

/** Characters of the reason on a progress line; longer reasons end at a word boundary with `…`. */
export const REASON_CHARS = 160;

const ICON: Record<ProbeResult['outcome'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERR ', skipped: 'SKIP' };

function ms(v: number | null): string {
  return v === null ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

function usd(v: number | null, unpriced: boolean): string {
  return unpriced ? 'unpriced' : formatUsd(v);
}

/** What went wrong, as a kind: the error kind of an error, the failure kind of a failed check, the cause of a skip. */
export function problemKind(r: ProbeResult): string | null {
  return r.error_kind ?? failureKind(r);
}

export function progressLine(r: ProbeResult): string {
  const why = r.outcome === 'pass' ? '' : `  ${problemKind(r) ?? ''}${r.error_message ? ` ${truncateWords(r.error_message, REASON_CHARS)}` : ''}`;
  return `${ICON[r.outcome]} ${r.probe_id} [${r.model}] ${ms(r.latency_ms)}${r.ttft_ms !== null ? ` (ttft ${ms(r.ttft_ms)})` : ''} ${usd(r.cost_usd, r.unpriced)}${r.flags.length ? ` flags: ${r.flags.join(',')}` : ''}${why}`;
}

export function resultTable(results: readonly ProbeResult[]): string {
  const header = ['probe', 'model', 'outcome', 'source', 'latency', 'ttft', 'tokens in/out', 'cost', 'attempts', 'flags / error'];
  const rows = results.map((r) => {
    const u = r.usage;
    const tin = u ? u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens : null;
    return [
      r.probe_id,
      r.model,
      r.outcome,
      resultSource(r.target),
      ms(r.latency_ms),
      ms(r.ttft_ms),
      u ? `${tin}/${u.output_tokens}${u.cache_read_input_tokens ? ` (cached ${u.cache_read_input_tokens})` : ''}` : '-',
      usd(r.cost_usd, r.unpriced),
      String(r.attempts),
      [r.flags.join(','), problemKind(r) ?? ''].filter(Boolean).join(' ') || '-',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const pass = results.filter((r) => r.outcome === 'pass').length;
  const spend = results.reduce((s, r) => s + (r.cost_usd ?? 0), 0);
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', `${pass}/${results.length} passed, spend ${formatUsd(spend)}`].join('\n');
}
