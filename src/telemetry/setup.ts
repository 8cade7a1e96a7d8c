/**
 * Process-wide OpenTelemetry set-up from the standard `OTEL_*` variables, through
 * @opentelemetry/sdk-node. Honoured: OTEL_SDK_DISABLED, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES,
 * OTEL_TRACES_EXPORTER / OTEL_METRICS_EXPORTER (`otlp` default, `console`, `none`),
 * OTEL_EXPORTER_OTLP_[TRACES_|METRICS_]ENDPOINT and _HEADERS (read by the OTLP/HTTP exporters),
 * OTEL_METRIC_EXPORT_INTERVAL. OTLP goes over HTTP/JSON (exporter-*-otlp-http). Logs
 * (where the client's opt-in `gen_ai.client.inference.operation.details` events go) and the
 * propagator (W3C trace context and baggage, for the `traceparent` the client sends) are
 * sdk-node's own defaults, set by OTEL_LOGS_EXPORTER and OTEL_PROPAGATORS.
 *
 * Library code calls nothing here: the CLI (or a user's app) calls `startTelemetry()` once and
 * the client picks the global providers up.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, hostDetector, processDetector, resourceFromAttributes, type DetectedResourceAttributes, type ResourceDetector } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { PrometheusEndpoint } from './prometheus.ts';
import { scrubString } from '../log/scrub.ts';

/** Resource attributes that never leave the process: the command line carries flags such as `--target http://user:key@host`. */
const DROPPED_RESOURCE_ATTRIBUTES: ReadonlySet<string> = new Set(['process.command_args', 'process.command_line']);

/**
 * A detector whose attributes go through the scrubber, minus the command line. sdk-node's
 * default process detector puts every argument in `process.command_args`, which the Prometheus
 * exporter then publishes in `target_info` and OTLP sends with every batch.
 */
export function scrubbedDetector(detector: ResourceDetector): ResourceDetector {
  return {
    detect(config) {
      const detected = detector.detect(config);
      const attributes: DetectedResourceAttributes = {};
      for (const [k, v] of Object.entries(detected.attributes ?? {})) {
        if (DROPPED_RESOURCE_ATTRIBUTES.has(k)) continue;
        attributes[k] = v instanceof Promise ? v.then((x) => (typeof x === 'string' ? scrubString(x) : x)) : typeof v === 'string' ? scrubString(v) : v;
      }
      return { attributes };
    },
  };
}

/** sdk-node's default detectors (env, process, host), each scrubbed. */
export const RESOURCE_DETECTORS: readonly ResourceDetector[] = [envDetector, processDetector, hostDetector].map(scrubbedDetector);

export interface TelemetryOptions {
  /** Used when OTEL_SERVICE_NAME is unset. Default `claude-canary`. */
  serviceName?: string;
  /** Also serve metrics for Prometheus on this address (the daemon). */
  prometheus?: { port: number; host?: string; endpoint?: string };
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Resource attributes on every span and metric (merged with the detected ones and OTEL_RESOURCE_ATTRIBUTES). */
  resourceAttributes?: Record<string, string>;
}

export interface TelemetryHandle {
  /** False when OTEL_SDK_DISABLED=true. */
  enabled: boolean;
  shutdown(): Promise<void>;
}

export const DEFAULT_SERVICE_NAME = 'claude-canary';
const DEFAULT_EXPORT_INTERVAL_MS = 60_000;

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Which exporters the environment asks for; empty means the spec default (`otlp`). */
export function exportersFromEnv(env: Record<string, string | undefined>): { traces: string[]; metrics: string[] } {
  const t = list(env['OTEL_TRACES_EXPORTER']);
  const m = list(env['OTEL_METRICS_EXPORTER']);
  return { traces: t.length ? t : ['otlp'], metrics: m.length ? m : ['otlp'] };
}

/**
 * Starts the SDK once per process.
 * @example
 * const telemetry = startTelemetry();             // OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
 * process.on('SIGTERM', () => telemetry.shutdown());
 */
export function startTelemetry(options: TelemetryOptions = {}): TelemetryHandle {
  const env = options.env ?? process.env;
  if ((env['OTEL_SDK_DISABLED'] ?? '').toLowerCase() === 'true') return { enabled: false, shutdown: async () => {} };
  const { traces, metrics } = exportersFromEnv(env);
  const interval = Number(env['OTEL_METRIC_EXPORT_INTERVAL']) || DEFAULT_EXPORT_INTERVAL_MS;
  const readers: IMetricReader[] = [];
  if (metrics.includes('otlp')) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: interval }));
  }
  if (options.prometheus) {
    const { port, host = '127.0.0.1', endpoint = '/metrics' } = options.prometheus;
    // Prometheus' naming conventions on /metrics; OTLP keeps the semantic-convention names.
    readers.push(new PrometheusEndpoint({ port, host, endpoint }));
  }
  const sdk = new NodeSDK({
    resourceDetectors: [...RESOURCE_DETECTORS],
    ...(options.resourceAttributes ? { resource: resourceFromAttributes(options.resourceAttributes) } : {}),
    serviceName: env['OTEL_SERVICE_NAME'] ?? options.serviceName ?? DEFAULT_SERVICE_NAME,
    ...(traces.includes('otlp') && !traces.includes('none') ? { traceExporter: new OTLPTraceExporter() } : {}),
    // An explicit reader list replaces sdk-node's env handling; `console` metrics are left out on purpose (library code never writes to the console).
    metricReaders: readers,
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
