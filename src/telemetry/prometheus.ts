/**
 * What Prometheus scrapes. The OTel side (OTLP, in-memory) keeps the GenAI semantic-convention
 * names and attributes; `/metrics` follows Prometheus' own conventions, as a blackbox_exporter or
 * client_golang user expects them:
 *
 * - the unit is a suffix of the name (`_seconds`, `_usd`), before `_total` on counters;
 *   @opentelemetry/exporter-prometheus 0.223 has no option for this (it only appends `_total`
 *   and prints the unit as a `# UNIT` comment), so the names are rewritten at collection time,
 *   for this reader only, by the same function the exported alert rules use
 *   ({@link prometheusMetricName});
 * - units in braces (`{token}`, `{error}`) and `1` are annotations and add nothing, as in the
 *   OTel specification's Prometheus compatibility rules;
 * - no label that changes per process: `server.port` (a simulator on a random port made new
 *   series at every restart) is dropped and the points that differed only by it are merged.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { FLEET_ATTR_PATTERN } from './fleet-attrs.ts';
import { DataPointType, type CollectionResult, type DataPoint, type Histogram, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { diag, type Attributes } from '@opentelemetry/api';
import { prometheusMetricName, prometheusUnit, PROMETHEUS_DROPPED_ATTRIBUTES, type PromInstrumentType } from './prometheus-names.ts';

function typeOf(m: MetricData): PromInstrumentType {
  if (m.dataPointType === DataPointType.HISTOGRAM) return 'histogram';
  return m.dataPointType === DataPointType.SUM && m.isMonotonic ? 'counter' : 'gauge';
}

function without(attributes: Attributes, dropped: readonly string[]): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) if (!dropped.includes(k)) out[k] = v;
  return out;
}

/** `b` is not older than `a`. Gauge points of one collection share an end time; then the later listed (the series made last, e.g. after a restart) wins. */
const notOlder = (a: DataPoint<unknown>, b: DataPoint<unknown>) => (b.endTime[0] - a.endTime[0] || b.endTime[1] - a.endTime[1]) >= 0;

function mergeHistogram(a: Histogram, b: Histogram): Histogram {
  const same = a.buckets.boundaries.length === b.buckets.boundaries.length && a.buckets.boundaries.every((x, i) => x === b.buckets.boundaries[i]);
  if (!same) return a; // one instrument has one set of boundaries; nothing sensible to add otherwise
  const h: Histogram = { buckets: { boundaries: a.buckets.boundaries, counts: a.buckets.counts.map((c, i) => c + (b.buckets.counts[i] ?? 0)) }, count: a.count + b.count };
  if (a.sum !== undefined || b.sum !== undefined) h.sum = (a.sum ?? 0) + (b.sum ?? 0);
  if (a.min !== undefined && b.min !== undefined) h.min = Math.min(a.min, b.min);
  if (a.max !== undefined && b.max !== undefined) h.max = Math.max(a.max, b.max);
  return h;
}

/** Drops the attributes and merges points that became one series: sums and histograms add, a gauge keeps the latest. */
function mergePoints(m: MetricData, dropped: readonly string[]): MetricData {
  if (!m.dataPoints.some((p) => dropped.some((d) => d in p.attributes))) return m;
  const byKey = new Map<string, DataPoint<number | Histogram>>();
  for (const p of m.dataPoints as DataPoint<number | Histogram>[]) {
    const attributes = without(p.attributes, dropped);
    const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...p, attributes });
    else if (m.dataPointType === DataPointType.HISTOGRAM) byKey.set(key, { ...seen, value: mergeHistogram(seen.value as Histogram, p.value as Histogram) });
    else if (m.dataPointType === DataPointType.SUM) byKey.set(key, { ...seen, value: (seen.value as number) + (p.value as number) });
    else if (notOlder(seen, p)) byKey.set(key, { ...p, attributes });
  }
  return { ...m, dataPoints: [...byKey.values()] } as MetricData;
}

/** The collected metrics as `/metrics` shows them (names, units, labels). Pure. */
export function prometheusView(rm: ResourceMetrics, dropped: readonly string[] = PROMETHEUS_DROPPED_ATTRIBUTES): ResourceMetrics {
  return {
    resource: rm.resource,
    scopeMetrics: rm.scopeMetrics.map((sm) => ({
      ...sm,
      metrics: sm.metrics.map((m) => {
        const merged = mergePoints(m, dropped);
        const name = prometheusMetricName(m.descriptor.name, m.descriptor.unit, typeOf(m));
        return { ...merged, descriptor: { ...m.descriptor, name, unit: prometheusUnit(m.descriptor.unit) } } as MetricData;
      }),
    })),
  };
}

export interface PrometheusEndpointOptions {
  /** Default 9464 (Prometheus' registered port for OTel exporters); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `/metrics`. */
  endpoint?: string;
}

/**
 * A metric reader serving `/metrics` in Prometheus' conventions ({@link prometheusView}). Its own
 * HTTP server (not the exporter's, which cannot take port 0); `url` resolves once it listens.
 */
export class PrometheusEndpoint extends PrometheusExporter {
  readonly url: Promise<string>;
  readonly #server: Server;

  constructor(options: PrometheusEndpointOptions = {}) {
    const { port = 9464, host = '127.0.0.1', endpoint = '/metrics' } = options;
    // The runner and region resource attributes become labels on every series (fleet-attrs.ts).
    super({ preventServerStart: true, endpoint, withResourceConstantLabels: FLEET_ATTR_PATTERN });
    this.#server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === endpoint) this.getMetricsRequestHandler(req, res);
      else {
        res.statusCode = 404;
        res.end();
      }
    }).unref();
    this.url = new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen({ port, host }, () => {
        const a = this.#server.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}${endpoint}`);
      });
    });
    // Reported like the exporter's own server errors (a port in use), and never an unhandled rejection.
    this.url.catch((err: unknown) => diag.error('PrometheusEndpoint: cannot serve /metrics', err));
  }

  override async collect(options?: Parameters<PrometheusExporter['collect']>[0]): Promise<CollectionResult> {
    const r = await super.collect(options);
    return { ...r, resourceMetrics: prometheusView(r.resourceMetrics) };
  }

  override async onShutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
