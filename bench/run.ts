/**
 * `npm run bench [-- <name>...]`: runs every `bench/*.bench.ts` (or those whose name contains one
 * of the arguments), each in its own process so memory figures are not polluted by the others.
 * Each bench prints its own figures and ratios against its target.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const f of files) {
  process.stdout.write(`\n== ${f} ==\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (files.length === 0) process.stdout.write(`no bench matched ${filters.join(', ')}\n`);
process.exit(failed > 0 ? 1 : 0);
