/**
 * `npm run bench -- peers`: what each Claude instrumentation adds over the bare SDK, same run,
 * same in-process simulator (zero simulated latency), streaming and not.
 *
 * Sides: the bare SDK; claude-canary's client (its build, dist/, as installed: see oursFrom) with no OTel SDK; claude-canary with traces AND
 * metrics going to a real OTel SDK; `@traceloop/instrumentation-anthropic`,
 * `@arizeai/openinference-instrumentation-anthropic`, `openlit`'s Anthropic instrumentation, and
 * the SDK's own `openTelemetry` option. Each peer patches its OWN copy of the SDK
 * (`sdk-peer-*` aliases of @anthropic-ai/sdk 1.14.0) with `manuallyInstrument` (openlit:
 * `manualPatch`), so no two instrumentations stack; every instrumentation is built with
 * `enabled: false` so none installs a require/import hook, and none registers a global
 * provider. Every side that emits telemetry has its own pipeline, built alike: a
 * BasicTracerProvider with a BatchSpanProcessor and the OTLP/HTTP JSON exporter, and (ours,
 * openlit: the only ones that record metrics) a MeterProvider with a PeriodicExportingMetricReader
 * and the OTLP/HTTP exporter, all sending to a receiver on 127.0.0.1 in a child process.
 * The AsyncLocalStorage context manager and the W3C trace context propagator are registered
 * globally, as the NodeSDK does.
 *
 * Wall time is what the verdict judges; the process CPU time of each call (`process.cpuUsage`,
 * user + system) is printed beside it, steadier on a machine shared with other work.
 *
 * Content capture is OFF on every side (Traceloop `traceContent: false`, OpenInference
 * `hideInputs`/`hideOutputs`, openlit `captureMessageContent: false`, the SDK's default
 * `metadata_only`, ours by default): each carries metadata only, which is the peers' cheapest
 * setting and claude-canary's default. openlit: its instrumentation class is used directly,
 * without `openlit.init()` (which registers global providers); its static config is set with
 * `disableEvents: true` (events would need a logger provider) and its metrics get the side's
 * own meter through `Metrics.setup({ meter })`.
 *
 * Method. Every side is warmed up first ({@link WARMUP} rounds each, see client.bench.ts on why
 * V8 needs that many). Then {@link BLOCKS} blocks; in each block every side, in a rotating
 * order, runs {@link PER_BLOCK} rounds of one bare call and one call of its own, in alternating
 * order, with a turn of the event loop after each round. A side's added time is the median of
 * its per-round differences against the bare call next to it (95% bootstrap interval); its ratio
 * is its median call time over the median of the bare calls it was paired with. Pairing each
 * side with the bare SDK alone (not all sides in one round) keeps cold-cache costs from falling
 * on the bare calls (client.bench.ts); the blocks spread machine drift over every side alike.
 *
 * Exporting is not on the call path (the batch processor and the metric reader export on their
 * own schedule): their timers are set past the run, and at the end of every block each side's
 * providers are flushed, under `process.cpuUsage()`. That CPU time over the block's calls is
 * the side's "export" cost per call: serialising spans and metric points, and collecting
 * metrics (where observable instruments are read). The receiver counts what each side sent.
 *
 *   npx tsx bench/peers.bench.ts [blocks] [roundsPerBlock] [warmupRounds]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { context, propagation, type MeterProvider as ApiMeterProvider, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { core } from '@opentelemetry/sdk-node';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AnthropicInstrumentation as OpenInferenceInstrumentation } from '@arizeai/openinference-instrumentation-anthropic';
import { AnthropicInstrumentation as TraceloopInstrumentation } from '@traceloop/instrumentation-anthropic';
import * as sdkNative from 'sdk-peer-native';
import * as sdkOpenInference from 'sdk-peer-openinference';
import * as sdkOpenlit from 'sdk-peer-openlit';
import * as sdkTraceloop from 'sdk-peer-traceloop';
import { NO_LATENCY, startInProcessSimulator } from '../mocks/index.ts';
import type { CallParams, createClient } from '../src/client/index.ts';
import { median, medianDifferenceInterval, medianInterval } from './lib/stats.ts';

const BLOCKS = Number(process.argv[2] ?? 20);
const PER_BLOCK = Number(process.argv[3] ?? 100);
const WARMUP = Number(process.argv[4] ?? 2500);
/** Batch and metric timers past the run: exports happen at the flush ending each block. */
const NEVER_MS = 3_600_000;
const QUEUE = 1 << 16;

const here = dirname(fileURLToPath(import.meta.url));
// What the NodeSDK registers: the AsyncLocalStorage context manager and the W3C trace context
// propagator (claude-canary and the SDK's own option then send `traceparent`).
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());

// The OTLP receiver, in its own process.
const sinkProc = spawn(process.execPath, ['--import', 'tsx', join(here, 'lib', 'otlp-sink.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const sinkUrl: string = await new Promise((resolve, reject) => {
  createInterface({ input: sinkProc.stdout! }).once('line', resolve);
  sinkProc.once('exit', (code) => reject(new Error(`OTLP receiver exited (${code})`)));
});

/** Counts ended spans, to check that each side really traced (one processor more on every side). */
class CountingProcessor implements SpanProcessor {
  ended = 0;
  onStart(): void {}
  onEnd(): void {
    this.ended++;
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Pipeline {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider | undefined;
  spans: CountingProcessor;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** One side's OTel SDK: batch span processor and (when `metrics`) a periodic metric reader, both OTLP/HTTP to the receiver under `/<name>/`. */
function pipeline(name: string, metrics: boolean): Pipeline {
  const spans = new CountingProcessor();
  const exporter = new OTLPTraceExporter({ url: `${sinkUrl}/${name}/v1/traces` });
  const batch = new BatchSpanProcessor(exporter, { scheduledDelayMillis: NEVER_MS, maxQueueSize: QUEUE, maxExportBatchSize: QUEUE });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [batch, spans] });
  const meterProvider = metrics
    ? new MeterProvider({
        readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${sinkUrl}/${name}/v1/metrics` }), exportIntervalMillis: NEVER_MS, exportTimeoutMillis: 30_000 })],
      })
    : undefined;
  return {
    tracerProvider,
    meterProvider,
    spans,
    flush: async () => {
      await tracerProvider.forceFlush();
      await meterProvider?.forceFlush();
    },
    shutdown: async () => {
      await tracerProvider.shutdown();
      await meterProvider?.shutdown();
    },
  };
}

const sim = startInProcessSimulator({ latency: NO_LATENCY, seed: 1 });
const base = { apiKey: 'sk-ant-bench', baseURL: 'https://api.anthropic.com', fetch: sim.fetch, maxRetries: 0 };
const params: CallParams = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Say hello.' }] };

type AnySdk = { messages: { create(p: unknown): Promise<unknown> } };
interface Side {
  name: string;
  run: (stream: boolean) => Promise<unknown>;
  pipeline?: Pipeline;
}

/** A call through an SDK client, its stream read to the end as a caller would. */
const sdkCall = (client: AnySdk) => async (stream: boolean) => {
  const r = await client.messages.create({ ...params, stream });
  if (stream) for await (const _ of r as AsyncIterable<unknown>) void _;
  return r;
};

/**
 * Ours as users run it: the package's build (`npm run build`, tsc into dist/), as every peer is
 * measured from its published build, not the sources through tsx (whose esbuild transform adds
 * work no installed package does). `PEERS_OURS=src`: the sources instead, to iterate without a build.
 */
async function oursFrom(dir: string): Promise<typeof createClient> {
  if (process.env['PEERS_OURS'] === 'src') return ((await import(join(dir, 'src', 'client', 'index.ts'))) as { createClient: typeof createClient }).createClient;
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`npm run build failed in ${dir} (exit ${built.status})`);
  const url = pathToFileURL(join(dir, 'dist', 'src', 'client', 'index.js')).href;
  return ((await import(url)) as { createClient: typeof createClient }).createClient;
}
const createOurs = await oursFrom(join(here, '..'));
process.stdout.write(`claude-canary measured from ${process.env['PEERS_OURS'] === 'src' ? 'its sources (PEERS_OURS=src)' : 'its build (dist/, as installed)'}\n`);

const bare = new Anthropic({ ...base, openTelemetry: false });
const sides: Side[] = [];
{
  const ours = createOurs({ ...base });
  sides.push({ name: 'claude-canary, no OTel SDK', run: (stream) => ours.call({ ...params, stream }) });
}
{
  const p = pipeline('claude-canary', true);
  const ours = createOurs({ ...base, tracerProvider: p.tracerProvider, meterProvider: p.meterProvider as ApiMeterProvider });
  sides.push({ name: 'claude-canary, traces+metrics', run: (stream) => ours.call({ ...params, stream }), pipeline: p });
}
// PEERS_AB=<dir>[,<dir>...]: also the claude-canary client of other checkouts (e.g. the commit
// before a change), each as its own side in the same run: an A/B under the same conditions.
for (const abDir of process.env['PEERS_AB']?.split(',').filter(Boolean) ?? []) {
  const other = await oursFrom(abDir);
  const p = pipeline(`claude-canary-ab${sides.length}`, true);
  const ours = other({ ...base, tracerProvider: p.tracerProvider, meterProvider: p.meterProvider as ApiMeterProvider });
  sides.push({ name: `claude-canary@${abDir}, traces+metrics`, run: (stream) => ours.call({ ...params, stream }), pipeline: p });
}
{
  const p = pipeline('traceloop', false);
  const inst = new TraceloopInstrumentation({ enabled: false, traceContent: false });
  inst.setTracerProvider(p.tracerProvider);
  // 0.27.0 also wraps the legacy `Anthropic.Completions`, which SDK 1.x no longer has: it gets a
  // stand-in, and the real `Messages` and `Beta.Messages` of this copy are patched (streams are
  // rewrapped in this copy's `APIPromise`).
  const A = sdkTraceloop.Anthropic;
  inst.manuallyInstrument({ Anthropic: { Completions: class { create() {} }, Messages: A.Messages, Beta: A.Beta }, APIPromise: sdkTraceloop.APIPromise } as never);
  sides.push({ name: 'traceloop 0.27.0', run: sdkCall(new sdkTraceloop.Anthropic({ ...base, openTelemetry: false }) as unknown as AnySdk), pipeline: p });
}
{
  const p = pipeline('openinference', false);
  const inst = new OpenInferenceInstrumentation({ instrumentationConfig: { enabled: false }, traceConfig: { hideInputs: true, hideOutputs: true }, tracerProvider: p.tracerProvider });
  inst.manuallyInstrument(sdkOpenInference as never);
  sides.push({ name: 'openinference 0.2.8', run: sdkCall(new sdkOpenInference.Anthropic({ ...base, openTelemetry: false }) as unknown as AnySdk), pipeline: p });
}
{
  const p = pipeline('openlit', true);
  // openlit's package exports only its entry (whose init() registers global providers): its
  // instrumentation, config and metrics modules are loaded by path.
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('openlit'));
  const OpenlitConfig = require(join(dist, 'config.js')).default;
  const Metrics = require(join(dist, 'otel', 'metrics.js')).default;
  const OpenlitAnthropic = require(join(dist, 'instrumentation', 'anthropic', 'index.js')).default;
  OpenlitConfig.updateConfig({ applicationName: 'bench', environment: 'bench', captureMessageContent: false, disableEvents: true });
  Metrics.setup({ meter: p.meterProvider!.getMeter('openlit', '1.0.0') });
  const inst = new OpenlitAnthropic({ enabled: false });
  inst.setTracerProvider(p.tracerProvider as TracerProvider);
  inst.manualPatch(sdkOpenlit);
  sides.push({ name: 'openlit 1.15.0', run: sdkCall(new sdkOpenlit.Anthropic({ ...base, openTelemetry: false }) as unknown as AnySdk), pipeline: p });
}
{
  const p = pipeline('sdk-native', false);
  const client = new sdkNative.Anthropic({ ...base, openTelemetry: { tracerProvider: p.tracerProvider } });
  sides.push({ name: 'SDK openTelemetry option', run: sdkCall(client as unknown as AnySdk), pipeline: p });
}
const bareRun = sdkCall(bare as unknown as AnySdk);
// PEERS_SIDES=a,b keeps only the sides whose name contains one of them (for A/B runs of one side).
const only = process.env['PEERS_SIDES']?.split(',').filter(Boolean);
if (only?.length) sides.splice(0, sides.length, ...sides.filter((s) => only.some((o) => s.name.includes(o))));

/** Wall time and CPU time (the process', user + system) of one call, µs. */
async function timeOne(run: () => Promise<unknown>, cpu: { us: number }): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await run();
  const wall = Number(process.hrtime.bigint() - t0) / 1000;
  const c = process.cpuUsage(c0);
  cpu.us = c.user + c.system;
  return wall;
}

interface Figures {
  bare: number[];
  own: number[];
  diffs: number[];
  /** Per-round CPU-time differences (side minus bare), µs. */
  cpuDiffs: number[];
  exportCpuUs: number;
  calls: number;
}

/** `rounds` rounds of (bare, side) in alternating order; returns nothing, fills `f` when given. */
async function pairs(side: Side, stream: boolean, rounds: number, f?: Figures): Promise<void> {
  const bc = { us: 0 };
  const oc = { us: 0 };
  for (let i = 0; i < rounds; i++) {
    let b: number;
    let o: number;
    if (i % 2 === 0) {
      b = await timeOne(() => bareRun(stream), bc);
      o = await timeOne(() => side.run(stream), oc);
    } else {
      o = await timeOne(() => side.run(stream), oc);
      b = await timeOne(() => bareRun(stream), bc);
    }
    await new Promise((r) => setImmediate(r));
    if (f) {
      f.bare.push(b);
      f.own.push(o);
      f.diffs.push(o - b);
      f.cpuDiffs.push(oc.us - bc.us);
    }
  }
}

async function flushTimed(side: Side): Promise<number> {
  if (!side.pipeline) return 0;
  const c0 = process.cpuUsage();
  await side.pipeline.flush();
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

async function measure(stream: boolean): Promise<Map<string, Figures>> {
  const label = stream ? 'streaming' : 'non-streaming';
  for (const s of sides) {
    if (process.env['BENCH_DEBUG']) process.stderr.write(`warm-up ${label} ${s.name}\n`);
    await pairs(s, stream, WARMUP);
    await flushTimed(s);
  }
  const figures = new Map<string, Figures>(sides.map((s) => [s.name, { bare: [], own: [], diffs: [], cpuDiffs: [], exportCpuUs: 0, calls: 0 }]));
  const spans0 = new Map(sides.map((s) => [s.name, s.pipeline?.spans.ended ?? 0]));
  for (let b = 0; b < BLOCKS; b++) {
    for (let k = 0; k < sides.length; k++) {
      const s = sides[(b + k) % sides.length]!;
      const f = figures.get(s.name)!;
      await pairs(s, stream, PER_BLOCK, f);
      f.calls += PER_BLOCK;
      f.exportCpuUs += await flushTimed(s);
    }
  }
  process.stdout.write(`\n${label}: ${BLOCKS} blocks x ${PER_BLOCK} rounds per side (one bare call and one of the side's per round) after ${WARMUP} rounds of warm-up per side\n`);
  process.stdout.write(`  ${'side'.padEnd(30)} ${'µs/call'.padStart(8)}  ${'ratio'.padStart(6)}  ${'added µs [95% CI]'.padEnd(24)} ${'added CPU µs [95% CI]'.padEnd(24)} ${'export CPU µs/call'.padStart(18)}  spans/call\n`);
  const bareAll = sides.flatMap((s) => figures.get(s.name)!.bare);
  process.stdout.write(`  ${'bare SDK'.padEnd(30)} ${median(bareAll).toFixed(1).padStart(8)}\n`);
  for (const s of sides) {
    const f = figures.get(s.name)!;
    const [lo, hi] = medianInterval(f.diffs);
    const [clo, chi] = medianInterval(f.cpuDiffs);
    const spansPerCall = s.pipeline ? (s.pipeline.spans.ended - spans0.get(s.name)!) / f.calls : 0;
    process.stdout.write(
      `  ${s.name.padEnd(30)} ${median(f.own).toFixed(1).padStart(8)}  ${(median(f.own) / median(f.bare)).toFixed(3).padStart(5)}x  ${`${median(f.diffs).toFixed(1)} [${lo.toFixed(1)}, ${hi.toFixed(1)}]`.padEnd(24)} ${`${median(f.cpuDiffs).toFixed(1)} [${clo.toFixed(1)}, ${chi.toFixed(1)}]`.padEnd(24)} ${(f.exportCpuUs / f.calls).toFixed(1).padStart(18)}  ${spansPerCall.toFixed(2)}\n`,
    );
  }
  return figures;
}

const OURS = 'claude-canary, traces+metrics';
const PEERS = sides.filter((s) => s.pipeline && !s.name.startsWith('claude-canary')).map((s) => s.name);
/** Whether ours met the target; null when the run left out ours or every peer (nothing to judge). */
function verdict(label: string, figures: Map<string, Figures>): boolean | null {
  if (!figures.has(OURS) || PEERS.length === 0) return null;
  let ok = true;
  for (const [what, pick] of [
    ['wall', (f: Figures) => f.diffs],
    ['CPU', (f: Figures) => f.cpuDiffs],
  ] as const) {
    const added = (n: string) => median(pick(figures.get(n)!));
    const cheapest = PEERS.reduce((a, b) => (added(b) < added(a) ? b : a));
    const met = added(OURS) <= added(cheapest);
    if (what === 'wall') ok = met;
    const [lo, hi] = medianDifferenceInterval(pick(figures.get(OURS)!), pick(figures.get(cheapest)!));
    const gap = `ours minus it ${(added(OURS) - added(cheapest)).toFixed(1)} µs [95% CI ${lo.toFixed(1)}, ${hi.toFixed(1)}]`;
    process.stdout.write(`  ${label}, ${what} time: ours adds ${added(OURS).toFixed(1)} µs, the cheapest peer (${cheapest}) ${added(cheapest).toFixed(1)} µs, ${gap}: ${met ? 'ours <= cheapest peer' : 'OURS COSTS MORE'}\n`);
  }
  const own = (n: string) => median(figures.get(n)!.diffs);
  const bareOurs = 'claude-canary, no OTel SDK';
  if (figures.has(bareOurs)) {
    process.stdout.write(`  ${label}: of ours, the client without telemetry adds ${own(bareOurs).toFixed(1)} µs; telemetry the rest (${(own(OURS) - own(bareOurs)).toFixed(1)} µs, informational)\n`);
  }
  return ok;
}

const json = await measure(false);
const streamed = await measure(true);
process.stdout.write('\nMust show (call-path added time, medians; figures are noisy on a shared machine):\n');
const okJson = verdict('non-streaming', json);
const okStream = verdict('streaming', streamed);
const stats = (await (await fetch(`${sinkUrl}/stats`)).json()) as Record<string, { requests: number; bytes: number }>;
process.stdout.write(`\nOTLP received (path: requests, bytes): ${Object.entries(stats).map(([p, t]) => `${p}: ${t.requests}, ${t.bytes}`).join('; ')}\n`);
const judged = okJson !== null && okStream !== null;
process.stdout.write(`\nverdict: ${!judged ? 'NOT JUDGED (PEERS_SIDES left out ours with telemetry, or every peer)' : okJson && okStream ? 'MET' : 'NOT MET'} (claude-canary with traces and metrics exported adds no more than the cheapest peer, streaming and not)\n`);
for (const s of sides) await s.pipeline?.shutdown();
sim.close();
sinkProc.kill('SIGTERM');
process.exit(0);
