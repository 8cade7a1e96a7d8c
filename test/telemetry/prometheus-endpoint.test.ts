/**
 * `/metrics` as Prometheus scrapes it, over real HTTP: the real client calling the real simulator
 * on 127.0.0.1 (successes, 429s, 500s, a stream), the endpoint the daemon serves, and the real
 * `promtool check metrics` plus the naming rules promtool does not enforce (unit suffixes, no
 * per-restart labels, counters present before the first error).
 */
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, expect, test } from 'vitest';
import { hasPromtool, PROMTOOL_MISSING, runPromtool, skipWithoutPromtool } from '../promtool.ts';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { PROM } from '../../src/alerts/index.ts';
import { createClient } from '../../src/client/index.ts';
import { PrometheusEndpoint } from '../../src/telemetry/index.ts';

const MODEL = 'claude-haiku-4-5';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function sim(): Promise<HttpSimulator> {
  const s = await startHttpSimulator({ latency: NO_LATENCY });
  open.push(s);
  return s;
}

async function endpoint(): Promise<{ provider: MeterProvider; scrape(): Promise<string> }> {
  const reader = new PrometheusEndpoint({ port: 0 });
  const provider = new MeterProvider({ readers: [reader] });
  open.push({ close: () => provider.shutdown() });
  const url = await reader.url;
  return { provider, scrape: async () => (await fetch(url)).text() };
}

function client(s: HttpSimulator, provider: MeterProvider) {
  return createClient({ apiKey: 'sk-ant-test', baseURL: s.url, meterProvider: provider, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
}

const call = (c: ReturnType<typeof createClient>, stream = false) =>
  c.tryCall({ model: MODEL, max_tokens: 50, stream, messages: [{ role: 'user', content: 'Say hello.' }] });

/** Families by name: type, unit and the label names seen on their samples. */
function families(text: string): Map<string, { type: string; unit: string | null; labels: Set<string> }> {
  const out = new Map<string, { type: string; unit: string | null; labels: Set<string> }>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) out.set(t[1]!, { type: t[2]!, unit: out.get(t[1]!)?.unit ?? null, labels: new Set() });
    const u = /^# UNIT (\S+) (\S+)$/.exec(line);
    if (u) out.set(u[1]!, { type: out.get(u[1]!)?.type ?? '', unit: u[2]!, labels: out.get(u[1]!)?.labels ?? new Set() });
  }
  for (const line of text.split('\n')) {
    const s = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} /.exec(line);
    if (!s) continue;
    const fam = out.get(s[1]!) ?? out.get(s[1]!.replace(/_(bucket|sum|count)$/, ''));
    for (const m of s[2]!.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) fam?.labels.add(m[1]!);
  }
  return out;
}

test('error and retry counters are on /metrics at 0 from the first call, before any error', async () => {
  const s = await sim();
  const { provider, scrape } = await endpoint();
  expect((await call(client(s, provider))).ok).toBe(true);
  const text = await scrape();
  for (const kind of ['rate_limited', 'overloaded', 'server_error', 'timeout', 'connection']) {
    expect(text).toMatch(new RegExp(`^${PROM.errors}\\{[^}]*error_type="${kind}"[^}]*\\} 0$`, 'm'));
    expect(text).toMatch(new RegExp(`^${PROM.retries}\\{[^}]*error_type="${kind}"[^}]*\\} 0$`, 'm'));
  }
  expect(text).not.toMatch(/error_type="budget_exceeded"/); // never an attempt's kind
});

test('/metrics passes promtool check metrics and Prometheus naming rules after real calls with errors, across a simulator restart', async (ctx) => {
  if (skipWithoutPromtool) ctx.skip(PROMTOOL_MISSING);
  expect(hasPromtool, PROMTOOL_MISSING).toBe(true);
  const { provider, scrape } = await endpoint();
  // Two simulators on two random ports, one after the other: a restart must not make new series.
  for (let run = 0; run < 2; run++) {
    const s = await sim();
    const c = client(s, provider);
    expect((await call(c)).ok).toBe(true);
    expect((await call(c, true)).ok).toBe(true);
    s.sim.setPlan({ faults: [{ kind: 'rate_limit', retry_after: 0 }] });
    expect((await call(c)).ok).toBe(false);
    s.sim.setPlan({ faults: [{ kind: 'server_error' }] });
    expect((await call(c)).ok).toBe(false);
  }
  const text = await scrape();

  const lint = runPromtool(['check', 'metrics'], text);
  expect(lint.stdout + lint.stderr, text).toBe('');
  expect(lint.status).toBe(0);

  const fams = families(text);
  // Seconds and dollars in the name, counters in _total (OTel keeps gen_ai.client.operation.duration).
  expect(fams.get('gen_ai_client_operation_duration_seconds')).toMatchObject({ type: 'histogram', unit: 'seconds' });
  expect(fams.get('gen_ai_client_operation_time_to_first_chunk_seconds')).toMatchObject({ type: 'histogram', unit: 'seconds' });
  expect(fams.get('claude_canary_client_cost_usd_total')).toMatchObject({ type: 'counter', unit: 'usd' });
  expect(fams.get('gen_ai_client_token_usage')).toMatchObject({ type: 'histogram', unit: null });
  for (const [name, f] of fams) {
    if (f.type === 'counter') expect(name, 'a counter ends in _total').toMatch(/_total$/);
    // OpenMetrics: a unit is a suffix of the name; never an abbreviation like `s` or `USD`.
    if (f.unit !== null) expect(name, `${name} has unit ${f.unit}`).toMatch(new RegExp(`_${f.unit}(_total)?$`));
    expect([...f.labels], `${name} has no per-restart label`).not.toContain('server_port');
  }
  // The rules' series are what is served.
  for (const series of [PROM.calls, PROM.durationBucket, PROM.ttftBucket, PROM.ttftCount, PROM.cost, PROM.errors, PROM.retries]) {
    expect(text).toMatch(new RegExp(`^${series}\\{`, 'm'));
  }
  // Both runs are one series: 2 successes + 2 failures per run, the restart merged.
  const ok = new RegExp(`^${PROM.calls}\\{(?![^}]*error_type)[^}]*\\} (\\d+)$`, 'm').exec(text);
  expect(ok?.[1]).toBe('4');
  expect(text).toMatch(new RegExp(`^${PROM.calls}\\{[^}]*error_type="rate_limited"[^}]*\\} 2$`, 'm'));
});

test('points that differed only by server.port become one series: counters and histograms add up, a gauge keeps the newest series\' value', async () => {
  const { provider, scrape } = await endpoint();
  const meter = provider.getMeter('claude-canary');
  const gauge = meter.createGauge('claude_canary.client.ratelimit.remaining', { unit: '1' });
  const counter = meter.createCounter('claude_canary.client.errors', { unit: '{error}' });
  const histogram = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's', advice: { explicitBucketBoundaries: [1, 2] } });
  for (const [port, v] of [[4010, 5], [4011, 7]] as const) {
    const attrs = { 'gen_ai.request.model': MODEL, 'server.address': '127.0.0.1', 'server.port': port };
    gauge.record(v, attrs);
    counter.add(v, attrs);
    histogram.record(v / 4, attrs);
  }
  const text = await scrape();
  const samples = (name: string) => text.split('\n').filter((l) => l.startsWith(`${name}{`));
  expect(samples('claude_canary_client_ratelimit_remaining')).toEqual([expect.stringMatching(/ 7$/)]);
  expect(samples('claude_canary_client_errors_total')).toEqual([expect.stringMatching(/ 12$/)]);
  expect(samples('gen_ai_client_operation_duration_seconds_count')).toEqual([expect.stringMatching(/ 2$/)]);
  expect(samples('gen_ai_client_operation_duration_seconds_bucket').map((l) => l.split(' ').pop())).toEqual(['0', '2', '2']); // 1.25 and 1.75 s
  expect(text).not.toContain('server_port');
});
