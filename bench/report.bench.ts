/**
 * Dashboard bench: `renderDashboard` over 1,000,000 stored results with --since 30d (the whole
 * store in the window). Targets: under 5 s and under 500 MB peak RSS.
 * Standalone: `npx tsx bench/report.bench.ts`; also `npm run bench -- report`.
 * Data: 50 probes x 2 models over 30 days (about 23 results a minute), 3% errors of four kinds,
 * 5% quality flags, prompt caching on a fifth of the probes, 20 alert transitions. Seeded with
 * one prepared INSERT in one transaction into a temp file store (in a child process, so the
 * measured process starts like `claude-canary report`: a fresh heap and a store on disk),
 * deleted afterwards.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDashboard } from '../src/report/dashboard/index.ts';
import { openStore, type SqliteDb } from '../src/store/index.ts';

const TOTAL = 1_000_000;
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 29, 18);
const SPAN = 30 * DAY;
const MODELS = ['claude-haiku-4-5', 'claude-sonnet-4-6'];
const KINDS = ['rate_limited', 'overloaded', 'timeout', 'server_error'];
const TARGET_MS = 5_000;
const TARGET_MB = 500;

let rng = 7;
const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const mb = (bytes: number) => bytes / 1024 / 1024;
const line = (name: string, value: string, ratio: number, pass: boolean) =>
  process.stdout.write(`${name.padEnd(44)} ${value.padStart(14)}   ratio to target ${ratio.toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}\n`);

/** Seeds `path` with TOTAL results (run in a child process, so the render below starts with a clean heap, as `claude-canary report` does). */
function seedStore(path: string): void {
  const store = openStore(path);
  const insert = store.db.prepare(
    `INSERT INTO results (run_id, probe_id, model, target, runner_id, region, started_at, finished_at, outcome, error_kind, error_message, attempts,
       latency_ms, ttft_ms, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens, usage, cost_usd, unpriced,
       stop_reason, request_id, context_utilisation, flags, assertions, output_preview)
     VALUES (?, ?, ?, 'sim', 'bench', 'local', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0.01, ?, '[]', ?)`,
  );
  store.db.transaction(() => {
    for (let i = 0; i < TOTAL; i++) {
      const series = i % 100;
      const probe = `probe-${String(series >> 1).padStart(2, '0')}`;
      const model = MODELS[series & 1]!;
      const startedAt = END - SPAN + Math.floor((i / TOTAL) * SPAN);
      const error = rand() < 0.03;
      const latency = error ? 50 + rand() * 30_000 : Math.round(350 * Math.exp(rand() * 1.6) + series * 4);
      const cached = series % 10 < 2;
      const input = 150 + Math.floor(rand() * 300);
      const output = error ? null : 40 + Math.floor(rand() * 500);
      const write = cached && !error && i % 50 < 2 ? 2000 : 0;
      const read = cached && !error && write === 0 ? 2000 : 0;
      const price = model.includes('haiku') ? [1e-6, 5e-6] : [3e-6, 15e-6];
      const cost = error ? null : input * price[0]! + output! * price[1]! + write * price[0]! * 1.25 + read * price[0]! * 0.1;
      const flags = !error && rand() < 0.05 ? (rand() < 0.7 ? '["too_short"]' : '["refusal","too_short"]') : '[]';
      insert.run(
        `run-${i}`, probe, model, startedAt, startedAt + latency, error ? 'error' : flags === '[]' ? 'pass' : 'fail', error ? KINDS[i % 4]! : null,
        error ? `HTTP error on run ${i}` : null, error ? 3 : 1, latency, series % 4 === 0 && !error ? latency / 3 : null,
        error ? null : input, output, error ? null : write, error ? null : read,
        error ? null : JSON.stringify({ input_tokens: input, output_tokens: output, cache_creation_input_tokens: write, cache_read_input_tokens: read, cache_write_5m_tokens: write, cache_write_1h_tokens: 0 }),
        cost, error ? null : 'end_turn', `req_${i}`, flags, error ? null : `output of run ${i}`,
      );
    }
    const ev = store.db.prepare("INSERT INTO alert_events (rule_id, label_key, labels, from_state, to_state, at, value, samples) VALUES (?, ?, ?, ?, ?, ?, 1, 10)");
    for (let k = 0; k < 10; k++) {
      const labels = JSON.stringify({ probe_id: `probe-${k}` });
      ev.run('api_error_rate', `probe_id=probe-${k}`, labels, 'inactive', 'firing', END - (k + 2) * DAY);
      ev.run('api_error_rate', `probe_id=probe-${k}`, labels, 'firing', 'resolved', END - (k + 2) * DAY + 3_600_000);
    }
  })();
  (store.db as SqliteDb).raw.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
}

// REPORT_BENCH_DB=<file> keeps the seeded store there (and reuses it when present) for profiling.
const keep = process.env['REPORT_BENCH_DB'];
const seedOnly = process.argv.indexOf('--seed-only');
if (seedOnly >= 0) {
  seedStore(process.argv[seedOnly + 1]!);
  process.exit(0);
}
const dir = keep ? null : mkdtempSync(join(tmpdir(), 'canary-report-bench-'));
let failed = false;
try {
  const path = keep ?? join(dir!, 'bench.db');
  if (!existsSync(path)) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed-only', path], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`seeding ${path} failed (exit ${child.status})`);
    process.stdout.write(`seeded ${TOTAL.toLocaleString('en-US')} results in ${((performance.now() - t0) / 1000).toFixed(1)} s (child process)\n`);
  }
  const store = openStore(path);

  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage().rss;
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const r0 = performance.now();
  const cpu0 = process.cpuUsage();
  const page = renderDashboard(store, { windowMs: SPAN, now: END });
  const renderMs = performance.now() - r0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const maxAfter = process.resourceUsage().maxRSS * 1024;
  peak = Math.max(peak, process.memoryUsage().rss, maxAfter);
  store.close();

  process.stdout.write(`page: ${(page.length / 1024).toFixed(0)} KiB of HTML; RSS before render ${mb(rssBefore).toFixed(0)} MB (process peak before render ${mb(maxBefore).toFixed(0)} MB)\n`);
  line(`renderDashboard, 30d over ${TOTAL / 1e6}M results`, `${(renderMs / 1000).toFixed(2)} s`, renderMs / TARGET_MS, renderMs < TARGET_MS);
  // The machine may be shared: CPU time shows what contention hides in the wall time.
  process.stdout.write(`${'render CPU time (info)'.padEnd(44)} ${`${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`.padStart(14)}   load average ${loadavg()[0]!.toFixed(1)}\n`);
  line('peak RSS (process maxRSS)', `${mb(peak).toFixed(0)} MB`, mb(peak) / TARGET_MB, mb(peak) < TARGET_MB);
  failed = renderMs >= TARGET_MS || mb(peak) >= TARGET_MB;
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
