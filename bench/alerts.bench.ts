/**
 * Alert bench: evaluation time per tick with every default rule over 1,000,000 stored results
 * (target < 50 ms per tick). Standalone: `npx tsx bench/alerts.bench.ts`.
 * Data: 40 probes x 3 models, spread evenly over the 30 days before the tick (about 23 runs a
 * minute), a realistic mix: ~1.5% errors (rate limits, 5xx, 529, timeouts), ~4% quality flags,
 * log-normal latency, rare high context use, priced results. A tick is what `monitor` does after
 * each result: store one result, then `engine.evaluate()`. The first tick (cold: the month's
 * spend is summed once) is reported apart; per-rule times show where the time goes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlertEngine, resolveAlertRules } from '../src/alerts/index.ts';
import { compileRule } from '../src/alerts/kinds/registry.ts';
import { newRunId } from '../src/probes/run-id.ts';
import type { ErrorKind, ProbeResult, QualityFlag } from '../src/shared/types.ts';
import { openStore } from '../src/store/index.ts';

const TOTAL = 1_000_000;
const BATCH = 10_000;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 29, 12, 0); // mid-day, late in the month: both calendar sums are large
const START = END - 30 * DAY;
const TARGET_MS = 50;
const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6', 'claude-opus-4-1'];
const ERRORS: ErrorKind[] = ['rate_limited', 'server_error', 'overloaded', 'timeout', 'connection'];
const FLAGS: QualityFlag[] = ['too_short', 'refusal', 'repetition', 'truncated', 'drift'];

let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function result(i: number, started_at: number): ProbeResult {
  const r = rand();
  const failed = r < 0.015;
  const flags: QualityFlag[] = !failed && rand() < 0.04 ? [FLAGS[Math.floor(rand() * FLAGS.length)]!] : [];
  const latency = Math.round(600 * Math.exp(rand() * 1.8));
  return {
    run_id: newRunId(started_at),
    probe_id: `probe-${i % 40}`,
    model: MODELS[i % 3]!,
    target: 'anthropic',
    runner_id: 'bench',
    region: 'eu-west-1',
    started_at,
    finished_at: started_at + latency,
    outcome: failed ? 'error' : flags.length ? 'fail' : 'pass',
    error_kind: failed ? ERRORS[Math.floor(rand() * ERRORS.length)]! : null,
    error_message: failed ? 'bench' : null,
    attempts: failed ? 3 : 1,
    latency_ms: failed ? null : latency,
    ttft_ms: failed ? null : Math.round(latency / 4),
    usage: failed ? null : { input_tokens: 200, output_tokens: 150, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, cache_write_5m_tokens: 0, cache_write_1h_tokens: 0 },
    cost_usd: failed ? null : 0.0009,
    unpriced: false,
    stop_reason: failed ? null : 'end_turn',
    request_id: null,
    context_utilisation: failed ? null : rand() < 0.0005 ? 0.85 : 0.02 + rand() * 0.3,
    flags,
    assertions: [],
    output_sha256: null,
    output_preview: null,
  };
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const line = (name: string, value: string, ratio?: number, pass?: boolean) =>
  process.stdout.write(`${name.padEnd(48)} ${value.padStart(12)}${ratio === undefined ? '' : `   ratio to target ${ratio.toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}`}\n`);
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const dir = mkdtempSync(join(tmpdir(), 'canary-alerts-bench-'));
let failed = false;
try {
  const store = openStore(join(dir, 'bench.db'));
  const t0 = performance.now();
  const rows: ProbeResult[] = [];
  const step = (END - START) / TOTAL;
  for (let i = 0; i < TOTAL; i += BATCH) {
    rows.length = 0;
    for (let j = i; j < Math.min(TOTAL, i + BATCH); j++) rows.push(result(j, Math.floor(START + j * step)));
    store.insertResults(rows);
  }
  line(`load ${TOTAL} results over 30 days (setup)`, `${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const rules = resolveAlertRules();
  const engine = createAlertEngine({ store, rules, sinks: [{ name: 'null', deliver: async () => {} }] });
  let now = END;
  let n = TOTAL;
  const tick = () => {
    now += 2_600; // ~23 runs a minute, as in the data
    store.insertResult(result(n++, now));
    const t = performance.now();
    engine.evaluate(now);
    return performance.now() - t;
  };

  const cold = tick();
  line('first tick (cold: month and day spend summed once)', fmt(cold));
  for (let i = 0; i < 20; i++) tick(); // page cache and statement warm-up, as in a long-running daemon
  const times: number[] = [];
  for (let i = 0; i < 200; i++) times.push(tick());
  const median = pct(times, 0.5);
  const p95 = pct(times, 0.95);
  line(`tick, ${rules.length} default rules, median of ${times.length}`, fmt(median), median / TARGET_MS, median < TARGET_MS);
  line('tick p95', fmt(p95), p95 / TARGET_MS, p95 < TARGET_MS);
  line('tick max (info)', fmt(Math.max(...times)));
  failed ||= median >= TARGET_MS || p95 >= TARGET_MS;

  // Where the time goes: each rule's SQL alone (warm).
  for (const rule of rules) {
    const evaluate = compileRule(store.db, rule, { schedules: () => null, startedAt: now });
    evaluate(now);
    const ts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      evaluate(now);
      ts.push(performance.now() - t);
    }
    line(`  ${rule.id} (${rule.kind}, info)`, fmt(pct(ts, 0.5)));
  }
  const firing = engine.state().filter((s) => s.state === 'firing').length;
  line('alerts firing at the end (info)', String(firing));
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(failed ? 'FAIL\n' : 'PASS\n');
process.exitCode = failed ? 1 : 0;
