/** Human-readable values per rule kind (internal; used by notifications and the CLI). */
import type { RuleKind } from './rule-schema.ts';

const FORMATTERS: { [K in RuleKind]: (v: number) => string } = {
  share: (v) => `${(v * 100).toFixed(2)}%`,
  max: (v) => `${(v * 100).toFixed(1)}%`,
  percentile: (v) => `${(v / 1000).toFixed(2)} s`,
  calendar_sum: (v) => `$${v.toFixed(2)}`,
  cost_drift: (v) => `$${v.toFixed(4)}`,
  slo_burn: (v) => `${v.toFixed(1)}x`,
  absence: (v) => (v >= 3600 ? `${(v / 3600).toFixed(1)} h` : v >= 60 ? `${(v / 60).toFixed(1)} min` : `${Math.round(v)} s`),
};

/** `0.032` as `3.20%` for a share, `5200` as `5.20 s` for a percentile, and so on. */
export function formatValue(kind: RuleKind, value: number | null): string {
  return value === null ? 'no data' : FORMATTERS[kind](value);
}

/** `model=claude-x probe_id=p` (empty for no labels). */
export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

