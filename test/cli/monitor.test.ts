import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

interface Daemon {
  child: ChildProcess;
  results: string[];
  lines: Array<Record<string, unknown>>;
  waitFor(pred: () => boolean, ms?: number): Promise<void>;
  exited: Promise<number | null>;
}

function startMonitor(dir: string, db: string, extra: string[] = [], env: Record<string, string> = { OTEL_SDK_DISABLED: 'true' }): Daemon {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'monitor', '--probes-dir', join(dir, 'probes'), '--db', db, '--target', 'sim', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CANARY_RUNNER_ID: 'test-runner', CANARY_REGION: 'test-region', ...env },
  });
  children.push(child);
  const d: Daemon = {
    child,
    results: [],
    lines: [],
    exited: new Promise((r) => child.once('exit', (code) => r(code))),
    async waitFor(pred, ms = 30_000) {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out; last lines: ${JSON.stringify(d.lines.slice(-3))}`);
        if (child.exitCode !== null) throw new Error(`monitor exited ${child.exitCode}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
  let buf = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        const j = JSON.parse(line) as Record<string, unknown>;
        d.lines.push(j);
        if (j['event'] === 'result') d.results.push(String(j['run_id']));
      } catch {
        /* console alert lines are not JSON */
      }
    }
  });
  return d;
}

function rows(db: string): Array<{ run_id: string; runner_id: string; region: string }> {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare('SELECT run_id, runner_id, region FROM results ORDER BY started_at').all() as Array<{ run_id: string; runner_id: string; region: string }>;
  } finally {
    h.close();
  }
}

test('monitor killed with SIGKILL mid-run and restarted: no completed result lost, no duplicate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-'));
  const db = join(dir, 'canary.db');
  await import('node:fs').then((fs) => fs.mkdirSync(join(dir, 'probes')));
  // Every second, with simulated latency (~0.5 s) so a kill often lands mid-run.
  writeFileSync(
    join(dir, 'probes', 'tick.probe.ts'),
    `export default { id: 'tick', description: 'every second', schedule: '* * * * * *', model: 'claude-haiku-4-5',
       prompt: 'In about 60 words, describe a healthy service.', max_tokens: 200 };`,
  );
  const first = startMonitor(dir, db);
  await first.waitFor(() => first.results.length >= 4);
  first.child.kill('SIGKILL');
  expect(await first.exited).toBe(null); // killed, not exited
  const afterKill = rows(db);
  const stored = new Set(afterKill.map((r) => r.run_id));
  for (const id of first.results) expect(stored.has(id), `completed result ${id} lost`).toBe(true);
  expect(stored.size).toBe(afterKill.length);
  expect(afterKill.every((r) => r.runner_id === 'test-runner' && r.region === 'test-region')).toBe(true);

  const second = startMonitor(dir, db);
  await second.waitFor(() => second.results.length >= 2);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
  expect(second.lines.some((l) => l['event'] === 'stopped' && l['drained'] === true)).toBe(true);
  const final = rows(db);
  const ids = final.map((r) => r.run_id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const r of afterKill) expect(ids).toContain(r.run_id);
  for (const id of second.results) expect(ids).toContain(id);
}, 90_000);

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

test('monitor serves Prometheus /metrics on 127.0.0.1: probe runs, GenAI duration, runner and region on target_info', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-metrics-'));
  await import('node:fs').then((fs) => fs.mkdirSync(join(dir, 'probes')));
  writeFileSync(
    join(dir, 'probes', 'tick.probe.ts'),
    `export default { id: 'tick', description: 'every second', schedule: '* * * * * *', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: ok', max_tokens: 20, expectations: { checks: { too_short: false } } };`,
  );
  const port = await freePort();
  const d = startMonitor(dir, join(dir, 'c.db'), ['--metrics-port', String(port)], {});
  await d.waitFor(() => d.results.length >= 2);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  expect(text).toMatch(/claude_canary_probe_runs_total\{[^}]*claude_canary_probe_id="tick"[^}]*\} [1-9]/);
  // Prometheus' names (unit suffix), as the exported rules read them.
  expect(text).toMatch(/gen_ai_client_operation_duration_seconds_count\{[^}]*gen_ai_request_model="claude-haiku-4-5"/);
  expect(text).not.toMatch(/server_port=/);
  expect(text).toMatch(/target_info\{[^}]*claude_canary_runner_id="test-runner"[^}]*claude_canary_region="test-region"/);
  expect(text).not.toContain('sk-ant-');
  d.child.kill('SIGTERM');
  expect(await d.exited).toBe(0);
}, 60_000);

test('SIGHUP reloads the probes folder: edits and new files take effect; a broken file is named and changes nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-reload-'));
  const probes = join(dir, 'probes');
  await import('node:fs').then((fs) => fs.mkdirSync(probes));
  const probe = (id: string, extra = '') =>
    `export default { id: '${id}', description: 'every second', schedule: '* * * * * *', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: ok', max_tokens: 20, expectations: { checks: { too_short: false } }${extra} };`;
  writeFileSync(join(probes, 'a.probe.ts'), probe('a'));
  const d = startMonitor(dir, join(dir, 'c.db'));
  const last = (event: string) => [...d.lines].reverse().find((l) => l['event'] === event);
  const ran = (id: string) => d.lines.some((l) => l['event'] === 'result' && l['probe_id'] === id);
  await d.waitFor(() => ran('a'));
  expect(last('started')!['series']).toEqual(['a@claude-haiku-4-5']);

  // A new file joins the schedule.
  writeFileSync(join(probes, 'b.probe.ts'), probe('b'));
  d.child.kill('SIGHUP');
  await d.waitFor(() => last('reloaded') !== undefined);
  expect(last('reloaded')!['series']).toEqual(['a@claude-haiku-4-5', 'b@claude-haiku-4-5']);
  await d.waitFor(() => ran('b'));

  // A broken file: named with its field, and the running schedule is untouched.
  writeFileSync(join(probes, 'c.probe.ts'), probe('c', ", max_tokens: 'lots'"));
  d.child.kill('SIGHUP');
  await d.waitFor(() => last('reload_failed') !== undefined);
  const problems = last('reload_failed')!['problems'] as Array<{ file: string; path?: string }>;
  expect(problems.some((p) => p.file.endsWith('c.probe.ts') && p.path === 'max_tokens')).toBe(true);
  const before = d.results.length;
  await d.waitFor(() => d.results.length >= before + 2);

  // Fixed, and an edit to a file already loaded (a disabled) is seen too: no stale module cache.
  writeFileSync(join(probes, 'c.probe.ts'), probe('c'));
  writeFileSync(join(probes, 'a.probe.ts'), probe('a', ', enabled: false'));
  d.child.kill('SIGHUP');
  await d.waitFor(() => d.lines.filter((l) => l['event'] === 'reloaded').length === 2);
  expect(last('reloaded')!['series']).toEqual(['b@claude-haiku-4-5', 'c@claude-haiku-4-5']);
  await d.waitFor(() => ran('c'));

  d.child.kill('SIGTERM');
  expect(await d.exited).toBe(0);
}, 90_000);
