/**
 * Trace context on the wire, the cases around the usual one (trace-context.test.ts): with a tracer
 * provider given to the client but no propagator registered, calls are traced and no header is
 * added; and the header reaches a request whose headers are a plain object rather than `Headers`
 * (InstrumentedSdk writes it into the request at fetch time). A real HTTP server on 127.0.0.1
 * (the simulator's HTTP transport) records what arrived.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { core } from '@opentelemetry/sdk-node';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { InstrumentedSdk } from '../../src/client/sdk.ts';
import { ATTEMPT, AttemptAbort } from '../../src/client/timers.ts';
import { params } from './helpers.ts';

let sim: HttpSimulator;
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(async () => {
  sim = await startHttpSimulator({ seed: 3, latency: NO_LATENCY });
});
afterAll(async () => {
  await sim.close();
  await provider.shutdown();
});
afterEach(() => {
  propagation.disable();
  exporter.reset();
  sim.sim.reset();
});

test('no propagator registered: the call is traced and its request carries no trace header', async () => {
  const client = createClient({ apiKey: 'sk-ant-test', baseURL: sim.url, tracerProvider: provider, circuitBreaker: false });
  await client.call(params());
  expect(exporter.getFinishedSpans().filter((s) => s.name.startsWith('chat '))).toHaveLength(1);
  const [entry] = sim.sim.journal({ path: '/v1/messages' });
  expect(entry!.status).toBe(200);
  expect(Object.keys(entry!.headers).filter((h) => h === 'traceparent' || h === 'tracestate')).toEqual([]);
});

test('a request whose headers are a plain object still gets the trace context, beside its own headers', async () => {
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  const span = provider.getTracer('test').startSpan('call');
  const ac = new AttemptAbort();
  ac.traceContext = trace.setSpan(context.active(), span);
  const sdk = new InstrumentedSdk({ apiKey: 'sk-ant-test', baseURL: sim.url, maxRetries: 0 });
  const init = { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' }, body: JSON.stringify(params()) };
  const res = await sdk.fetchWithTimeout(`${sim.url}/v1/messages`, init, 10_000, new AbortController(), { [ATTEMPT]: ac } as never);
  span.end();
  expect(res.status).toBe(200);
  const headers = sim.sim.journal({ path: '/v1/messages' })[0]!.headers;
  expect(headers['traceparent']).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  expect(headers['content-type']).toBe('application/json');
  // The caller's object is not written into.
  expect(init.headers).not.toHaveProperty('traceparent');
});
