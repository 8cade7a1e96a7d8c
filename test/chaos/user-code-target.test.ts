import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AnyScenarioSchema, isUserScenario, runUserScenario, SENTINEL_KEY } from '../../src/chaos/index.ts';

async function run(input: unknown) {
  const s = AnyScenarioSchema.parse(input);
  if (!isUserScenario(s)) throw new Error('not a user-code scenario');
  return runUserScenario(s, 'inline');
}

/** Gone, or a zombie nobody reaped yet (PID 1 in a container may not reap): either way not running. */
function running(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  return existsSync(stat) && !/^\d+ \(.*\) Z /.test(readFileSync(stat, 'utf8'));
}

describe('a service started as a process', () => {
  test('is stopped with its whole process group, even when it ignores SIGTERM; a printed API key fails the scenario and is masked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-target-'));
    const svc = join(dir, 'svc.mjs');
    writeFileSync(
      svc,
      `import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
console.log('pids', process.pid, child.pid, 'base', process.env.ANTHROPIC_BASE_URL, 'key', process.env.ANTHROPIC_API_KEY);
createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
`,
    );
    const v = await run({
      id: 'stubborn',
      description: 'ignores SIGTERM, leaks its key',
      target: { command: [process.execPath, svc], stop_timeout_ms: 300 },
      workload: { request: { path: '/' } },
      expect: { every_call: { status: 200, body_contains: 'ok' } },
    });
    expect(v.error).toBeNull();
    expect(v.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['no API key in the service output']);
    const out = v.user!.output!;
    expect(out).not.toContain(SENTINEL_KEY);
    expect(out).toContain('key [REDACTED]');
    expect(out).toMatch(/base http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('[signal SIGKILL]');
    const [, pid, grandchild] = /pids (\d+) (\d+)/.exec(out)!.map(Number);
    expect(running(pid!)).toBe(false);
    expect(running(grandchild!)).toBe(false);
  }, 30_000);

  test('a service that exits before it is ready is an error that carries what it printed', async () => {
    const v = await run({
      id: 'crashes',
      description: 'exits at start',
      target: { command: [process.execPath, '-e', "console.error('config missing: DATABASE_URL'); process.exit(3)"] },
      workload: { request: { path: '/' } },
      expect: {},
    });
    expect(v.pass).toBe(false);
    expect(v.error).toContain('the target exited before it was ready (exit code 3)');
    expect(v.user!.output).toContain('config missing: DATABASE_URL');
  }, 30_000);
});
