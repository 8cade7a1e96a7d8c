import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

test('a run whose every probe was skipped for budget exits 1 with a one-line reason; one that ran something is judged by what ran', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-budget-'));
  mkdirSync(join(dir, 'probes'));
  for (const id of ['one', 'two']) {
    writeFileSync(join(dir, 'probes', `${id}.probe.ts`), `export default { id: '${id}', description: 'x', model: 'claude-haiku-4-5', prompt: 'Reply with exactly: pong', max_tokens: 20, expectations: { checks: { too_short: false } } };`);
  }
  const db = join(dir, 'c.db');
  const broke = cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db], { CANARY_DAILY_BUDGET_USD: '0.000001' });
  expect(broke.status).toBe(1);
  const reason = broke.stderr.split('\n').filter((l) => l.startsWith('every probe was skipped'));
  expect(reason).toEqual([expect.stringMatching(/^every probe was skipped \(budget_exceeded\): daily budget \$0\.00: spent \$0\.000000 \+ reserved \$0\.000000 \+ this run's worst case \$0\.\d{6} would pass it$/)]);
  const rows = new Database(db, { readonly: true }).prepare('SELECT outcome, error_kind FROM results').all();
  expect(rows).toEqual([
    { outcome: 'skipped', error_kind: 'budget_exceeded' },
    { outcome: 'skipped', error_kind: 'budget_exceeded' },
  ]);
  const ok = cli(['run', '--probes-dir', join(dir, 'probes'), '--db', db]);
  expect(ok.status).toBe(0);
  expect(ok.stderr).not.toContain('every probe was skipped');
});
