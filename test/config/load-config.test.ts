import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';

test('precedence: defaults < config file < environment < flags', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'claude-canary.config.ts'), `export default { region: 'from-file', runner_id: 'file-runner', budgets: { daily_usd: 1 } };`);
  const c = await loadConfig({ cwd: dir, env: { CANARY_REGION: 'from-env', CANARY_MONTHLY_BUDGET_USD: '9' }, flags: { region: 'from-flag' } });
  expect(c).toMatchObject({ region: 'from-flag', runner_id: 'file-runner', budgets: { daily_usd: 1, monthly_usd: 9 }, concurrency: 4 });
});

test('a price override must give both input and output; every problem names file and field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
  writeFileSync(join(dir, 'claude-canary.config.ts'), `export default { prices: { 'claude-haiku-4-5': { input: 0.8 } }, concurrency: 0 };`);
  const err = (await loadConfig({ cwd: dir, env: { CANARY_DAILY_BUDGET_USD: 'lots' } }).catch((e: unknown) => e)) as CanaryError;
  expect(err).toBeInstanceOf(CanaryError);
  const paths = err.problems.map((p) => `${p.file?.endsWith('claude-canary.config.ts') ? 'file' : p.file}:${p.path}`);
  expect(paths).toEqual(expect.arrayContaining(['file:prices.claude-haiku-4-5.output', 'file:concurrency', 'environment:CANARY_DAILY_BUDGET_USD']));
});
