/**
 * Trace context on the wire, through a real HTTP server on 127.0.0.1 (the simulator's HTTP
 * transport, whose request journal records the headers it received): with the OTel SDK set up the
 * usual way (a registered Node tracer provider: AsyncLocalStorage context, W3C propagator), each
 * request carries a `traceparent` whose trace id is the call span's and whose parent id is the
 * call span; an HTTP client span made by an instrumentation inside fetch is the call span's
 * child; and the SDK's own instrumentation adds no second GenAI span or header.
 */
import { context, propagation, SpanKind, trace, type Span } from '@opentelemetry/api';
import { node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { MODEL, params } from './helpers.ts';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
let sim: HttpSimulator;

beforeAll(async () => {
  provider.register(); // what NodeSDK.start() does: global provider, ALS context manager, W3C propagator
  sim = await startHttpSimulator({ seed: 7, latency: NO_LATENCY });
});
afterAll(async () => {
  await sim.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});
beforeEach(() => {
  exporter.reset();
  sim.sim.reset();
});

/** A stand-in for an HTTP client instrumentation (undici's, say): a CLIENT span around fetch, in the active context. */
const httpSpans: Span[] = [];
const instrumentedFetch: typeof fetch = async (input, init) => {
  const span = trace.getTracer('http-instrumentation').startSpan('POST', { kind: SpanKind.CLIENT }, context.active());
  httpSpans.push(span);
  try {
    return await fetch(input, init);
  } finally {
    span.end();
  }
};

function client(extra: Parameters<typeof createClient>[0] = {}) {
  return createClient({ apiKey: 'sk-ant-test', baseURL: sim.url, circuitBreaker: false, ...extra });
}

/** `00-<trace id>-<parent span id>-<flags>` */
function parseTraceparent(v: string | undefined): { traceId: string; spanId: string } {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(v ?? '');
  expect(m, `traceparent ${v}`).not.toBeNull();
  return { traceId: m![1]!, spanId: m![2]! };
}

const journal = (path: string) => sim.sim.journal({ path });
const callSpans = () => exporter.getFinishedSpans().filter((s) => s.name.startsWith('chat '));

test.each([false, true])('stream %s: the request carries a traceparent whose trace id is the call span\'s and whose parent is the call span', async (stream) => {
  await client().call(params({ stream }), stream ? { onText: () => {} } : {});
  await provider.forceFlush();
  const [call] = callSpans();
  const [entry] = journal('/v1/messages');
  const tp = parseTraceparent(entry!.headers['traceparent']);
  expect(tp.traceId).toBe(call!.spanContext().traceId);
  expect(tp.spanId).toBe(call!.spanContext().spanId);
});

test('a call inside an application span joins its trace: the traceparent carries the application\'s trace id', async () => {
  const app = trace.getTracer('app').startSpan('handle request');
  await context.with(trace.setSpan(context.active(), app), () => client().call(params()));
  app.end();
  await provider.forceFlush();
  const tp = parseTraceparent(journal('/v1/messages')[0]!.headers['traceparent']);
  expect(tp.traceId).toBe(app.spanContext().traceId);
  expect(callSpans()[0]!.parentSpanContext?.spanId).toBe(app.spanContext().spanId);
});

test('an HTTP client span made by an instrumentation during the request is a child of the call span', async () => {
  httpSpans.length = 0;
  await client({ fetch: instrumentedFetch }).call(params());
  await provider.forceFlush();
  const call = callSpans()[0]!;
  const http = exporter.getFinishedSpans().find((s) => s.name === 'POST')!;
  expect(http.spanContext().traceId).toBe(call.spanContext().traceId);
  expect(http.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
});

test('one GenAI span per call and one traceparent per request: the SDK\'s own instrumentation stays off', async () => {
  await client().call(params());
  await provider.forceFlush();
  const names = exporter.getFinishedSpans().map((s) => s.name);
  expect(names.filter((n) => n.startsWith('chat ') || n.startsWith('anthropic'))).toEqual([`chat ${MODEL}`]);
  expect(names.some((n) => n.includes('messages.create'))).toBe(false);
  const tp = journal('/v1/messages')[0]!.headers['traceparent']!;
  expect(tp.includes(',')).toBe(false);
});

test('each retry attempt carries the call\'s trace context', async () => {
  sim.sim.setPlan({ faults: [{ kind: 'server_error', match: { first: 1 } }] });
  try {
    await client({ retry: { baseDelayMs: 1, maxDelayMs: 1 } }).call(params());
  } finally {
    sim.sim.setPlan({ faults: [] });
  }
  await provider.forceFlush();
  const call = callSpans()[0]!;
  const entries = journal('/v1/messages');
  expect(entries.map((e) => e.status)).toEqual([500, 200]);
  for (const e of entries) expect(parseTraceparent(e.headers['traceparent']).traceId).toBe(call.spanContext().traceId);
});

test('the context guard\'s count_tokens request is its own span, a child of the call span, and carries the trace', async () => {
  await client({ contextGuard: { mode: 'count_tokens' } }).call(params());
  await provider.forceFlush();
  const call = callSpans()[0]!;
  const count = exporter.getFinishedSpans().find((s) => s.name === `count_tokens ${MODEL}`)!;
  expect(count.kind).toBe(SpanKind.CLIENT);
  expect(count.attributes['gen_ai.operation.name']).toBe('count_tokens');
  expect(count.attributes['gen_ai.provider.name']).toBe('anthropic');
  expect(count.attributes['http.response.status_code']).toBe(200);
  expect(count.attributes['claude_canary.count_tokens.input_tokens']).toBeGreaterThan(0);
  expect(count.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  expect(count.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
  const tp = parseTraceparent(journal('/v1/messages/count_tokens')[0]!.headers['traceparent']);
  expect(tp.traceId).toBe(call.spanContext().traceId);
});
