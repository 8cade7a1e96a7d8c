/**
 * claude-canary as a user gets it: `npm pack`, the tarball installed into new apps in a temp
 * folder outside the repository (one `"type": "module"`, one CommonJS, each with its own
 * package.json), and there: `tsc --noEmit` (module nodenext, strict) over a file that uses every
 * entry point, plain `node` starting the simulator from `claude-canary/sim` and calling it through
 * `createClient`, `npx claude-canary run` on the app's own probes/, then `npx claude-canary init`
 * and `npx claude-canary chaos` on what init made.
 *
 * One `npm ci` (offline, from the npm cache); the CommonJS app gets a hard-linked copy of the
 * same node_modules.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskUsage, installApp, pack, ROOT, type Packed } from './app.ts';

const TSC = join(ROOT, 'node_modules/.bin/tsc');
const base = mkdtempSync(join(tmpdir(), 'canary-pkg-'));
let packed: Packed;
const apps = { module: join(base, 'esm-app'), commonjs: join(base, 'cjs-app') } as const;

/** A child environment without anything of ours that could steer it (no key, no store path). */
function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' };
  for (const k of Object.keys(e)) if (k.startsWith('ANTHROPIC_') || k.startsWith('CANARY_') || k.startsWith('OTEL_') || k === 'NODE_OPTIONS' || k.startsWith('VITEST')) delete e[k];
  return e;
}

function run(cwd: string, cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '' };
}

const PROBE = `import { defineProbe } from 'claude-canary';
export default defineProbe({
  id: 'app-smoke',
  description: 'the app probes the simulator',
  model: 'claude-haiku-4-5',
  prompt: 'Reply with exactly: OK',
  max_tokens: 16,
  expectations: { checks: { too_short: false }, assertions: [{ kind: 'contains', value: 'OK' }] },
});
`;

/** Uses every entry point; must type-check in the user's app. */
const TYPED = `import { createClient, defineConfig, defineProbe, defineScenario, type CallRecord, type ErrorKind, type FaultPlan, type ProbeResult } from 'claude-canary';
import { createFetchSimulator, startHttpSimulator, NO_LATENCY } from 'claude-canary/sim';
import { createSafeFetch, createSimulator, simulatorHandlers } from 'claude-canary/msw';

const plan: FaultPlan = { faults: [{ kind: 'overloaded', match: { first: 1 } }] };
export const kinds: ErrorKind[] = ['rate_limited', 'overloaded'];
export const handlers = simulatorHandlers(createSimulator({ latency: NO_LATENCY }));
export const safeFetch: typeof fetch = createSafeFetch();
export const probe = defineProbe({ id: 'typed', description: 'd', model: 'claude-haiku-4-5', prompt: 'p', max_tokens: 8 });
export const scenario = defineScenario({ id: 'typed', description: 'd', plan, expect: { calls: [{ index: 0, attempts: 2 }] } });
export const config = defineConfig({ region: 'eu-west-1', budgets: { daily_usd: 1 } });

export async function attempts(): Promise<number> {
  const http = await startHttpSimulator({ plan });
  const inProcess = createFetchSimulator({ plan });
  const client = createClient({ apiKey: 'sk-ant-test', baseURL: inProcess.baseURL, fetch: inProcess.fetch });
  const r = await client.tryCall({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
  const record: CallRecord | null = r.record;
  const result: ProbeResult | null = null;
  await http.close();
  return (record?.attempts.length ?? 0) + (result === null ? 0 : 1);
}
`;

/** Starts the simulator over HTTP from code, calls it through createClient, prints the cost. */
const SCRIPT = {
  module: `import { startHttpSimulator, NO_LATENCY } from 'claude-canary/sim';
import { createClient } from 'claude-canary';
const server = await startHttpSimulator({ latency: NO_LATENCY });
const client = createClient({ apiKey: 'sk-ant-app-test', baseURL: server.url });
const { record } = await client.call({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] });
console.log(JSON.stringify({ url: server.url, cost: record.cost.total, output_tokens: record.usage.output_tokens, requests: server.sim.log.length }));
await server.close();
`,
  commonjs: `const { startHttpSimulator, NO_LATENCY } = require('claude-canary/sim');
const { createClient } = require('claude-canary');
(async () => {
  const server = await startHttpSimulator({ latency: NO_LATENCY });
  const client = createClient({ apiKey: 'sk-ant-app-test', baseURL: server.url });
  const { record } = await client.call({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello' }] });
  console.log(JSON.stringify({ url: server.url, cost: record.cost.total, output_tokens: record.usage.output_tokens, requests: server.sim.log.length }));
  await server.close();
})();
`,
};

const TSCONFIG = {
  compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
  include: ['*.ts', 'probes', 'scenarios', 'claude-canary.config.ts'],
};

beforeAll(() => {
  packed = pack(base);
  installApp(apps.module, packed.tarball, 'module');
  mkdirSync(apps.commonjs);
  execFileSync('cp', ['-al', join(apps.module, 'node_modules'), join(apps.commonjs, 'node_modules')]);
  writeFileSync(join(apps.commonjs, 'package.json'), `${JSON.stringify({ name: 'app-commonjs', version: '1.0.0', private: true, dependencies: { 'claude-canary': `file:${packed.tarball}` } }, null, 2)}\n`);
  for (const dir of Object.values(apps)) {
    mkdirSync(join(dir, 'probes'));
    writeFileSync(join(dir, 'probes/app.probe.ts'), PROBE);
    writeFileSync(join(dir, 'typed.ts'), TYPED);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
  }
  writeFileSync(join(apps.module, 'sim-cost.js'), SCRIPT.module);
  writeFileSync(join(apps.commonjs, 'sim-cost.js'), SCRIPT.commonjs);
}, 900_000);

afterAll(() => rmSync(base, { recursive: true, force: true }), 120_000);

describe('the packed tarball', () => {
  it('is under 1 MB and holds no test, bench or CI files', () => {
    const installed = diskUsage(join(apps.module, 'node_modules'));
    process.stdout.write(
      `tarball ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packed.files.length} files; ` +
        `app node_modules after install ${(installed / 1024 / 1024).toFixed(1)} MB\n`,
    );
    expect(packed.size).toBeLessThan(1024 * 1024);
    const stray = packed.files.filter((f) => (/^(test|bench|\.ci|\.github|docs|examples|src|mocks|probes)\//.test(f) && f !== 'docs/runbooks.md') || /^scenarios\/[^/]+\.scenario\.ts$/.test(f) || /\.test\.[jt]s$/.test(f));
    expect(stray).toEqual([]);
    for (const f of ['package.json', 'README.md', 'bin/claude-canary.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/sim.js', 'dist/src/msw.js', 'dist/src/cli/main.js', 'scenarios/load/smoke.ts', 'docs/runbooks.md']) {
      expect(packed.files).toContain(f);
    }
  });
});

describe.each(['module', 'commonjs'] as const)('an app of "type" %s', (type) => {
  const dir = apps[type];

  it('type-checks a file using every entry point, and its probes, with tsc (nodenext, strict)', () => {
    const r = run(dir, process.execPath, [TSC, '-p', 'tsconfig.json']);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  }, 120_000);

  it('runs a plain node script: simulator from claude-canary/sim, a call through createClient, its cost', () => {
    const r = run(dir, process.execPath, ['sim-cost.js']);
    expect(r.code, r.out).toBe(0);
    const printed = JSON.parse(r.stdout.trim()) as { url: string; cost: number; output_tokens: number; requests: number };
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.requests).toBe(1);
    expect(printed.output_tokens).toBeGreaterThan(0);
    expect(printed.cost).toBeGreaterThan(0);
  }, 120_000);

  it('npx claude-canary run runs the probe in the app\'s own probes/ against the simulator', () => {
    const r = run(dir, 'npx', ['claude-canary', 'run', '--json']);
    expect(r.code, r.out).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ probe_id: string; outcome: string; target: string }>;
    expect(results.map((x) => [x.probe_id, x.outcome, x.target])).toEqual([['app-smoke', 'pass', 'sim']]);
  }, 120_000);

  it('npx claude-canary init scaffolds without overwriting; chaos passes on what it made; it all type-checks', () => {
    const init = run(dir, 'npx', ['claude-canary', 'init']);
    expect(init.code, init.out).toBe(0);
    for (const f of ['probes/example.probe.ts', 'scenarios/example.scenario.ts', 'claude-canary.config.ts', '.github/workflows/claude-canary.yml']) expect(init.out).toContain(`created  ${f}`);
    const again = run(dir, 'npx', ['claude-canary', 'init']);
    expect(again.out).toContain('kept     claude-canary.config.ts (exists)');
    expect(again.out).toContain('0 file(s) created');

    const chaos = run(dir, 'npx', ['claude-canary', 'chaos']);
    expect(chaos.code, chaos.out).toBe(0);
    expect(chaos.out).toContain('1/1 scenarios passed');
    expect(readFileSync(join(dir, 'reports/chaos.junit.xml'), 'utf8')).toContain('example-rate-limit-retry');

    const probes = run(dir, 'npx', ['claude-canary', 'run', '--json']);
    expect(probes.code, probes.out).toBe(0);
    expect((JSON.parse(probes.stdout) as Array<{ probe_id: string; outcome: string }>).map((x) => `${x.probe_id}:${x.outcome}`).sort()).toEqual(['app-smoke:pass', 'example-smoke:pass']);

    const tsc = run(dir, process.execPath, [TSC, '-p', 'tsconfig.json']);
    expect(tsc.out).toBe('');
  }, 300_000);

  it('npx claude-canary doctor lists every check with a fix; the runbooks ship with the package', () => {
    const r = run(dir, 'npx', ['claude-canary', 'doctor', '--json']);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ id: string; status: string; fix: string }> };
    expect(r.code, r.out).toBe(report.ok ? 0 : 1);
    expect(report.checks.length).toBeGreaterThanOrEqual(10);
    for (const c of report.checks) expect(c.fix, c.id).not.toBe('');
    expect(report.checks.find((c) => c.id === 'runbooks')?.status).toBe('pass');
    expect(report.checks.find((c) => c.id === 'telemetry')?.status).toBe('pass');
  }, 120_000);
});

/** The TypeScript blocks of the README's "Use it from your own repository" section, in order. */
function readmeBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it from your own repository');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe('the README, as written, in the "type": "module" app', () => {
  const dir = apps.module;
  const [probe, service, simInTests] = readmeBlocks();

  it('has the three examples this test runs', () => {
    expect(probe).toContain("from 'claude-canary'");
    expect(service).toContain('createClient(');
    expect(simInTests).toContain("from 'claude-canary/sim'");
  });

  it('the probe example passes against the simulator', () => {
    writeFileSync(join(dir, 'probes/readme.probe.ts'), probe!);
    const r = run(dir, 'npx', ['claude-canary', 'run', '--probe', 'checkout-summary', '--json']);
    expect(r.code, r.out).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ outcome: string }>).map((x) => x.outcome)).toEqual(['pass']);
  }, 120_000);

  it('the service example calls the API at ANTHROPIC_BASE_URL (a simulator in another process) and prints text, cost and attempts', async () => {
    writeFileSync(join(dir, 'service.ts'), service!);
    const { startHttpSimulator, NO_LATENCY } = await import('../../src/sim.ts');
    const server = await startHttpSimulator({ latency: NO_LATENCY });
    try {
      // Asynchronous: the simulator answers from this process while the child runs.
      const child = await new Promise<{ code: number; out: string }>((resolve) => {
        const e = { ...env(), ANTHROPIC_API_KEY: 'sk-ant-readme-test', ANTHROPIC_BASE_URL: server.url };
        execFile(process.execPath, ['--import', 'tsx', 'service.ts'], { cwd: dir, env: e, timeout: 60_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
        );
      });
      expect(child.code, child.out).toBe(0);
      expect(server.sim.log.map((l) => [l.path, l.status])).toEqual([['/v1/messages', 200]]);
      expect(child.out).toMatch(/ 0\.\d+ 1\n/); // text, then cost in USD, then one attempt
      expect(child.out).not.toContain('sk-ant-readme-test');
    } finally {
      await server.close();
    }
  }, 120_000);

  it('the simulator-in-tests example shows the 529 and the retry', () => {
    writeFileSync(join(dir, 'sim-in-tests.ts'), simInTests!);
    const r = run(dir, process.execPath, ['--import', 'tsx', 'sim-in-tests.ts']);
    expect(r.code, r.out).toBe(0);
    expect(r.stdout.trim()).toBe('[ 529, 200 ]');
  }, 120_000);
});
