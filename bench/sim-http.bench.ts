/**
 * Requests/s of the HTTP simulator against bare node:http returning the same bytes: same load
 * generator, same run, alternating rounds; each server in its own process. Target: >= 0.5x.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedLoop, type LoadResult } from './lib/load.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CONNECTIONS = 32;
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 3_000);
const ROUNDS = 3;
const TARGET = 0.5;

async function start(mode: 'sim' | 'bare'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'lib/serve.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (c) => reject(new Error(`${mode} server exited ${c}`)));
  });
  return { url, child };
}

const servers = { sim: await start('sim'), bare: await start('bare') };
const results: Record<'sim' | 'bare', LoadResult[]> = { sim: [], bare: [] };
await closedLoop(servers.sim.url, CONNECTIONS, 500); // warm-up (JIT, connections)
await closedLoop(servers.bare.url, CONNECTIONS, 500);
for (let i = 0; i < ROUNDS; i++) {
  for (const mode of ['sim', 'bare'] as const) results[mode].push(await closedLoop(servers[mode].url, CONNECTIONS, ROUND_MS));
}
for (const s of Object.values(servers)) s.child.kill();

const median = (xs: LoadResult[]) => [...xs].sort((a, b) => a.rps - b.rps)[Math.floor(xs.length / 2)]!;
const sim = median(results.sim);
const bare = median(results.bare);
const ratio = sim.rps / bare.rps;
const row = (name: string, r: LoadResult) =>
  `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   errors ${r.errors}`;
console.log(`HTTP simulator vs bare node:http (same bytes), ${CONNECTIONS} keep-alive connections, median of ${ROUNDS} x ${ROUND_MS} ms`);
console.log(row('simulator', sim));
console.log(row('bare node:http', bare));
console.log(`ratio ${ratio.toFixed(3)}x (target >= ${TARGET}x): ${ratio >= TARGET ? 'PASS' : 'FAIL'}`);
process.exitCode = ratio >= TARGET ? 0 : 1;
