/**
 * k6's JSON output (`k6 run --out json=file`, or `json=file.gz`): one object per line, either a
 * metric declaration
 *   {"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"}
 * or a sample
 *   {"metric":"vus","type":"Point","data":{"time":"2026-12-07T02:05:16.1+01:00","value":5,"tags":null}}
 * (https://grafana.com/docs/k6/latest/results-output/real-time/json/; k6 writes the keys in the
 * order of output/json/wrapper.go, the docs show another: key order does not matter here).
 */
import type { K6MetricType, LoadSeries, MetricDeclaration } from './series.ts';
import { parseRfc3339 } from './time.ts';

const TYPES = new Set<K6MetricType>(['counter', 'gauge', 'rate', 'trend']);

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function tagsOf(v: unknown): Record<string, string> | null {
  if (!isObj(v)) return null;
  const out: Record<string, string> = {};
  for (const k in v) {
    const x = v[k];
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

function declarationOf(name: string, d: Json): MetricDeclaration | null {
  const type = d.type as K6MetricType;
  if (!TYPES.has(type)) return null;
  const subs: MetricDeclaration['submetrics'] = [];
  if (Array.isArray(d.submetrics)) {
    for (const s of d.submetrics) {
      if (isObj(s) && typeof s.name === 'string') subs.push({ name: s.name, tags: tagsOf(s.tags) ?? {} });
    }
  }
  const thresholds = Array.isArray(d.thresholds) ? d.thresholds.filter((t): t is string => typeof t === 'string') : [];
  return { name, type, contains: typeof d.contains === 'string' ? d.contains : 'default', thresholds, submetrics: subs };
}

/**
 * Feeds one line of k6 JSON output into `series`. Returns false for a line that is neither a
 * declaration nor a sample (it is counted as skipped); blank lines are ignored.
 */
export function feedJsonLine(series: LoadSeries, line: string): boolean {
  if (line.length === 0) return true;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    series.skip(line);
    return false;
  }
  if (isObj(o) && typeof o.metric === 'string' && isObj(o.data)) {
    const d = o.data;
    if (o.type === 'Point' && typeof d.time === 'string' && typeof d.value === 'number') {
      const time = parseRfc3339(d.time);
      if (Number.isFinite(time)) {
        series.add({ metric: o.metric, time, value: d.value, tags: tagsOf(d.tags) });
        return true;
      }
    } else if (o.type === 'Metric') {
      const decl = declarationOf(o.metric, d);
      if (decl) {
        series.declare(decl);
        return true;
      }
    }
  }
  series.skip(line);
  return false;
}
