/**
 * The real daemon (a child process, node-cron on real time) against a simulator on 127.0.0.1 that
 * starts hanging: the canary stops producing results, and `probe_absent` fires after two missed
 * schedules. Its /metrics carries the blackbox-style probe series.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { startHttpSimulator } from '../../mocks/http/server.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function until<T>(read: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a canary that stops producing results fires probe_absent after two missed schedules; /metrics has the probe series', async () => {
  const sim = await startHttpSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'monitor-silence-'));
  mkdirSync(join(dir, 'probes'));
  // Every 2 seconds: two missed schedules = 4 s of silence.
  writeFileSync(
    join(dir, 'probes', 'tick.probe.ts'),
    `export default { id: 'tick', description: 'every 2 s', schedule: '*/2 * * * * *', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: ok', max_tokens: 20, timeout_ms: 120000, expectations: { checks: { too_short: false } } };`,
  );
  const db = join(dir, 'c.db');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'monitor', '--probes-dir', join(dir, 'probes'), '--db', db, '--target', sim.url, '--metrics-port', String(port), '--stop-deadline-ms', '500'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // The simulator checks that a key is sent, not which.
    env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-simulator-test' },
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const read = <T>(sql: string, ...args: unknown[]): T | undefined => {
    try {
      const h = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return h.prepare(sql).get(...args) as T | undefined;
      } catch {
        return undefined; // tables not migrated yet
      } finally {
        h.close();
      }
    } catch {
      return undefined;
    }
  };
  try {
    await until(() => ((read<{ n: number }>("SELECT count(*) AS n FROM results WHERE outcome = 'pass'")?.n ?? 0) >= 2 ? true : undefined), 60_000, 'two results').catch((e: Error) => {
      writeFileSync(join(tmpdir(), "monitor-silence.log"), out);
      throw new Error(`${e.message}; monitor output in ${join(tmpdir(), "monitor-silence.log")}`);
    });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const series = 'claude_canary_probe_id="tick"';
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_success\\{[^}]*${series}[^}]*\\} 1`));
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_interval_seconds\\{[^}]*${series}[^}]*\\} 2`));
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_last_run_timestamp_seconds\\{[^}]*${series}[^}]*\\} 1\\d{9}`));
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_duration_seconds_bucket\\{[^}]*${series}`));
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_runs_total\\{[^}]*claude_canary_probe_outcome="fail"[^}]*\\} 0`)); // at zero before any failure
    expect(metrics).toMatch(new RegExp(`claude_canary_probe_quality_flags_total\\{[^}]*claude_canary_probe_flag="refusal"[^}]*\\} 0`));

    // The API starts hanging: the run in flight never finishes, later ticks are skipped as
    // overlapping, and no result arrives.
    sim.sim.setPlan({ faults: [{ kind: 'hang' }] });
    const fired = await until(() => read<{ firing_since: number; value: number; threshold: number }>("SELECT firing_since, value, threshold FROM alert_instances WHERE rule_id = 'probe_absent' AND state = 'firing'"), 60_000, 'probe_absent to fire');
    const last = read<{ t: number }>("SELECT max(started_at) AS t FROM results WHERE outcome <> 'skipped'")!.t;
    expect(fired.threshold).toBe(4); // two schedules of 2 s
    expect(fired.firing_since - last).toBeGreaterThan(4_000); // not before two missed schedules
    expect(fired.value).toBeGreaterThan(4);
    // The console sink delivers after the state is stored.
    await until(() => (/FIRING critical probe_absent probe_id=tick model=claude-haiku-4-5: A probe has produced no result/.test(out) ? true : undefined), 30_000, 'the FIRING line');
  } finally {
    child.kill('SIGKILL');
    await sim.close();
  }
}, 120_000);
