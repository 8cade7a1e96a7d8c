/**
 * Reads a k6 end-of-test summary JSON in any of the three shapes k6 writes, into one model:
 *
 * - `summary-export`: `k6 run --summary-export=file.json` (k6 0.26 to 2.x; what `claude-canary
 *   load` uses). Flat metric objects `{ "p(95)": 812, ... }`, rates as `{ passes, fails, value }`,
 *   no metric type field, and thresholds as `{ "p(95)<2500": false }` where **true means the
 *   threshold FAILED** (a long-standing quirk kept for compatibility, grafana/k6#1498).
 *   Checks are an object keyed by name under `root_group.checks`.
 * - `handle-summary`: the `data` object a script's `handleSummary(data)` receives (k6 >= 0.30),
 *   e.g. written with `JSON.stringify(data)`. Metrics `{ type, contains, values: {...},
 *   thresholds: { "p(95)<2500": { ok: true } } }`, `state.testRunDurationMs`, checks as arrays.
 * - `machine-readable`: k6's newer summary (`--new-machine-readable-summary`, k6 >= 1.5):
 *   `{ version, metadata, config, results: { passed, metrics: [...], checks } }`. It carries the
 *   overall verdict but no per-threshold results.
 */

/** `samples`: computed from k6's per-request output (`--out json` / `--out csv`), see samples/to-summary.ts. */
export type SummaryFormat = 'summary-export' | 'handle-summary' | 'machine-readable' | 'samples';
export type MetricType = 'trend' | 'counter' | 'rate' | 'gauge' | 'unknown';

export interface ThresholdResult {
  /** The metric (or sub-metric) the threshold is on, e.g. `http_req_duration` or `claude_errors{kind:rate_limited}`. */
  metric: string;
  expression: string;
  ok: boolean;
}

export interface SummaryMetric {
  /** Full key as k6 wrote it, including any `{tag:value}` sub-metric selector. */
  name: string;
  /** Name without the selector. */
  base: string;
  /** Tags from the selector, e.g. `{ kind: 'rate_limited' }`. */
  tags: Record<string, string>;
  type: MetricType;
  /** Normalised values: trends `avg/min/med/max/p(N)/count`, counters `count/rate`, rates `rate/passes/fails`, gauges `value/min/max`. */
  values: Record<string, number>;
}

export interface CheckResult {
  name: string;
  passes: number;
  fails: number;
}

export interface LoadSummary {
  format: SummaryFormat;
  metrics: Map<string, SummaryMetric>;
  thresholds: ThresholdResult[];
  checks: CheckResult[];
  /** Overall verdict: from the thresholds (or the machine-readable `passed`); null when unknown. */
  passed: boolean | null;
  /** Test duration in ms: from the summary, or derived from `http_reqs` count / rate. */
  durationMs: number | null;
  k6Version: string | null;
  script: string | null;
}

/** A summary that is not any k6 shape. */
export class SummaryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SummaryFormatError';
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const numbersOf = (o: Json): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
};

/** Splits `name{tag:value,other:x}` into base and tags. */
export function parseMetricKey(key: string): { base: string; tags: Record<string, string> } {
  const open = key.indexOf('{');
  if (open === -1 || !key.endsWith('}')) return { base: key, tags: {} };
  const tags: Record<string, string> = {};
  for (const part of key.slice(open + 1, -1).split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) continue;
    tags[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return { base: key.slice(0, open), tags };
}

function inferType(v: Record<string, number>): MetricType {
  if ('passes' in v && 'fails' in v) return 'rate';
  if ('avg' in v || 'med' in v || Object.keys(v).some((k) => k.startsWith('p('))) return 'trend';
  if ('count' in v && 'rate' in v) return 'counter';
  if ('value' in v && 'min' in v && 'max' in v) return 'gauge';
  return 'unknown';
}
function asType(t: unknown, values: Record<string, number>): MetricType {
  return t === 'trend' || t === 'counter' || t === 'rate' || t === 'gauge' ? t : inferType(values);
}

/** Detects which of the three shapes a parsed JSON is. */
export function detectFormat(data: unknown): Exclude<SummaryFormat, 'samples'> {
  if (!isObj(data)) throw new SummaryFormatError('k6 summary must be a JSON object');
  if (isObj(data.results) && Array.isArray(data.results.metrics)) return 'machine-readable';
  if (!isObj(data.metrics)) throw new SummaryFormatError('not a k6 summary: no "metrics" object (expected k6 --summary-export or handleSummary data)');
  const sample = Object.values(data.metrics).find(isObj);
  if (sample && (isObj(sample.values) || typeof sample.type === 'string')) return 'handle-summary';
  return 'summary-export';
}

function checksFromGroup(group: unknown, out: CheckResult[]): void {
  if (!isObj(group)) return;
  const checks = group.checks;
  const list = Array.isArray(checks) ? checks : isObj(checks) ? Object.values(checks) : [];
  for (const c of list) {
    if (isObj(c) && typeof c.name === 'string') out.push({ name: c.name, passes: Number(c.passes) || 0, fails: Number(c.fails) || 0 });
  }
  const groups = group.groups;
  for (const g of Array.isArray(groups) ? groups : isObj(groups) ? Object.values(groups) : []) checksFromGroup(g, out);
}

/** Parses a k6 summary (already JSON-parsed) of any supported shape. */
export function parseK6Summary(data: unknown): LoadSummary {
  const format = detectFormat(data);
  const d = data as Json;
  const metrics = new Map<string, SummaryMetric>();
  const thresholds: ThresholdResult[] = [];
  const checks: CheckResult[] = [];
  let passed: boolean | null = null;
  let durationMs: number | null = null;
  let k6Version: string | null = null;
  let script: string | null = null;

  const add = (name: string, type: unknown, values: Record<string, number>) => {
    const { base, tags } = parseMetricKey(name);
    metrics.set(name, { name, base, tags, type: asType(type, values), values });
  };

  if (format === 'machine-readable') {
    const results = d.results as Json;
    passed = typeof results.passed === 'boolean' ? results.passed : null;
    for (const m of results.metrics as unknown[]) {
      if (!isObj(m) || typeof m.name !== 'string') continue;
      const values = isObj(m.values) ? numbersOf(m.values) : {};
      // Some k6 builds write rates as { matches, total, rate }; normalise to passes / fails.
      if ('matches' in values && 'total' in values && !('passes' in values)) {
        values.passes = values.matches!;
        values.fails = values.total! - values.matches!;
      }
      add(m.name, m.type, values);
    }
    const rc = results.checks;
    if (isObj(rc)) {
      for (const list of [rc.results, rc.ordered, rc.orderedChecks]) {
        if (Array.isArray(list)) checksFromGroup({ checks: list }, checks);
      }
    }
    if (isObj(d.config) && typeof d.config.duration === 'number') durationMs = d.config.duration * 1000;
    if (isObj(d.config) && typeof d.config.script === 'string') script = d.config.script;
    if (isObj(d.metadata) && typeof d.metadata.k6Version === 'string') k6Version = d.metadata.k6Version;
  } else {
    for (const [name, raw] of Object.entries(d.metrics as Json)) {
      if (!isObj(raw)) continue;
      if (format === 'handle-summary') {
        add(name, raw.type, isObj(raw.values) ? numbersOf(raw.values) : {});
        if (isObj(raw.thresholds)) {
          for (const [expression, r] of Object.entries(raw.thresholds)) {
            thresholds.push({ metric: name, expression, ok: isObj(r) ? r.ok === true : r === true });
          }
        }
      } else {
        const values = numbersOf(raw);
        // Rates export their share as "value"; name it "rate" like the other formats.
        if ('passes' in values && 'fails' in values && 'value' in values && !('rate' in values)) values.rate = values.value!;
        add(name, undefined, values);
        if (isObj(raw.thresholds)) {
          // summary-export quirk: the boolean is "failed", so false means the threshold passed.
          for (const [expression, failed] of Object.entries(raw.thresholds)) thresholds.push({ metric: name, expression, ok: failed === false });
        }
      }
    }
    checksFromGroup(d.root_group, checks);
    if (isObj(d.state) && typeof d.state.testRunDurationMs === 'number') durationMs = d.state.testRunDurationMs;
    passed = thresholds.length > 0 ? thresholds.every((t) => t.ok) : null;
  }
  if (durationMs === null) {
    const reqs = metrics.get('http_reqs') ?? metrics.get('iterations');
    const count = reqs?.values.count;
    const rate = reqs?.values.rate;
    if (count !== undefined && rate !== undefined && rate > 0) durationMs = (count / rate) * 1000;
  }
  return { format, metrics, thresholds, checks, passed, durationMs, k6Version, script };
}

/** The value of a threshold's aggregate (`p(95)`, `rate`, `count`, `avg`...) for its metric, or undefined. */
export function thresholdObserved(summary: LoadSummary, t: ThresholdResult): number | undefined {
  const m = summary.metrics.get(t.metric);
  if (!m) return undefined;
  const agg = /^\s*([a-z]+\([\d.]+\)|[a-z]+)/i.exec(t.expression)?.[1];
  if (!agg) return undefined;
  return m.values[agg];
}
