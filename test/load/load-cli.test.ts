/** The `load` and `report load` commands, run as the user runs them: a child process. */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** PATH with every directory that holds a k6 removed (there is none here, but CI may have one). */
function pathWithoutK6(): string {
  return (process.env.PATH ?? '').split(delimiter).filter((d) => d && !existsSync(join(d, 'k6'))).join(delimiter);
}

describe('claude-canary load', () => {
  it('without k6 prints how to install it and exits 2, before starting anything', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'canary-load-')), 'summary.json');
    const r = await cli(['load', 'smoke', '--out', out], { ...process.env, PATH: pathWithoutK6(), K6_BINARY: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('k6 is not installed');
    expect(r.stderr).toContain('brew install k6');
    expect(r.stderr).toContain('grafana/k6');
    expect(r.stderr).not.toContain('simulator listening');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects an unknown script and a bad target as usage errors (exit 2)', async () => {
    const env = { ...process.env, PATH: pathWithoutK6() };
    const a = await cli(['load', 'no-such-script'], env);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/no such load script/);
    const b = await cli(['load', 'smoke', '--target', 'staging'], env);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/"sim" or an http\(s\) URL/);
  });
});

/**
 * A stand-in k6 (there is no real one here): checks it was given the simulator's BASE_URL by
 * calling it, then writes a summary where --summary-export pointed and exits like k6 would.
 */
function fakeK6(dir: string, exitCode: number, samplesFixture?: string): string {
  const p = join(dir, 'k6');
  const fixture = join(ROOT, 'test/fixtures/k6/steady.summary-export.json');
  writeFileSync(
    p,
    `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(join(dir, 'args.json'))}, JSON.stringify(args));
const base = args[args.indexOf('-e') + 1].replace(/^BASE_URL=/, '');
fetch(base + '/v1/messages', { method: 'POST', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }) })
  .then((r) => {
    if (r.status !== 200) process.exit(3);
    const out = args.find((a) => a.startsWith('--summary-export=')).slice('--summary-export='.length);
    fs.copyFileSync(${JSON.stringify(fixture)}, out);
    const samples = args[args.indexOf('--out') + 1];
    if (${JSON.stringify(samplesFixture ?? '')} && samples && samples.startsWith('json=')) fs.copyFileSync(${JSON.stringify(samplesFixture ?? '')}, samples.slice(5));
    process.exit(${exitCode});
  }, () => process.exit(4));
`,
  );
  chmodSync(p, 0o755);
  return p;
}

describe('claude-canary load with k6 present', () => {
  it('starts the simulator, runs k6 against it, keeps the summary and renders the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-fake-k6-'));
    fakeK6(dir, 0);
    const summary = join(dir, 'out', 'summary.json');
    const report = join(dir, 'out', 'load.html');
    const r = await cli(['load', 'steady', '--out', summary, '--report', report, '-e', 'RATE=5'], { ...process.env, PATH: [dir, pathWithoutK6()].join(delimiter) });
    expect(r.stderr).toMatch(/simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.code).toBe(0);
    const args = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[];
    expect(args[0]).toBe('run');
    expect(args).toContain(`--summary-export=${summary}`);
    expect(args).toContain(`json=${join(ROOT, 'reports/load-samples.json.gz')}`); // the default per-request output
    expect(args).toContain('RATE=5');
    expect(args.at(-1)).toBe(join(ROOT, 'scenarios/load/steady.ts'));
    expect(existsSync(summary)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('Load test');
  });

  it('runs one part of a split test: k6 gets --out json, the instance tag and the segment, and the report draws the samples over time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-fake-k6-'));
    fakeK6(dir, 0, join(ROOT, 'test/fixtures/k6/samples/steady-part-b.json.gz'));
    const samples = join(dir, 'out', 'part-b.json.gz');
    const report = join(dir, 'out', 'load.html');
    const r = await cli(['load', 'steady', '--out', join(dir, 'out', 's.json'), '--samples', samples, '--report', report, '--instance', 'part-b', '--execution-segment', '1/3:1', '--execution-segment-sequence', '0,1/3,1'], { ...process.env, PATH: [dir, pathWithoutK6()].join(delimiter) });
    expect(r.code).toBe(0);
    const args = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[];
    expect(args.slice(2, 10)).toEqual(['--out', `json=${samples}`, '--tag', 'instance=part-b', '--execution-segment', '1/3:1', '--execution-segment-sequence', '0,1/3,1']);
    expect(r.stdout).toContain(`k6 per-request output: ${samples}`);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('aria-label="Request rate over time"');
    expect(html).toContain('9 of 9 thresholds met'); // tiles and verdict still from k6's own summary
  });

  it('maps k6 exit 99 (thresholds crossed) to exit 1, after still writing the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-fake-k6-'));
    fakeK6(dir, 99);
    const report = join(dir, 'load.html');
    const r = await cli(['load', 'smoke', '--out', join(dir, 's.json'), '--report', report, '--no-samples'], { ...process.env, PATH: [dir, pathWithoutK6()].join(delimiter) });
    expect(r.code).toBe(1);
    expect(existsSync(report)).toBe(true);
    // --no-samples: no per-request output asked of k6.
    expect(JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8'))).not.toContain('--out');
  });
});

describe('claude-canary report load', () => {
  it('renders the fixture to the --out file and prints the verdict', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'canary-report-')), 'load.html');
    const r = await cli(['report', 'load', 'test/fixtures/k6/steady.summary-export.json', '--out', out], process.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('load report (PASS)');
    expect(readFileSync(out, 'utf8')).toContain('<!doctype html>');
  });

  it('merges the per-request files of two parallel parts into one report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'canary-report-')), 'load.html');
    const r = await cli(['report', 'load', 'test/fixtures/k6/samples/steady-part-a.json', 'test/fixtures/k6/samples/steady-part-b.json.gz', '--out', out], process.env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('load report (FAIL)');
    expect(r.stdout).toContain('2 per-request files merged; instances: part-a, part-b');
    expect(readFileSync(out, 'utf8')).toContain('Merged from 2 k6 instances (part-a, part-b)');
  });

  it('refuses two end-of-test summaries: their percentiles cannot be merged', async () => {
    const f = 'test/fixtures/k6/steady.summary-export.json';
    const r = await cli(['report', 'load', f, f, '--out', join(mkdtempSync(join(tmpdir(), 'canary-report-')), 'x.html')], process.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/two end-of-test summaries/);
  });

  it('explains a file that is not a k6 summary and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canary-report-'));
    writeFileSync(join(dir, 'x.json'), '{"hello":1}');
    const r = await cli(['report', 'load', join(dir, 'x.json'), '--out', join(dir, 'x.html')], process.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a k6 summary/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});
