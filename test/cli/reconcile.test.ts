import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NO_LATENCY } from '../../mocks/core/simulator.ts';
import { startHttpSimulator, type HttpSimulator } from '../../mocks/http/server.ts';
import { lastReconciliation } from '../../src/store/reconciliation-record.ts';
import { openStore } from '../../src/store/index.ts';

// Async spawn: the simulator answers from this process, so the child must not block its event loop.
function cli(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-api03-reconcile-test', ANTHROPIC_ADMIN_API_KEY: '', OTEL_SDK_DISABLED: 'true', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d));
    p.stderr.on('data', (d: Buffer) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let sim: HttpSimulator;
let dir: string;
let db: string;
const today = new Date().toISOString().slice(0, 10);
const ADMIN_KEY = 'sk-ant-admin01-reconcile-secret-value';

beforeAll(async () => {
  sim = await startHttpSimulator({ latency: NO_LATENCY });
  dir = mkdtempSync(join(tmpdir(), 'reconcile-cli-'));
  mkdirSync(join(dir, 'probes'));
  writeFileSync(join(dir, 'probes', 'h.probe.ts'), `export default { id: 'h', description: 'x', model: 'claude-haiku-4-5', prompt: 'Say something about reconciling bills', max_tokens: 120 };`);
  writeFileSync(join(dir, 'probes', 's.probe.ts'), `export default { id: 's', description: 'y', model: 'claude-sonnet-4-6', prompt: 'Say something about invoices', max_tokens: 120 };`);
  db = join(dir, 'c.db');
  for (let i = 0; i < 2; i++) {
    const r = await cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db, '--target', sim.url]);
    expect(r.stderr).not.toMatch(/error/i);
  }
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

test('no skew: every model and day agrees within rounding, exit 0, and the outcome is recorded', async () => {
  const r = await cli(['reconcile', '--target', sim.url, '--db', db, '--since', '2d', '--json'], { ANTHROPIC_ADMIN_API_KEY: ADMIN_KEY });
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toContain(ADMIN_KEY);
  expect(readFileSync(`${db}.reconcile.json`, 'utf8')).not.toContain(ADMIN_KEY);
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as { rows: Array<{ model: string; calls: number; cause: string; our_cost_usd: number; billed_cost_usd: number; ours: object; billed: object }> };
  const models = out.rows.map((x) => x.model).sort();
  expect(models).toEqual(['claude-haiku-4-5-20251001', 'claude-sonnet-4-6'].sort());
  for (const row of out.rows) {
    expect(row.cause).toBe('agree');
    expect(row.calls).toBe(2);
    expect(row.billed).toEqual(row.ours);
    expect(row.billed_cost_usd).toBeGreaterThan(0);
    expect(Math.abs(row.billed_cost_usd - row.our_cost_usd)).toBeLessThan(1e-6);
  }
  const store = openStore(db);
  expect(lastReconciliation(store)).toMatchObject({ outcome: 'agree', source: new URL(sim.url).origin, over_threshold: 0 });
  store.close();
}, 60_000);

test('a price change on a date: that model and day is reported as "price changed", exit 1; the other model agrees', async () => {
  sim.sim.setPlan({ faults: [], billing: { price_changes: [{ model: 'claude-haiku-4-5', from: today, input: 500, output: 2_000 }] } });
  try {
    const r = await cli(['reconcile', '--target', sim.url, '--db', db, '--since', '2d']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${today}\\s+claude-haiku-4-5-20251001\\s.*!! price changed`));
    expect(r.stdout).toMatch(new RegExp(`${today}\\s+claude-sonnet-4-6\\s.*agrees`));
    expect(r.stdout).toContain('1 of 2 rows differ');
    const store = openStore(db);
    expect(lastReconciliation(store)).toMatchObject({ outcome: 'drift', over_threshold: 1 });
    store.close();
  } finally {
    sim.sim.setPlan({ faults: [] });
  }
}, 60_000);

test('without an admin key or a target: exit 2 naming ANTHROPIC_ADMIN_API_KEY; a bad --bucket is a usage error; --no-partial leaves today out; an unreachable bill is exit 2', async () => {
  const r = await cli(['reconcile', '--db', db]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('ANTHROPIC_ADMIN_API_KEY is not set');
  const b = await cli(['reconcile', '--db', db, '--target', sim.url, '--bucket', '5m']);
  expect(b.status).toBe(2);
  expect(b.stderr).toContain('--bucket must be 1d or 1h');
  // The bill cannot be read (nothing listens there): exit 2 naming the host, never the key.
  // Whole days only (--no-partial): today's calls are left out, so there is nothing to compare.
  const whole = await cli(['reconcile', '--db', db, '--target', sim.url, '--since', '2d', '--no-partial', '--json']);
  expect(whole.status).toBe(0);
  expect((JSON.parse(whole.stdout) as { rows: unknown[] }).rows.filter((r) => (r as { calls: number }).calls > 0)).toEqual([]);
  const gone = await cli(['reconcile', '--db', db, '--target', 'http://127.0.0.1:9'], { ANTHROPIC_ADMIN_API_KEY: ADMIN_KEY });
  expect(gone.status).toBe(2);
  expect(gone.stderr).toContain('cannot read the bill from http://127.0.0.1:9');
  expect(gone.stderr + gone.stdout).not.toContain(ADMIN_KEY);
}, 60_000);
