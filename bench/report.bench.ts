/**
 * Dashboard bench: `renderDashboard` over 1,000,000 stored results with --since 30d (the whole
 * store in the window). Targets: under 5 s and under 500 MB peak RSS.
 * Standalone: `npx tsx bench/report.bench.ts`; also `npm run bench -- report`.
 * Data: 50 probes x 2 models over 30 days (about 23 results a minute), 3% errors of four kinds,
 * 5% quality flags, prompt caching on a fifth of the probes, 20 alert transitions. Seeded in
 * batches through `insertResults` into a temp file store (in a child process, so the measured
 * process starts like `claude-canary report`: a fresh heap and a store on disk), deleted
 * afterwards. Then the same on PostgreSQL when its binaries are there (a throwaway cluster with
 * default durability, seeded then VACUUM ANALYZEd, removed afterwards).
 *
 * Options (environment), to iterate on one backend:
 * - REPORT_BENCH_BACKENDS=sqlite,postgres (the default) or one of them: which backends to measure.
 * - REPORT_BENCH_DB=<file>: keep the seeded SQLite store there, and reuse it when present.
 * - REPORT_BENCH_PG_URL=postgres://...: render over that database, already seeded by
 *   `npx tsx bench/report.bench.ts --seed-only <url>` (no throwaway cluster, nothing removed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDashboard } from '../src/report/dashboard/index.ts';
import type { ErrorKind, ProbeResult, QualityFlag } from '../src/shared/types.ts';
import { isSqlite, openStore } from '../src/store/index.ts';
import { findPgBin, startPgCluster } from '../test/store/pg-cluster.ts';

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
  process.stdout.write(`${name.padEnd(56)} ${value.padStart(14)}   ratio to target ${ratio.toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}\n`);

/**
 * Seeds `location` (a SQLite file or a PostgreSQL URL) with TOTAL results, in batches through
 * `insertResults` (run in a child process, so the render below starts with a clean heap, as
 * `claude-canary report` does).
 */
function seedStore(location: string): void {
  const store = openStore(location);
  const batch: ProbeResult[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const series = i % 100;
    const probe = `probe-${String(series >> 1).padStart(2, '0')}`;
    const model = MODELS[series & 1]!;
    const startedAt = END - SPAN + Math.floor((i / TOTAL) * SPAN);
    const error = rand() < 0.03;
    const latency = error ? Math.round(50 + rand() * 30_000) : Math.round(350 * Math.exp(rand() * 1.6) + series * 4);
    const cached = series % 10 < 2;
    const input = 150 + Math.floor(rand() * 300);
    const output = error ? null : 40 + Math.floor(rand() * 500);
    const write = cached && !error && i % 50 < 2 ? 2000 : 0;
    const read = cached && !error && write === 0 ? 2000 : 0;
    const price = model.includes('haiku') ? [1e-6, 5e-6] : [3e-6, 15e-6];
    const cost = error ? null : input * price[0]! + output! * price[1]! + write * price[0]! * 1.25 + read * price[0]! * 0.1;
    const flags: QualityFlag[] = !error && rand() < 0.05 ? (rand() < 0.7 ? ['too_short'] : ['refusal', 'too_short']) : [];
    batch.push({
      run_id: `run-${i}`, probe_id: probe, model, target: 'sim', runner_id: 'bench', region: 'local', started_at: startedAt, finished_at: startedAt + latency,
      outcome: error ? 'error' : flags.length === 0 ? 'pass' : 'fail', error_kind: error ? (KINDS[i % 4]! as ErrorKind) : null,
      error_message: error ? `HTTP error on run ${i}` : null, attempts: error ? 3 : 1, latency_ms: latency, ttft_ms: series % 4 === 0 && !error ? latency / 3 : null,
      usage: error ? null : { input_tokens: input, output_tokens: output!, cache_creation_input_tokens: write, cache_read_input_tokens: read, cache_write_5m_tokens: write, cache_write_1h_tokens: 0 },
      cost_usd: cost, unpriced: false, stop_reason: error ? null : 'end_turn', request_id: `req_${i}`, context_utilisation: 0.01,
      flags, assertions: [], output_sha256: null, output_preview: error ? null : `output of run ${i}`,
    });
    if (batch.length === 5_000) store.insertResults(batch.splice(0));
  }
  store.insertResults(batch.splice(0));
  const ev = store.db.prepare("INSERT INTO alert_events (rule_id, label_key, labels, from_state, to_state, at, value, samples) VALUES (?, ?, ?, ?, ?, ?, 1, 10)");
  store.db.transaction(() => {
    for (let k = 0; k < 10; k++) {
      const labels = JSON.stringify({ probe_id: `probe-${k}` });
      ev.run('api_error_rate', `probe_id=probe-${k}`, labels, 'inactive', 'firing', END - (k + 2) * DAY);
      ev.run('api_error_rate', `probe_id=probe-${k}`, labels, 'firing', 'resolved', END - (k + 2) * DAY + 3_600_000);
    }
  })();
  if (isSqlite(store.db)) store.db.raw.pragma('wal_checkpoint(TRUNCATE)');
  else store.db.exec('VACUUM ANALYZE results');
  store.close();
}

// REPORT_BENCH_DB=<file> keeps the seeded store there (and reuses it when present) for profiling.
const keep = process.env['REPORT_BENCH_DB'];
const seedOnly = process.argv.indexOf('--seed-only');
if (seedOnly >= 0) {
  seedStore(process.argv[seedOnly + 1]!);
  process.exit(0);
}
let prefix = '';
let failed = false;

/** Seeds `location` in a child process unless `reuse`, then measures one render. */
function measure(location: string, reuse: boolean): void {
  if (!reuse) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--seed-only', location], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`seeding failed (exit ${child.status})`);
    process.stdout.write(`${prefix}seeded ${TOTAL.toLocaleString('en-US')} results in ${((performance.now() - t0) / 1000).toFixed(1)} s (child process)\n`);
  }
  const store = openStore(location);

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

  process.stdout.write(`${prefix}page: ${(page.length / 1024).toFixed(0)} KiB of HTML; RSS before render ${mb(rssBefore).toFixed(0)} MB (process peak before render ${mb(maxBefore).toFixed(0)} MB)\n`);
  line(`${prefix}renderDashboard, 30d over ${TOTAL / 1e6}M results`, `${(renderMs / 1000).toFixed(2)} s`, renderMs / TARGET_MS, renderMs < TARGET_MS);
  // The machine may be shared: CPU time shows what contention hides in the wall time (on
  // PostgreSQL most of the work is the server's, not counted here).
  process.stdout.write(`${`${prefix}render CPU time of this process (info)`.padEnd(56)} ${`${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`.padStart(14)}   load average ${loadavg()[0]!.toFixed(1)}\n`);
  line(`${prefix}peak RSS (process maxRSS)`, `${mb(peak).toFixed(0)} MB`, mb(peak) / TARGET_MB, mb(peak) < TARGET_MB);
  failed ||= renderMs >= TARGET_MS || mb(peak) >= TARGET_MB;
}

const backends = (process.env['REPORT_BENCH_BACKENDS'] ?? 'sqlite,postgres').split(',').map((b) => b.trim());
const pgUrl = process.env['REPORT_BENCH_PG_URL'];

const dir = keep || !backends.includes('sqlite') ? null : mkdtempSync(join(tmpdir(), 'canary-report-bench-'));
try {
  prefix = 'sqlite: ';
  if (keep && backends.includes('sqlite')) measure(keep, existsSync(keep));
  else if (dir) measure(join(dir, 'bench.db'), false);
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

const found = findPgBin();
if (!backends.includes('postgres')) {
  // Not asked for.
} else if (pgUrl) {
  prefix = 'postgres: ';
  measure(pgUrl, true);
} else if ('missing' in found) {
  process.stdout.write(`postgres: not measured (${found.missing})\n`);
} else {
  const cluster = await startPgCluster(found.bin);
  try {
    prefix = 'postgres: ';
    measure(await cluster.newDatabase(), false);
  } finally {
    cluster.stop();
  }
}
process.exitCode = failed ? 1 : 0;
