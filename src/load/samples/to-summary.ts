/**
 * A `LoadSummary` computed from samples, so the tiles, thresholds and tables of the end-of-test
 * report also work for merged parallel runs, where no single k6 summary covers the whole test.
 * Thresholds come from k6's metric declarations and are evaluated again on the merged totals.
 */
import type { LoadSummary, SummaryMetric, ThresholdResult } from '../summary.ts';
import { parseMetricKey } from '../summary.ts';
import type { LoadSeries, MetricTotal } from './series.ts';

const TREND_KEYS: [string, number][] = [['med', 0.5], ['p(90)', 0.9], ['p(95)', 0.95], ['p(99)', 0.99]];

function valuesOf(t: MetricTotal, durationS: number | null): Record<string, number> {
  const v: Record<string, number> = {};
  switch (t.type) {
    case 'counter':
      v.count = t.count;
      if (durationS) v.rate = t.count / durationS;
      break;
    case 'rate':
      v.passes = t.passes;
      v.fails = t.count - t.passes;
      if (t.count > 0) v.rate = t.passes / t.count;
      break;
    case 'gauge': {
      // Parallel instances add up: the sum of each instance's last, min and max.
      let last = 0, min = 0, max = 0;
      for (const g of t.gauge?.values() ?? []) {
        last += g.last;
        min += g.min;
        max += g.max;
      }
      Object.assign(v, { value: last, min, max });
      break;
    }
    case 'trend': {
      const h = t.histogram!;
      if (h.count === 0) break;
      v.avg = h.sum / h.count;
      v.min = h.min;
      v.max = h.max;
      v.count = h.count;
      for (const [k, q] of TREND_KEYS) v[k] = h.quantile(q)!;
      break;
    }
  }
  return v;
}

/** The aggregate a threshold names, from its metric's values: `p(95)`, `avg`, `rate`, `count`... */
function aggregate(values: Record<string, number>, agg: string, total: MetricTotal | undefined): number | undefined {
  if (agg in values) return values[agg];
  const p = /^p\(([\d.]+)\)$/.exec(agg);
  if (p && total?.histogram && total.histogram.count > 0) return total.histogram.quantile(Number(p[1]) / 100) ?? undefined;
  return undefined;
}

const OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '===': (a, b) => a === b, '!=': (a, b) => a !== b,
};

/**
 * Evaluates a k6 threshold expression (`p(95)<2500`, `rate<0.01`, `count>=0`) against a metric's
 * values; undefined when the expression or the aggregate is not one this reads.
 */
export function evaluateThreshold(expression: string, values: Record<string, number>, total?: MetricTotal): boolean | undefined {
  const m = /^\s*([a-z]+(?:\([\d.]+\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?[\d.]+(?:e-?\d+)?)\s*$/i.exec(expression);
  if (!m) return undefined;
  const observed = aggregate(values, m[1]!, total);
  if (observed === undefined) return undefined;
  return OPS[m[2]!]!(observed, Number(m[3]));
}

/** What `toSummary` could not judge. */
export interface SamplesSummary extends LoadSummary {
  /** Threshold expressions this could not evaluate (shown in the report). */
  unevaluated: { metric: string; expression: string }[];
}

/** Builds the end-of-test figures from a (merged) series. */
export function toSummary(series: LoadSeries): SamplesSummary {
  const durationMs = series.lastMs > series.firstMs ? series.lastMs - series.firstMs : null;
  const durationS = durationMs ? durationMs / 1000 : null;
  const metrics = new Map<string, SummaryMetric>();
  for (const [name, t] of series.totals) {
    const { base, tags } = parseMetricKey(name);
    metrics.set(name, { name, base, tags, type: t.type, values: valuesOf(t, durationS) });
  }
  const thresholds: ThresholdResult[] = [];
  const unevaluated: SamplesSummary['unevaluated'] = [];
  for (const d of series.declarations.values()) {
    for (const expression of d.thresholds) {
      const m = metrics.get(d.name);
      const ok = evaluateThreshold(expression, m?.values ?? {}, series.totals.get(d.name));
      if (ok === undefined) unevaluated.push({ metric: d.name, expression });
      else thresholds.push({ metric: d.name, expression, ok });
    }
  }
  const checks = [...series.checks.entries()].map(([name, c]) => ({ name, passes: c.passes, fails: c.fails }));
  return {
    format: 'samples',
    metrics,
    thresholds,
    checks,
    passed: thresholds.length > 0 ? thresholds.every((t) => t.ok) : null,
    durationMs,
    k6Version: null,
    script: null,
    unevaluated,
  };
}
