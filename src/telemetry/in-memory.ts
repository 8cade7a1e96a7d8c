/**
 * In-memory OpenTelemetry providers for tests and the chaos engine: hand `tracerProvider` and
 * `meterProvider` (and `loggerProvider`, for the opt-in details event) to `createClient`, run
 * calls, `await flush()`, then read `spans()`, `points(name)` and `logRecords()`. Nothing is
 * registered globally.
 */
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface MetricPoint {
  name: string;
  unit: string;
  attributes: Attributes;
  /** Counter/gauge value; for histograms, the sum. */
  value: number;
  /** Histograms only. */
  count?: number;
  boundaries?: number[];
  bucketCounts?: number[];
}

export interface InMemoryTelemetry {
  tracerProvider: BasicTracerProvider;
  meterProvider: MeterProvider;
  spanExporter: InMemorySpanExporter;
  metricExporter: InMemoryMetricExporter;
  loggerProvider: LoggerProvider;
  /** Exports pending spans and collects metrics; await it before asserting (toolchain trap 11). */
  flush(): Promise<void>;
  spans(): ReadableSpan[];
  /** Log records (events) emitted so far. */
  logRecords(): ReadableLogRecord[];
  /** Data points of the latest cumulative collection, optionally for one metric name. */
  points(name?: string): MetricPoint[];
  /** Clears recorded spans and metric exports (instrument state stays cumulative). */
  reset(): void;
  shutdown(): Promise<void>;
}

function toPoint(name: string, unit: string, dp: DataPoint<number | Histogram>): MetricPoint {
  const v = dp.value;
  if (typeof v === 'number') return { name, unit, attributes: dp.attributes, value: v };
  return {
    name,
    unit,
    attributes: dp.attributes,
    value: v.sum ?? 0,
    count: v.count,
    boundaries: [...v.buckets.boundaries],
    bucketCounts: [...v.buckets.counts],
  };
}

export function createInMemoryTelemetry(): InMemoryTelemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  return {
    tracerProvider,
    meterProvider,
    spanExporter,
    metricExporter,
    loggerProvider,
    async flush() {
      await tracerProvider.forceFlush();
      await meterProvider.forceFlush();
      await loggerProvider.forceFlush();
    },
    spans: () => spanExporter.getFinishedSpans(),
    logRecords: () => logExporter.getFinishedLogRecords(),
    points(name) {
      const all = metricExporter.getMetrics();
      const last = all[all.length - 1];
      const out: MetricPoint[] = [];
      for (const sm of last?.scopeMetrics ?? []) {
        for (const m of sm.metrics) {
          if (name !== undefined && m.descriptor.name !== name) continue;
          for (const dp of m.dataPoints as DataPoint<number | Histogram>[]) out.push(toPoint(m.descriptor.name, m.descriptor.unit, dp));
        }
      }
      return out;
    },
    reset() {
      spanExporter.reset();
      metricExporter.reset();
      logExporter.reset();
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      await loggerProvider.shutdown();
    },
  };
}
