/**
 * A 429 storm seen by a real Prometheus: the rules exported by the CLI (`claude-canary rules
 * export --format prometheus`, with windows shortened in a config file) evaluated by
 * /usr/bin/prometheus over the real `/metrics` of the telemetry endpoint, fed by real client
 * calls (default retries and circuit breaker) against the HTTP simulator on 127.0.0.1.
 * `rate_limited_share` must fire during the storm and resolve after it: before the fix the
 * breaker opened after 5 failed attempts and every later call became `circuit_open`, so the
 * rate-limited share never crossed its threshold.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, expect, test } from 'vitest';
import { NO_LATENCY, startHttpSimulator } from '../../mocks/index.ts';
import { PROM } from '../../src/alerts/index.ts';
import { createClient } from '../../src/client/index.ts';
import { PrometheusEndpoint } from '../../src/telemetry/index.ts';

const PROMETHEUS = '/usr/bin/prometheus';
const MODEL = 'claude-haiku-4-5';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>, log: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms / 1000}s\n${log()}`);
    await sleep(250);
  }
}

test('a 429 storm fires rate_limited_share in a real Prometheus with the exported rules, and it resolves after the storm', async (ctx) => {
  if (!existsSync(PROMETHEUS)) ctx.skip(`${PROMETHEUS} not found: install the Debian prometheus package to run this test`);
  const dir = mkdtempSync(join(tmpdir(), 'canary-prom-storm-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  // The exported rules, through the CLI, with the storm rule's windows made short by config.
  const config = join(dir, 'claude-canary.config.ts');
  writeFileSync(config, `export default { alerts: { rules: [{ id: 'rate_limited_share', window: '10s', for: '2s', keep_firing_for: '0s', min_samples: 5 }] } };\n`);
  const rules = join(dir, 'canary.rules.yml');
  const exported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'rules', 'export', '--format', 'prometheus', '--config', config, '--out', rules], { encoding: 'utf8' });
  expect(exported.status, exported.stderr).toBe(0);
  // Scalars in the file are JSON strings: the expression's quotes are escaped.
  expect(readFileSync(rules, 'utf8')).toContain(`increase(${PROM.calls}{${PROM.label.errorType}=~\\"rate_limited\\"}[10s])`);

  // The real client and simulator, and /metrics as the daemon serves it.
  const sim = await startHttpSimulator({ latency: NO_LATENCY });
  cleanups.push(() => sim.close());
  const endpoint = new PrometheusEndpoint({ port: 0 });
  const provider = new MeterProvider({ readers: [endpoint] });
  cleanups.push(() => provider.shutdown());
  const target = new URL(await endpoint.url);
  const client = createClient({ apiKey: 'sk-ant-test', baseURL: sim.url, meterProvider: provider });

  // Prometheus: 1 s scrape and evaluation.
  const webPort = await freePort();
  const promConfig = join(dir, 'prometheus.yml');
  writeFileSync(
    promConfig,
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: [${JSON.stringify(rules)}]`,
      'scrape_configs:',
      '  - job_name: canary',
      `    metrics_path: ${JSON.stringify(target.pathname)}`,
      `    static_configs: [{ targets: [${JSON.stringify(target.host)}] }]`,
      '',
    ].join('\n'),
  );
  let promLog = '';
  const prom: ChildProcess = spawn(PROMETHEUS, [`--config.file=${promConfig}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${webPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  prom.stderr!.on('data', (b: Buffer) => void (promLog = (promLog + b.toString()).slice(-4000)));
  cleanups.push(async () => {
    if (prom.exitCode !== null) return;
    const exited = new Promise((r) => prom.once('exit', r));
    prom.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (prom.exitCode === null) prom.kill('SIGKILL');
  });
  const api = `http://127.0.0.1:${webPort}`;
  await until('Prometheus ready', 30_000, async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined), () => promLog);

  // Probe traffic: a call every 100 ms until the test ends.
  let running = true;
  let calls = 0;
  const traffic = (async () => {
    while (running) {
      await client.tryCall({ model: MODEL, max_tokens: 20, messages: [{ role: 'user', content: 'Reply OK.' }] });
      calls++;
      await sleep(100);
    }
  })();
  cleanups.unshift(async () => {
    running = false;
    await traffic;
  });
  const alert = async () => {
    const body = (await (await fetch(`${api}/api/v1/alerts`)).json()) as { data: { alerts: PromAlert[] } };
    return body.data.alerts.find((a) => a.labels['alertname'] === 'rate_limited_share');
  };
  const state = () => `calls: ${calls}; prometheus log: ${promLog}`;

  // Healthy first, so every series exists before the storm; the storm; then health again.
  await until('first scrapes', 20_000, async () => {
    const r = (await (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(`count(${PROM.calls})`)}`)).json()) as { data: { result: unknown[] } };
    return r.data.result.length > 0 ? true : undefined;
  }, state);
  await sleep(2_000);
  expect(await alert()).toBeUndefined();

  sim.sim.setPlan({ faults: [{ kind: 'rate_limit', retry_after: 0 }] });
  const stormAt = Date.now();
  const fired = await until('rate_limited_share firing', 60_000, async () => {
    const a = await alert();
    return a?.state === 'firing' ? a : undefined;
  }, state);
  expect(fired.labels).toMatchObject({ alertname: 'rate_limited_share', severity: 'warning', [PROM.label.model]: MODEL });
  expect(Number(fired.value)).toBeGreaterThan(0.1);
  // Every call of the storm stayed rate_limited: the breaker never turned one into anything else.
  expect(client.circuitState(MODEL)).toBe('closed');

  const firedAfter = Date.now() - stormAt;
  sim.sim.setPlan({ faults: [] });
  const healthyAt = Date.now();
  await until('rate_limited_share resolved', 60_000, async () => ((await alert()) === undefined ? true : undefined), state);
  await ctx.annotate(`fired ${(firedAfter / 1000).toFixed(1)} s into the storm, resolved ${((Date.now() - healthyAt) / 1000).toFixed(1)} s after it; ${calls} calls`);
}, 180_000);
