import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NO_LATENCY, startInProcessSimulator } from '../mocks/index.ts';
import { createClient } from '../src/client/index.ts';
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const sim = startInProcessSimulator({ latency: NO_LATENCY, seed: 1 });
const tp = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'http://127.0.0.1:9/v1/traces' }), { scheduledDelayMillis: 3600000, maxQueueSize: 1 << 16, maxExportBatchSize: 1 << 16 })] });
const mp = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: 'http://127.0.0.1:9/v1/metrics' }), exportIntervalMillis: 3600000 })] });
const ours = createClient({ apiKey: 'sk-ant-bench', baseURL: 'https://api.anthropic.com', fetch: sim.fetch, maxRetries: 0, tracerProvider: tp, meterProvider: mp } as never);
const params = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say hello.' }] };
const stream = process.argv[2] === 'stream';
for (let i = 0; i < Number(process.argv[3] ?? 8000); i++) {
  await ours.call({ ...params, stream });
  if (i % 1000 === 999) await tp.forceFlush().catch(() => {});
  await new Promise((r) => setImmediate(r));
}
process.exit(0);
