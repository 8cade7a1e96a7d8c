/**
 * Bad input through the real CLI (a child process): exit 2, one line naming the flag or file,
 * every problem printed exactly once, syntax errors at file:line:column with the reason, no
 * stack trace; a mixed folder reports every problem in one pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ANTHROPIC_API_KEY: '', OTEL_SDK_DISABLED: 'true' },
  });

const STACK = /^\s+at /m;

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function folder(name: string, files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'input-')), name);
  mkdirSync(dir);
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  return dir;
}

test.each([
  ['an unknown option', ['run', '--bogus'], "unknown option '--bogus'"],
  ['an unknown command', ['bogus'], "unknown command 'bogus'"],
  ['a flag without its value', ['run', '--probe'], "option '--probe <id...>' argument missing"],
  ['a bad --metrics-port', ['monitor', '--metrics-port', 'abc'], '--metrics-port must be a port number, got "abc"'],
])('%s exits 2 with one line and no stack trace', (_name, args, message) => {
  const r = cli(args);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(message);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the message, and "(add --help for usage)"
});

test('a --db that cannot be opened exits 2 with one line naming --db and the path, no stack trace', () => {
  const probes = folder('probes', { 'ok.probe.ts': `export default { id: 'ok', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi' };\n` });
  const dbDir = mkdtempSync(join(tmpdir(), 'db-is-a-dir-'));
  const r = cli(['run', '--probes-dir', probes, '--db', dbDir]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`claude-canary: --db ${dbDir}: cannot open`);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).toBe('');
});

test('a probe syntax error is reported at file:line:column with the reason, and every problem of the folder exactly once', () => {
  const probes = folder('probes', {
    'syntax.probe.ts': "export default {\n  id: 'syntax',\n  description: 'x' +,\n};\n",
    'cron.probe.ts': `export default { id: 'cron', description: 'd', model: 'claude-haiku-4-5', prompt: 'hi', schedule: '* * *' };\n`,
    'huge.probe.ts': `export default { id: 'huge', description: 'd', model: 'claude-haiku-4-5', prompt: 'x'.repeat(2 * 1024 * 1024) };\n`,
  });
  const r = cli(['run', '--probes-dir', probes, '--db', join(probes, '..', 'c.db')]);
  expect(r.status).toBe(2);
  const lines = [
    `${probes}/syntax.probe.ts:3:20: syntax error: Unexpected ","`,
    `${probes}/cron.probe.ts: schedule: invalid cron expression "* * *"`,
    `${probes}/huge.probe.ts: prompt: ~524300 input tokens (estimated at 4 characters per token) exceed claude-haiku-4-5-20251001's context window of 200000`,
  ];
  for (const l of lines) expect(count(r.stderr, l), `${l}\n--- stderr:\n${r.stderr}`).toBe(1);
  expect(r.stderr).toContain('3 problems in');
  expect(r.stderr).not.toMatch(STACK);
});

test('a mixed scenarios folder: syntax error, bad field, bad workload probe, unknown alert rule and bad threshold, all at load, each once', () => {
  const dir = folder('scenarios', {
    'a-syntax.scenario.ts': "export default {\n  id: 'a',\n  description: ,\n};\n",
    'b-field.scenario.ts': `export default { id: 'b', description: 'd', settle_ms: -1, expect: {} };\n`,
    'c-probe.scenario.ts': `export default { id: 'c', description: 'd', workload: { probe: { model: 'claude-nope' } }, expect: {} };\n`,
    'd-rules.scenario.ts': `export default { id: 'd', description: 'd', alerts: [{ id: 'api_error_rate', threshold: 'high' }], expect: { alerts: { fire: [{ rule: 'no_such_rule' }], not_fire: ['rate_limited_share', 'also_unknown'] } } };\n`,
  });
  const r = cli(['chaos', '--dir', dir, '--junit', join(dir, '..', 'j.xml'), '--html', join(dir, '..', 'c.html')]);
  expect(r.status).toBe(2);
  const expected = [
    `${dir}/a-syntax.scenario.ts:3:15: syntax error: Unexpected ","`,
    `${dir}/b-field.scenario.ts: settle_ms:`,
    `${dir}/c-probe.scenario.ts: workload.probe.model: unknown model "claude-nope"`,
    `${dir}/d-rules.scenario.ts: alerts[0].threshold:`,
    `${dir}/d-rules.scenario.ts: expect.alerts.fire[0].rule: unknown alert rule "no_such_rule"`,
    `${dir}/d-rules.scenario.ts: expect.alerts.not_fire[1]: unknown alert rule "also_unknown"`,
  ];
  for (const l of expected) expect(count(r.stderr, l), `${l}\n--- stderr:\n${r.stderr}`).toBe(1);
  expect(r.stderr).not.toContain('rate_limited_share"');
  expect(r.stdout).toBe(''); // nothing ran
});
