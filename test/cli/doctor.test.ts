/**
 * `claude-canary doctor` as an operator runs it: the real CLI as a child process, in a fresh clone
 * of this repository (no key, no config, no store), with receivers on 127.0.0.1 for the sinks.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHECK_IDS, type DoctorReport } from '../../src/doctor/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'claude-canary.js');
let clone = '';
const servers: Server[] = [];

beforeAll(() => {
  clone = join(mkdtempSync(join(tmpdir(), 'doctor-clone-')), 'claude-canary');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${ROOT}`, clone]);
  // Dependencies as `npm ci` would have installed them (the shared install).
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(clone, 'node_modules'));
});
afterAll(() => servers.forEach((s) => s.close()));

/** The environment of a machine with no key and no telemetry settings. */
function bareEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(ANTHROPIC_|OTEL_|CANARY_)/.test(k)) env[k] = v;
  }
  return env;
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: clone, env: bareEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((r) => child.on('close', (code) => r({ code, stdout, stderr })));
}

const doctor = (args: string[]) => cli(['doctor', ...args]);

test('fresh clone, no key: every check listed with its status and a fix, exit code from the statuses', async () => {
  const table = await doctor([]);
  for (const id of CHECK_IDS) expect(table.stdout).toMatch(new RegExp(`^(PASS|WARN|FAIL|SKIP)  ${id} `, 'm'));
  expect(table.stdout.match(/^\s+fix: \S/gm)).toHaveLength(CHECK_IDS.length);
  expect(table.code).toBe(/^FAIL /m.test(table.stdout) ? 1 : 0);

  const json = await doctor(['--json']);
  const report = JSON.parse(json.stdout) as DoctorReport;
  expect(report.checks.map((c) => c.id)).toEqual([...CHECK_IDS]);
  for (const c of report.checks) {
    expect(['pass', 'warn', 'fail', 'skip']).toContain(c.status);
    expect(c.fix.length, c.id).toBeGreaterThan(10);
    expect(c.checked.length, c.id).toBeGreaterThan(10);
  }
  expect(json.code).toBe(report.counts.fail > 0 ? 1 : 0);
  const by = Object.fromEntries(report.checks.map((c) => [c.id, c]));
  expect(by['telemetry']).toMatchObject({ status: 'pass', detail: expect.stringContaining('call to sim') });
  expect(by['tls']).toMatchObject({ status: 'skip', detail: 'skipped (simulator)' });
  expect(by['api_key_source']!.status).toBe('warn');
  expect(by['reconciliation']).toMatchObject({ status: 'warn', detail: 'never run', fix: expect.stringContaining('claude-canary reconcile') });
  expect(by['audit_trail']!.status).toBe('warn');
  expect(existsSync(join(clone, '.canary'))).toBe(false); // doctor creates no store
});

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function answering(status: number, bodies: string[]): Promise<number> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(`${req.method} ${body}`);
      res.writeHead(status).end(status === 200 ? 'ok' : 'internal error');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

test('--send-test: a webhook with nothing listening and one answering 500 fail the sink check, naming each host and never the URL path or query', async () => {
  const down = await closedPort();
  const got500: string[] = [];
  const got200: string[] = [];
  const broken = await answering(500, got500);
  const fine = await answering(200, got200);
  writeFileSync(
    join(clone, 'sinks.config.ts'),
    `export default { budgets: { daily_usd: 1, monthly_usd: 20 }, alerts: { sinks: [
      { type: 'webhook', name: 'down', url: 'http://127.0.0.1:${down}/hooks/PATHTOKEN1?token=QUERYTOKEN1' },
      { type: 'webhook', name: 'broken', url: 'http://127.0.0.1:${broken}/hooks/PATHTOKEN2' },
      { type: 'slack', name: 'fine', url: 'http://127.0.0.1:${fine}/services/PATHTOKEN3' },
    ] } };\n`,
  );
  const quiet = await doctor(['--config', 'sinks.config.ts', '--json']);
  expect(JSON.parse(quiet.stdout).checks.find((c: { id: string }) => c.id === 'alert_sinks')).toMatchObject({ status: 'pass' });
  expect(got500.length + got200.length).toBe(0); // nothing sent without --send-test

  const sent = await doctor(['--config', 'sinks.config.ts', '--send-test', '--json']);
  const sinks = (JSON.parse(sent.stdout) as DoctorReport).checks.find((c) => c.id === 'alert_sinks')!;
  expect(sinks.status).toBe('fail');
  expect(sinks.detail).toContain(`down (127.0.0.1:${down})`);
  expect(sinks.detail).toContain(`broken (127.0.0.1:${broken}): POST 127.0.0.1:${broken} answered 500`);
  expect(sinks.detail).toContain('not delivered to 2 of 3');
  expect(sent.code).toBe(1);
  expect(got500).toHaveLength(1);
  expect(got500[0]).toMatch(/^POST .*doctor_test/);
  expect(got200).toHaveLength(1); // the working sink got its test too

  const table = await doctor(['--config', 'sinks.config.ts', '--send-test']);
  expect(table.stdout).toMatch(new RegExp(`^FAIL  alert_sinks .*127\\.0\\.0\\.1:${down}`, 'm'));
  for (const out of [sent.stdout, sent.stderr, table.stdout, table.stderr]) expect(out).not.toMatch(/PATHTOKEN|QUERYTOKEN|\/hooks\//);
});

// Assembled at run time, so no key-shaped string is committed.
const ANT_KEY = ['sk', 'ant', 'api03', 'DOCTORKEYSENTINEL4f7Q2w'].join('-');
// A gateway key the output scrubber does not know by shape: only the check itself keeps it out.
const GATEWAY_KEY = 'gw-live-GATEWAYSENTINEL-88c2e1';

test.each([
  { name: 'a const with an sk-ant- key (config loads)', text: `const key = '${ANT_KEY}';\nexport default { budgets: { daily_usd: 1, monthly_usd: 20 } };\n`, line: 1, configFails: false },
  { name: 'an apiKey field (config refuses the field)', text: `export default {\n  budgets: { daily_usd: 1, monthly_usd: 20 },\n  apiKey: '${GATEWAY_KEY}',\n};\n`, line: 3, configFails: true },
])('a config with a key literal fails the secret check without printing the key: $name', async ({ text, line, configFails }) => {
  const file = `key-${line}.config.ts`;
  writeFileSync(join(clone, file), text);
  const json = await doctor(['--config', file, '--json']);
  const table = await doctor(['--config', file]);
  const report = JSON.parse(json.stdout) as DoctorReport;
  const check = report.checks.find((c) => c.id === 'api_key_source')!;
  expect(check.status).toBe('fail');
  expect(check.detail).toBe(`${join(clone, file)} holds an API key literal on line ${line} (not shown)`);
  expect(report.checks.find((c) => c.id === 'config')!.status).toBe(configFails ? 'fail' : 'pass');
  expect(json.code).toBe(1);
  expect(table.code).toBe(1);
  expect(table.stdout).toMatch(/^FAIL  api_key_source /m);
  for (const out of [json.stdout, json.stderr, table.stdout, table.stderr]) {
    expect(out).not.toContain('SENTINEL');
    // Not printed and then redacted by the CLI's output scrubber either: never printed at all.
    expect(out).not.toContain('[REDACTED]');
  }
});

test('after `run` wrote results to a store, the audit trail check passes on that store', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'doctor-db-')), 'canary.db');
  const run = await cli(['run', '--target', 'sim', '--probe', 'smoke', '--db', db]);
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse((await doctor(['--db', db, '--json'])).stdout) as DoctorReport;
  expect(report.checks.find((c) => c.id === 'audit_trail')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^1 result in the last 24 h, newest .* each with request id, time, outcome and runner$/) });
});

test('a bad flag value is a usage error: exit 2, one line naming the flag', async () => {
  const r = await doctor(['--max-catalogue-age', 'soon']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--max-catalogue-age must be a whole number of days, got "soon"');
  const t = await doctor(['--target', 'ftp://example.invalid']);
  expect(t.code).toBe(2);
});
