import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

test('a logger made with no destination writes nothing to stdout or stderr (library code stays silent)', () => {
  const code = `import { createLogger } from './src/log/logger.ts'; const l = createLogger(); l.info({ a: 1 }, 'hello'); l.error('boom');`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('');
});
