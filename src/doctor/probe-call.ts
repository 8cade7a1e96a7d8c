/**
 * One real Claude call through the instrumented client, observed in the same process: in-memory
 * span exporter and metric reader, and a logger writing to an array. Against the configured
 * target (the simulator over loopback HTTP when there is no key). The doctor's telemetry and
 * OTLP checks read what it produced.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { startHttpSimulator } from '../../mocks/http/server.ts';
import { createClient } from '../client/index.ts';
import type { Target } from '../config/index.ts';
import { createLogger } from '../log/logger.ts';
import { createInMemoryTelemetry } from '../telemetry/in-memory.ts';

export interface ProbeCallOutcome {
  model: string;
  /** Where the call went: `sim`, `anthropic` or the target's origin. */
  target: string;
  ok: boolean;
  /** The error kind when the call failed (e.g. `auth`, `connection`). */
  errorKind: string | null;
  requestId: string | null;
  spans: ReadableSpan[];
  /** Metric names with at least one data point. */
  metricNames: string[];
  /** The collected metrics, for a real OTLP export. */
  resourceMetrics: ResourceMetrics | null;
  /** JSON log lines the call wrote. */
  logLines: string[];
}

/** A dummy key for the simulator: it checks that a key is sent, not which. */
const SIM_KEY = 'sk-ant-simulator-offline';

export interface ProbeCallOptions {
  target: Target;
  model: string;
  env: Record<string, string | undefined>;
  /** Bound on the whole call, retries included. */
  deadlineMs: number;
}

/** Makes the call and collects its telemetry; failures of the call are data (`ok: false`). */
export async function makeProbeCall(options: ProbeCallOptions): Promise<ProbeCallOutcome> {
  const telemetry = createInMemoryTelemetry();
  const logLines: string[] = [];
  const logger = createLogger({ destination: { write: (l) => void logLines.push(l) }, level: 'info' });
  const sim = options.target.kind === 'sim' ? await startHttpSimulator() : null;
  try {
    const baseURL = sim ? sim.url : options.target.kind === 'url' ? options.target.baseURL : undefined;
    const apiKey = sim ? SIM_KEY : (options.env['ANTHROPIC_API_KEY'] ?? SIM_KEY);
    const client = createClient({
      ...(baseURL ? { baseURL } : {}),
      apiKey,
      logger,
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
      deadlineMs: options.deadlineMs,
      retry: { maxRetries: 1 },
    });
    const r = await client.tryCall(
      { model: options.model, max_tokens: 16, messages: [{ role: 'user', content: 'claude-canary doctor: reply with OK' }] },
      { attributes: { 'claude_canary.probe.id': 'doctor' } },
    );
    await telemetry.flush();
    const all = telemetry.metricExporter.getMetrics();
    return {
      model: options.model,
      target: options.target.label,
      ok: r.ok,
      errorKind: r.ok ? null : (r.record?.error_kind ?? r.error.name),
      requestId: r.record?.request_id ?? null,
      spans: telemetry.spans(),
      metricNames: [...new Set(telemetry.points().map((p) => p.name))].sort(),
      resourceMetrics: all[all.length - 1] ?? null,
      logLines,
    };
  } finally {
    await telemetry.shutdown().catch(() => undefined);
    await sim?.close();
  }
}
