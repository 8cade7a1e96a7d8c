import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from './fixtures/results.ts';

const writer = join(import.meta.dirname, 'fixtures', 'writer.ts');
const COUNT = 20_000;

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

/** Starts the writer and SIGKILLs it once it has acknowledged `after` commits; returns the acknowledged ids. */
function killMidRun(path: string, after: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, path, String(COUNT)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      acked.push(...lines);
      if (acked.length >= after && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer exited ${code} before the kill`))));
  });
}

describe('store under a crash', () => {
  it('keeps every committed result through SIGKILL, and a restart that replays them adds no duplicate', async () => {
    const path = join(tmp.dir, 'canary.db');
    const acked = await killMidRun(path, 500);

    const afterCrash = openStore(path);
    const stored = new Set(afterCrash.queryResults({ since: 0 }).map((r) => r.run_id));
    afterCrash.close();
    expect(acked.length).toBeGreaterThanOrEqual(500);
    expect(stored.size).toBeLessThan(COUNT);
    for (const id of acked) expect(stored.has(id), id).toBe(true);

    const restart = spawnSync(process.execPath, ['--import', 'tsx', writer, path, String(COUNT)], { stdio: ['ignore', 'ignore', 'inherit'] });
    expect(restart.status).toBe(0);
    const store = openStore(path);
    expect(store.db.prepare('SELECT count(*) AS n, count(DISTINCT run_id) AS d FROM results').get()).toEqual({ n: COUNT, d: COUNT });
    store.close();
  }, 60_000);
});
