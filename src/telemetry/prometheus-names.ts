/**
 * Prometheus names for OTel instruments, pure (no exporter loaded): the one place that decides
 * what a metric and a label are called on `/metrics`. The endpoint (prometheus.ts) renames with
 * it and the exported alert rules (src/alerts/metric-names.ts) derive their series from it.
 * Rules: sanitised, the unit as a suffix (`_seconds`, `_usd`) unless already there, `_total` on
 * counters; units in braces (`{token}`) and `1` add nothing (the OTel specification's Prometheus
 * compatibility rules).
 */
import { ATTR } from './semconv.ts';

export type PromInstrumentType = 'counter' | 'histogram' | 'gauge';

/** OTel (UCUM) units Prometheus spells as a name suffix. Other units add no suffix. */
const UNIT_SUFFIX: Readonly<Record<string, string>> = { s: 'seconds', ms: 'milliseconds', By: 'bytes', USD: 'usd' };

/** Attributes left out of `/metrics`: values that differ per process start make new series each time. */
export const PROMETHEUS_DROPPED_ATTRIBUTES: readonly string[] = [ATTR.serverPort];

/** The Prometheus unit word for an OTel unit (`s` -> `seconds`), or '' when it adds no suffix. */
export function prometheusUnit(unit: string): string {
  return UNIT_SUFFIX[unit] ?? '';
}

const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');

/**
 * The name a metric has on `/metrics`: sanitised, unit suffix (unless already there), `_total`
 * on counters. Histograms then add `_bucket`, `_sum` and `_count` themselves.
 * @example prometheusMetricName('gen_ai.client.operation.duration', 's', 'histogram') // 'gen_ai_client_operation_duration_seconds'
 */
export function prometheusMetricName(otelName: string, unit: string, type: PromInstrumentType): string {
  let name = sanitize(otelName);
  if (type === 'counter' && name.endsWith('_total')) name = name.slice(0, -'_total'.length);
  const u = prometheusUnit(unit);
  if (u && !name.endsWith(`_${u}`)) name = `${name}_${u}`;
  return type === 'counter' ? `${name}_total` : name;
}

/** An attribute name as a Prometheus label (what the exporter does to it). */
export function prometheusLabelName(attribute: string): string {
  return sanitize(attribute);
}
