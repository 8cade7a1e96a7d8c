/**
 * `otlp_export`: when an OTLP endpoint is configured, the spans and metrics of the doctor's own
 * call are exported to it for real (OTLP/HTTP, as the CLI sends them) and the result reported.
 */
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { stripUserinfo } from '../../config/index.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

const ENDPOINT_VARS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'] as const;

/** Host (and port) of an endpoint, never its path, query or credentials. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}

function signalUrl(env: Record<string, string | undefined>, signal: 'TRACES' | 'METRICS'): string {
  const own = env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`];
  if (own) return own;
  const base = (env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://localhost:4318').replace(/\/$/, '');
  return `${base}/v1/${signal.toLowerCase()}`;
}

/** An exporter's callback result (`@opentelemetry/core` ExportResult; code 0 is SUCCESS), typed here so core need not be a dependency. */
interface ExportResult {
  code: number;
  error?: Error;
}

function exported(run: (done: (r: ExportResult) => void) => void): Promise<string | null> {
  return new Promise((resolve) => run((r) => resolve(r.code === 0 ? null : stripUserinfo(r.error?.message ?? 'export failed'))));
}

export async function checkOtlpExport(ctx: DoctorContext): Promise<CheckResult> {
  const set = ENDPOINT_VARS.filter((v) => ctx.env[v]);
  const checked = 'the OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT) accepts a real export of the call\'s spans and metrics';
  if (set.length === 0) {
    return { id: 'otlp_export', status: 'skip', checked, detail: 'skipped (OTEL_EXPORTER_OTLP_ENDPOINT is not set: telemetry stays in this process)', fix: 'set OTEL_EXPORTER_OTLP_ENDPOINT to your collector (e.g. http://otel-collector:4318) to ship spans and metrics' };
  }
  const hosts = [...new Set(set.map((v) => hostOf(ctx.env[v]!)))].join(', ');
  const call = await ctx.probeCall();
  // The URLs as the OTLP/HTTP spec builds them (a signal's own variable as is, else the base plus
  // /v1/<signal>); headers (OTEL_EXPORTER_OTLP_HEADERS) the exporters read themselves.
  const traces = new OTLPTraceExporter({ url: signalUrl(ctx.env, 'TRACES'), timeoutMillis: ctx.networkTimeoutMs });
  const metrics = new OTLPMetricExporter({ url: signalUrl(ctx.env, 'METRICS'), timeoutMillis: ctx.networkTimeoutMs });
  try {
    const traceError = await exported((done) => traces.export(call.spans, done));
    const metricError = call.resourceMetrics ? await exported((done) => metrics.export(call.resourceMetrics!, done)) : 'no metrics to export';
    const failed = [traceError ? `traces: ${traceError}` : null, metricError ? `metrics: ${metricError}` : null].filter(Boolean);
    if (failed.length > 0) {
      return { id: 'otlp_export', status: 'fail', checked, detail: `export to ${hosts} failed: ${failed.join('; ')}`, fix: `check that the collector at ${hosts} is up and accepts OTLP/HTTP (port 4318, paths /v1/traces and /v1/metrics) and any OTEL_EXPORTER_OTLP_HEADERS it needs` };
    }
    return { id: 'otlp_export', status: 'pass', checked, detail: `${call.spans.length} span(s) and the call's metrics accepted by ${hosts}`, fix: 'keep the collector reachable from every runner' };
  } finally {
    await Promise.allSettled([traces.shutdown(), metrics.shutdown()]);
  }
}
