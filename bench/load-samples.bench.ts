/**
 * k6 per-request output bench: streams a generated 1,000,000-line k6 JSON output file (and the
 * same file gzip'd, as `--out json=file.gz` writes it) into time slots, then renders the report.
 * Prints rows/s and peak RSS. Targets: 100,000 rows/s (a 1M-line file in 10 s) and 256 MB peak
 * RSS (memory must not grow with the file: a multi-GB output must fit).
 * Standalone: `npx tsx bench/load-samples.bench.ts`; also `npm run bench -- load-samples`.
 * The file is written by a child process in k6's line format (Metric declarations, Point samples
 * with the tags k6 attaches; two instances, 10 minutes at 80 requests/s with 25 lines per request),
 * and each measurement runs in a fresh child process, so maxRSS is the parser's own.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { loadReportFromFiles } from '../src/load/report-files.ts';

const LINES = 1_000_000;
const TARGET_ROWS_S = 100_000;
const TARGET_MB = 256;
const T0 = Date.UTC(2026, 11, 7, 2);
const mb = (bytes: number) => bytes / 1024 / 1024;
const line = (name: string, value: string, ratio: number, pass: boolean) =>
  process.stdout.write(`${name.padEnd(44)} ${value.padStart(14)}   ratio to target ${ratio.toFixed(2)}   ${pass ? 'PASS' : 'FAIL'}\n`);

/** k6-format lines, ~25 per request (one chunk per request), until LINES. */
function* k6Lines(): Generator<string> {
  let n = 0;
  let rng = 11;
  const rand = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const seen = new Set<string>();
  const decl = (metric: string, type: string, contains: string) => {
    if (seen.has(metric)) return '';
    seen.add(metric);
    return `${JSON.stringify({ type: 'Metric', data: { name: metric, type, contains, thresholds: metric === 'http_req_duration' ? ['p(95)<2500', 'p(99)<5000'] : [], submetrics: null }, metric })}\n`;
  };
  const point = (metric: string, t: number, value: number, tags: Record<string, string>) =>
    `{"metric":"${metric}","type":"Point","data":{"time":"${new Date(t).toISOString().slice(0, 23)}${String(Math.floor(rand() * 1e6)).padStart(6, '0')}Z","value":${value},"tags":${JSON.stringify(tags)}}}\n`;
  for (let i = 0; n < LINES; i++) {
    const t = T0 + Math.floor(i * 12.5);
    const instance = i % 2 ? 'part-b' : 'part-a';
    const status = rand() < 0.03 ? '429' : '200';
    const d = 200 + rand() * 900;
    const http = { expected_response: String(status === '200'), group: '', instance, method: 'POST', name: 'messages', proto: 'HTTP/1.1', scenario: 'steady', status, url: 'http://127.0.0.1:4010/v1/messages' };
    const vu = { group: '', instance, scenario: 'steady' };
    let out = '';
    if (i % 80 === 0) out += decl('vus', 'gauge', 'default') + point('vus', t, 40, { instance });
    for (const [m, v] of [['http_reqs', 1], ['http_req_duration', d], ['http_req_blocked', 0.004], ['http_req_connecting', 0], ['http_req_tls_handshaking', 0], ['http_req_sending', 0.03], ['http_req_waiting', d * 0.96], ['http_req_receiving', d * 0.04], ['http_req_failed', status === '200' ? 0 : 1]] as const) {
      out += decl(m, m === 'http_reqs' ? 'counter' : m === 'http_req_failed' ? 'rate' : 'trend', m === 'http_reqs' || m === 'http_req_failed' ? 'default' : 'time') + point(m, t, v, http);
    }
    out += decl('claude_api_errors', 'rate', 'default') + point('claude_api_errors', t, status === '200' ? 0 : 1, vu);
    out += decl('claude_rate_limited', 'rate', 'default') + point('claude_rate_limited', t, status === '200' ? 0 : 1, vu);
    if (status !== '200') out += decl('claude_errors', 'counter', 'default') + point('claude_errors', t, 1, { ...vu, kind: 'rate_limited' });
    out += decl('claude_faults_injected', 'counter', 'default') + point('claude_faults_injected', t, 1, { ...vu, fault: 'none' });
    out += decl('claude_input_tokens', 'counter', 'default') + point('claude_input_tokens', t, 310, vu);
    out += decl('claude_output_tokens', 'counter', 'default') + point('claude_output_tokens', t, 180, vu);
    out += decl('claude_cost_usd', 'counter', 'default') + point('claude_cost_usd', t, 0.00121, vu);
    for (const check of ['status is 200', 'response is a complete message', 'usage reports output tokens']) out += decl('checks', 'rate', 'default') + point('checks', t, status === '200' ? 1 : 0, { ...vu, check });
    out += decl('data_sent', 'counter', 'data') + point('data_sent', t, 412, vu);
    out += decl('data_received', 'counter', 'data') + point('data_received', t, 1630, vu);
    out += decl('iteration_duration', 'trend', 'time') + point('iteration_duration', t, d + 1, vu);
    out += decl('iterations', 'counter', 'default') + point('iterations', t, 1, vu);
    let batch = '';
    for (const l of out.split('\n')) {
      if (l === '' || n >= LINES) continue;
      n++;
      batch += `${l}\n`;
    }
    yield batch;
  }
}

async function generate(path: string, gz: boolean): Promise<void> {
  const src = Readable.from(k6Lines(), { objectMode: false });
  if (gz) await pipeline(src, createGzip({ level: 1 }), createWriteStream(path));
  else await pipeline(src, createWriteStream(path));
}

/** Child: render the report from one file, print wall ms, CPU ms and maxRSS as JSON. */
async function measure(path: string): Promise<void> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { html } = await loadReportFromFiles([path]);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRss: process.resourceUsage().maxRSS * 1024, html: html.length }));
}

const self = fileURLToPath(import.meta.url);
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : null);
if (arg('--generate')) await generate(arg('--generate')!, process.argv.includes('--gz'));
else if (arg('--measure')) await measure(arg('--measure')!);
else {
  const dir = mkdtempSync(join(tmpdir(), 'canary-load-samples-bench-'));
  let failed = false;
  try {
    for (const gz of [false, true]) {
      const file = join(dir, gz ? 'samples.json.gz' : 'samples.json');
      const g0 = performance.now();
      const gen = spawnSync(process.execPath, ['--import', 'tsx', self, '--generate', file, ...(gz ? ['--gz'] : [])], { stdio: 'inherit' });
      if (gen.status !== 0) throw new Error(`generating ${file} failed`);
      process.stdout.write(`generated ${LINES.toLocaleString('en-US')} k6 JSON lines, ${mb(statSync(file).size).toFixed(0)} MB${gz ? ' gzip\'d' : ''}, in ${((performance.now() - g0) / 1000).toFixed(1)} s (child process)\n`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--measure', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (child.status !== 0) throw new Error(`measuring ${file} failed`);
      const r = JSON.parse(child.stdout) as { ms: number; cpuMs: number; maxRss: number; html: number };
      const rows = LINES / (r.ms / 1000);
      line(`parse + merge + render, ${gz ? 'gzip\'d' : 'plain'} (rows/s)`, `${Math.round(rows).toLocaleString('en-US')}`, TARGET_ROWS_S / rows, rows >= TARGET_ROWS_S);
      // The machine may be shared: rows per CPU-second shows what contention hides in the wall time.
      process.stdout.write(`${'  wall / CPU time (info)'.padEnd(44)} ${`${(r.ms / 1000).toFixed(2)} s / ${(r.cpuMs / 1000).toFixed(2)} s`.padStart(14)}   ${Math.round(LINES / (r.cpuMs / 1000)).toLocaleString('en-US')} rows per CPU-second, load average ${loadavg()[0]!.toFixed(1)}, report ${(r.html / 1024).toFixed(0)} KiB\n`);
      line(`  peak RSS (process maxRSS)`, `${mb(r.maxRss).toFixed(0)} MB`, mb(r.maxRss) / TARGET_MB, mb(r.maxRss) < TARGET_MB);
      failed ||= rows < TARGET_ROWS_S || mb(r.maxRss) >= TARGET_MB;
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}
