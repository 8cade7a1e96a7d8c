import { chmodSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildK6Args, findK6, K6_INSTALL_HINT, parseTarget, resolveScript } from '../../src/load/k6.ts';

function fakeBin(dir: string, name: string, executable = true): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, '#!/bin/sh\nexit 0\n');
  chmodSync(p, executable ? 0o755 : 0o644);
  return p;
}

describe('finding k6', () => {
  const root = mkdtempSync(join(tmpdir(), 'canary-k6-'));

  it('takes the first executable k6 on PATH', () => {
    const a = join(root, 'a');
    const b = join(root, 'b');
    fakeBin(a, 'k6', false); // not executable: skipped
    const good = fakeBin(b, 'k6');
    expect(findK6({ PATH: [join(root, 'missing'), a, b].join(delimiter) }, 'linux')).toBe(good);
  });

  it('returns null when PATH has no k6', () => {
    expect(findK6({ PATH: join(root, 'missing') }, 'linux')).toBeNull();
    expect(findK6({}, 'linux')).toBeNull();
  });

  it('prefers K6_BINARY, and does not fall back to PATH when it is wrong', () => {
    const explicit = fakeBin(join(root, 'c'), 'my-k6');
    const onPath = fakeBin(join(root, 'd'), 'k6');
    expect(findK6({ K6_BINARY: explicit, PATH: join(root, 'd') }, 'linux')).toBe(explicit);
    expect(findK6({ K6_BINARY: join(root, 'nope'), PATH: join(root, 'd') }, 'linux')).toBeNull();
    expect(onPath).toBeTruthy();
  });

  it('install hint names the official routes', () => {
    for (const s of ['apt-get install k6', 'brew install k6', 'grafana/k6', 'github.com/grafana/k6/releases', 'winget']) expect(K6_INSTALL_HINT).toContain(s);
  });
});

describe('k6 arguments', () => {
  it('writes the summary with --summary-export and passes variables with -e, sorted, script last', () => {
    expect(buildK6Args({ script: '/r/scenarios/load/smoke.ts', summaryPath: '/r/reports/s.json', env: { RATE: '50', BASE_URL: 'http://127.0.0.1:4010' } })).toEqual([
      'run', '--summary-export=/r/reports/s.json', '-e', 'BASE_URL=http://127.0.0.1:4010', '-e', 'RATE=50', '/r/scenarios/load/smoke.ts',
    ]);
    expect(buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: {}, extra: ['--quiet'] })).toEqual(['run', '--summary-export=o.json', '--quiet', 's.ts']);
  });

  it('asks k6 for its per-request output (json, gzip\'d json or csv by the name), an instance tag and an execution segment', () => {
    expect(buildK6Args({
      script: 's.ts', summaryPath: 'o.json', env: { BASE_URL: 'http://127.0.0.1:1' },
      samplesPath: '/r/part1.json.gz', tags: { instance: 'part-1' }, executionSegment: '0:1/2', executionSegmentSequence: '0,1/2,1',
    })).toEqual([
      'run', '--summary-export=o.json', '--out', 'json=/r/part1.json.gz', '--tag', 'instance=part-1',
      '--execution-segment', '0:1/2', '--execution-segment-sequence', '0,1/2,1', '-e', 'BASE_URL=http://127.0.0.1:1', 's.ts',
    ]);
    expect(buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: {}, samplesPath: 'x.json' })).toContain('json=x.json');
    expect(buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: {}, samplesPath: 'x.csv.gz' })).toContain('csv=x.csv.gz');
    expect(buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: {}, executionSegment: '50%:100%' })).toContain('50%:100%');
  });

  it.each([
    [{ executionSegment: '0:1/2; rm -rf /' }, /invalid execution segment/],
    [{ executionSegment: 'half' }, /invalid execution segment/],
    [{ executionSegmentSequence: '0:1/2' }, /invalid execution segment sequence/],
    [{ tags: { 'in stance': 'x' } }, /invalid k6 tag name/],
  ])('refuses %j', (extra, msg) => {
    expect(() => buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: {}, ...extra })).toThrow(msg);
  });

  it('refuses an environment name k6 would misread', () => {
    expect(() => buildK6Args({ script: 's.ts', summaryPath: 'o.json', env: { 'A=B': 'x' } })).toThrow(/invalid environment variable name/);
  });

  it('resolves built-in script names and leaves paths alone', () => {
    expect(resolveScript('steady', '/repo')).toBe('/repo/scenarios/load/steady.ts');
    expect(resolveScript('my/test.ts', '/pkg', '/app')).toBe('/app/my/test.ts');
    expect(resolveScript('/abs/test.ts', '/repo')).toBe('/abs/test.ts');
  });

  it('parses --target as the simulator or an http(s) URL', () => {
    expect(parseTarget('sim')).toEqual({ kind: 'sim' });
    expect(parseTarget('https://staging.example.com/')).toEqual({ kind: 'url', url: 'https://staging.example.com' });
    expect(() => parseTarget('staging')).toThrow(/"sim" or an http\(s\) URL/);
    expect(() => parseTarget('file:///etc/passwd')).toThrow(/"sim" or an http\(s\) URL/);
  });
});
