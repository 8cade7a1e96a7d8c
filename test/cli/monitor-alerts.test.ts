/**
 * Two real `claude-canary monitor` processes on one SQLite file, a simulator that fails and then
 * recovers, a real webhook receiver: each notification reaches the receiver exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { createSimulator } from '../../mocks/core/simulator.ts';
import { handleNodeRequest } from '../../mocks/http/server.ts';
import { startReceiver, waitFor } from '../alerts/outbox-helpers.ts';

const children: ChildProcess[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The simulator on 127.0.0.1, answering 401 to everything while `failing`. */
async function switchableApi(): Promise<{ url: string; failing: boolean }> {
  const sim = createSimulator({});
  const api = { url: '', failing: true };
  const server: Server = createServer((req, res) => {
    if (api.failing) req.headers['x-canary-fault'] = 'auth';
    handleNodeRequest(sim, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }));
  return api;
}

const OTHER_RULES = ['rate_limited_share', 'timeout_rate', 'quality_flag_rate', 'context_utilisation_high', 'daily_spend', 'monthly_spend', 'latency_p99', 'availability_burn'];

test('two monitors on one database: 5 alerts firing then resolved are 10 notifications and exactly 10 POSTs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitors-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'probes'));
  for (let i = 0; i < 5; i++) {
    writeFileSync(join(dir, 'probes', `p${i}.probe.ts`), `export default { id: 'p${i}', description: 'every second', schedule: '* * * * * *', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: ok', max_tokens: 20, expectations: { checks: { too_short: false } } };`);
  }
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const api = await switchableApi();
  const config = join(dir, 'claude-canary.config.ts');
  writeFileSync(config, `export default { jitter_ms: 0, alerts: {
    rules: [{ id: 'api_error_rate', group_by: ['probe_id'], window: '4s', for: '0s', keep_firing_for: '0s', min_samples: 1 }, ...${JSON.stringify(OTHER_RULES)}.map((id) => ({ id, enabled: false }))],
    sinks: [{ type: 'webhook', name: 'hook', url: '${receiver.url}' }],
  } };`);
  const db = join(dir, 'canary.db');
  new Database(db).close(); // created before both start, so neither races the other's first migration
  const monitor = (runner: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'monitor', '--config', config, '--probes-dir', join(dir, 'probes'), '--db', db, '--target', api.url], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, OTEL_SDK_DISABLED: 'true', CANARY_RUNNER_ID: runner },
    });
    children.push(child);
    return new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  };
  const exited = [monitor('a'), monitor('b')];
  const firing = () => new Set(receiver.posts.filter((p) => p.status === 'firing').map((p) => p.alert)).size;
  await waitFor(() => firing() === 5, 'five FIRING notifications', 60_000);
  api.failing = false;
  const keys = () => new Set(receiver.posts.map((p) => p.key)).size;
  await waitFor(() => keys() === 10, 'five RESOLVED notifications', 60_000);
  await new Promise((r) => setTimeout(r, 3000)); // room for a second sender's duplicate to show
  for (const c of children) c.kill('SIGTERM');
  expect(await Promise.all(exited)).toEqual([0, 0]);

  // On a failure, the order of what arrived tells a flap from a duplicate delivery.
  if (receiver.posts.length !== 10) console.log(JSON.stringify(receiver.posts.map((p) => [p.alert, p.status, p.key.slice(-12)])));
  expect(receiver.posts).toHaveLength(10);
  for (let i = 0; i < 5; i++) expect(receiver.posts.filter((p) => p.alert === `p${i}`).map((p) => p.status)).toEqual(['firing', 'resolved']);
}, 120_000);
