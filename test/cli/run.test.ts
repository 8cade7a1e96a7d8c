import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ANTHROPIC_API_KEY: '', OTEL_SDK_DISABLED: 'true', ...env },
  });

test('a probes folder with several mistakes: every problem with file and field, exit 2, nothing run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-bad-'));
  mkdirSync(join(dir, 'probes'));
  writeFileSync(join(dir, 'probes', 'a.probe.ts'), `export default { id: 'a', description: 'x', schedule: '* * *', model: 'claude-haiku-4-5', prompt: 'hi' };`);
  writeFileSync(join(dir, 'probes', 'b.probe.ts'), `export default { id: 'B!', description: 'y', model: 'claude-nope', prompt: 'hi', max_tokens: -1 };`);
  writeFileSync(join(dir, 'probes', 'c.probe.ts'), `export default { id: 'a', description: 'dup', model: 'claude-haiku-4-5', prompt: 'hi', messages: [{ role: 'user', content: 'x' }] };`);
  writeFileSync(join(dir, 'probes', 'd.probe.ts'), `export default { id: 'd', description: 'ok', model: 'claude-haiku-4-5', prompt: 'hi', expectations: { assertions: [{ kind: 'regex', pattern: '(' }] } };`);
  const db = join(dir, 'c.db');
  const r = cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db]);
  expect(r.status).toBe(2);
  for (const needle of ['a.probe.ts: schedule: invalid cron expression "* * *"', 'b.probe.ts: id:', 'b.probe.ts: model: unknown model "claude-nope"', 'b.probe.ts: max_tokens', 'c.probe.ts: give either messages or prompt, not both', 'd.probe.ts: expectations.assertions[0].pattern']) {
    expect(r.stderr).toContain(needle);
  }
  expect(r.stdout).toBe('');
  expect(existsSync(db)).toBe(false); // nothing ran, not even the store was created
});

test('run against the simulator: a table, results stored with runner and region, exit 1 when a probe fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-ok-'));
  mkdirSync(join(dir, 'probes'));
  writeFileSync(join(dir, 'probes', 'ok.probe.ts'), `export default { id: 'ok', description: 'x', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: pong', max_tokens: 20, expectations: { checks: { too_short: false }, assertions: [{ kind: 'contains', value: 'pong' }] } };`);
  writeFileSync(join(dir, 'probes', 'no.probe.ts'), `export default { id: 'no', description: 'y', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: pong', max_tokens: 20, expectations: { checks: { too_short: false }, assertions: [{ kind: 'contains', value: 'ping' }] } };`);
  const db = join(dir, 'c.db');
  const r = cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db], { CANARY_RUNNER_ID: 'ci-runner', CANARY_REGION: 'xx-1' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('ANTHROPIC_API_KEY is not set: running against the built-in simulator.');
  expect(r.stdout).toMatch(/ok\s+claude-haiku-4-5\s+pass/);
  expect(r.stdout).toMatch(/no\s+claude-haiku-4-5\s+fail/);
  // The failed run names its failure kind in the error column (it showed `-`), and its source.
  expect(r.stdout).toMatch(/no\s+claude-haiku-4-5\s+fail\s+simulator\s.*\sassertion_failed$/m);
  expect(r.stderr).toMatch(/FAIL no \[claude-haiku-4-5\].*assertion_failed assertion contains "ping": expected text to contain "ping"/);
  expect(r.stdout).toContain('1/2 passed');
  const rows = new Database(db, { readonly: true }).prepare('SELECT probe_id, outcome, runner_id, region FROM results ORDER BY probe_id').all();
  expect(rows).toEqual([
    { probe_id: 'no', outcome: 'fail', runner_id: 'ci-runner', region: 'xx-1' },
    { probe_id: 'ok', outcome: 'pass', runner_id: 'ci-runner', region: 'xx-1' },
  ]);
  const j = cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db, '--probe', 'ok', '--json']);
  expect(j.status).toBe(0);
  expect(JSON.parse(j.stdout)).toMatchObject([{ probe_id: 'ok', outcome: 'pass', target: 'sim', source: 'simulator' }]);
  expect(cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db, '--probe', 'nope']).status).toBe(2);
});
