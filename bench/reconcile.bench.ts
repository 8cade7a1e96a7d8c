/**
 * Reconciliation bench: 1,000,000 stored calls over 30 days (2 models, usage and cost on every
 * row), reconciled per model and day against a bill of the same calls (target < 5 s, the whole
 * `runReconciliation`: store aggregate, both reports read and parsed, comparison, record saved).
 * The bill is served by an in-process fetch built from the same generated calls, so the figure is
 * ours, not the network's. Standalone: `npx tsx bench/reconcile.bench.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReconciliation } from '../src/reconcile/run.ts';
import type { ProbeResult } from '../src/shared/types.ts';
import { openStore } from '../src/store/index.ts';

const TOTAL = 1_000_000;
const BATCH = 5_000;
const DAY = 86_400_000;
const DAYS = 30;
const END = Date.UTC(2026, 10, 29);
const START = END - DAYS * DAY;
const MODELS = [
  { model: 'claude-haiku-4-5', id: 'claude-haiku-4-5-20251001', in: 1, out: 5 },
  { model: 'claude-sonnet-4-6', id: 'claude-sonnet-4-6', in: 3, out: 15 },
];

// Per day and model: what the bill will say.
const bill = new Map<string, { input: number; output: number; usd: number }>();

function result(i: number): ProbeResult {
  const m = MODELS[i % 2]!;
  const started_at = START + Math.floor((i / TOTAL) * DAYS * DAY);
  const input = 100 + (i % 50);
  const output = 50 + (i % 400);
  const cost = (input * m.in + output * m.out) / 1e6;
  const k = `${Math.floor(started_at / DAY) * DAY}|${m.id}`;
  const b = bill.get(k) ?? { input: 0, output: 0, usd: 0 };
  b.input += input;
  b.output += output;
  b.usd += cost;
  bill.set(k, b);
  return {
    run_id: `r${i}`, probe_id: `p${i % 50}`, model: m.model, target: 'anthropic', runner_id: 'bench', region: 'local',
    started_at, finished_at: started_at + 500, outcome: 'pass', error_kind: null, error_message: null, attempts: 1, latency_ms: 500, ttft_ms: 100,
    usage: { input_tokens: input, output_tokens: output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 },
    cost_usd: cost, unpriced: false, stop_reason: 'end_turn', request_id: null, context_utilisation: 0.001, flags: [], assertions: [], output_sha256: null, output_preview: null,
  };
}

/** The two reports, one page each (31 daily buckets fit one page), from the generated bill. */
const billFetch: typeof fetch = async (url) => {
  const u = new URL(String(url));
  const data = [];
  for (let d = START; d < END; d += DAY) {
    const results = MODELS.map((m) => ({ m, b: bill.get(`${d}|${m.id}`) })).filter((x) => x.b).map(({ m, b }) =>
      u.pathname.endsWith('/messages')
        ? { uncached_input_tokens: b!.input, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 }, cache_read_input_tokens: 0, output_tokens: b!.output, model: m.id, service_tier: 'standard' }
        : { amount: String(b!.usd * 100), currency: 'USD', model: m.id, cost_type: 'tokens' },
    );
    data.push({ starting_at: new Date(d).toISOString(), ending_at: new Date(d + DAY).toISOString(), results });
  }
  return new Response(JSON.stringify({ data, has_more: false, next_page: null }), { status: 200 });
};

const dir = mkdtempSync(join(tmpdir(), 'canary-reconcile-bench-'));
let failed = false;
try {
  const store = openStore(join(dir, 'bench.db'));
  const rows: ProbeResult[] = [];
  for (let i = 0; i < TOTAL; i += BATCH) {
    rows.length = 0;
    for (let j = i; j < Math.min(TOTAL, i + BATCH); j++) rows.push(result(j));
    store.insertResults(rows);
  }
  const opts = { baseURL: 'http://bill.invalid', adminKey: 'sk-ant-admin-bench', source: 'bench', target: 'anthropic', since: START, until: END - 1, bucket: '1d' as const, thresholds: { pct: 2, usd: 0.01 }, now: END, fetch: billFetch };
  const times: number[] = [];
  let outcome = '';
  let n = 0;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const r = await runReconciliation(store, opts);
    times.push(performance.now() - t);
    outcome = r.record.outcome;
    n = r.rows.length;
  }
  times.sort((a, b) => a - b);
  const first = times[times.length - 1]!;
  const med = times[1]!;
  const pass = first < 5_000 && outcome === 'agree';
  process.stdout.write(`${`reconcile 1M calls, 30 d, per model and day (${n} rows, ${outcome})`.padEnd(60)} ${`${med.toFixed(0)} ms`.padStart(10)}   ratio to target ${(med / 5_000).toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}\n`);
  process.stdout.write(`${'slowest of 3 runs (info)'.padEnd(60)} ${`${first.toFixed(0)} ms`.padStart(10)}\n`);
  failed = !pass;
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
