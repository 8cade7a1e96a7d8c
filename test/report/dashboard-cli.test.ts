/** `claude-canary report`: the dashboard from a store on disk, its errors, and `report load --out` still binding to the load report. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { seedResult } from './dashboard-seed.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('claude-canary report', () => {
  it('writes the dashboard for the last --since from --db to --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-report-cli-'));
    const db = join(dir, 'canary.db');
    const store = openStore(db);
    const now = Date.now();
    store.insertResults([seedResult('cli-probe', 'claude-haiku-4-5', 1, now - 3_600_000), seedResult('cli-probe', 'claude-haiku-4-5', 2, now - 40 * 86_400_000)]);
    store.close();
    const out = join(dir, 'out', 'index.html');
    const r = await cli(['report', '--db', db, '--since', '24h', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(out);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('Claude canary dashboard');
    expect(page).toContain('cli-probe');
    expect(page).toContain('per hour');
    // The seeded run failed its checks (a too_short flag): a failed canary is not available.
    expect(page).toMatch(/0 of 1 runs passed/);
  }, 60_000);

  it('exits 2 naming the problem for a missing store or a bad --since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-report-cli-'));
    const missing = await cli(['report', '--db', join(dir, 'none.db'), '--out', join(dir, 'x.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no result store at');
    expect(existsSync(join(dir, 'none.db'))).toBe(false);
    const bad = await cli(['report', '--db', join(dir, 'none.db'), '--since', 'a week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since must be a duration like 24h, 7d or 30d');
  }, 60_000);

  it('keeps `report load --out` for the load report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-report-cli-'));
    const out = join(dir, 'load.html');
    const r = await cli(['report', 'load', 'test/fixtures/k6/steady.summary-export.json', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Load test');
  }, 60_000);
});
