/**
 * PromQL for each rule kind, over the exported metric names (metric-names.ts). Error shares,
 * latency, burn rates and spend read the client's metrics; quality flags and context
 * utilisation read the daemon's probe metrics. Every expression keeps the rule's minimum sample
 * count (`and ... >= min_samples`) so Prometheus stays as quiet as the embedded engine.
 *
 * Differences from the embedded engine, stated in each rule's description: spend windows are
 * rolling (24h / 30d) rather than calendar-aligned, and `increase()` extrapolates counts.
 */
import { CanaryError } from '../../shared/errors.ts';
import { CONTEXT_UTILISATION_BUCKETS, PROM } from '../metric-names.ts';
import type { GroupByColumn, Match, Rule, RuleKind, RuleOf } from '../rule-schema.ts';

export interface PromRule {
  expr: string;
  /** Group-by columns the source metric has no label for (aggregated over instead). */
  dropped: GroupByColumn[];
  /** Extra annotation text. */
  note?: string;
}

type Builder<K extends RuleKind> = (rule: RuleOf<K>) => PromRule;

const CLIENT_LABELS: Partial<Record<GroupByColumn, string>> = { model: PROM.label.model };
const PROBE_LABELS: Partial<Record<GroupByColumn, string>> = { model: PROM.label.model, probe_id: PROM.label.probeId };

function by(columns: readonly GroupByColumn[], available: Partial<Record<GroupByColumn, string>>, extra: string[] = []): { clause: string; dropped: GroupByColumn[] } {
  const labels = columns.map((c) => available[c]).filter((l): l is string => l !== undefined);
  const all = [...extra, ...labels];
  return { clause: all.length ? `sum by (${all.join(', ')})` : 'sum', dropped: columns.filter((c) => available[c] === undefined) };
}

const num = (n: number) => String(Number(n.toPrecision(12)));
const regexAlt = (values: readonly string[]) => values.join('|');

/** Label matchers selecting the "bad" calls of an error match on the client metrics. */
function errorMatcher(match: Extract<Match, { error_kinds: unknown }>): string {
  const l = PROM.label.errorType;
  return match.error_kinds === 'any' ? `${l}!=""` : `${l}=~"${regexAlt(match.error_kinds)}"`;
}

function ratio(agg: string, bad: string, all: string, window: string): string {
  return `(${agg} (increase(${bad}[${window}])) / ${agg} (increase(${all}[${window}])))`;
}

const share: Builder<'share'> = (rule) => {
  if ('flags' in rule.match) {
    const g = by(rule.group_by, PROBE_LABELS);
    const done = `${PROM.label.outcome}=~"pass|fail"`;
    const flagged = `${PROM.label.flags}=~"(.*,)?(${regexAlt(rule.match.flags)})(,.*)?"`;
    const all = `${PROM.probeRuns}{${done}}`;
    return {
      expr: `${ratio(g.clause, `${PROM.probeRuns}{${done}, ${flagged}}`, all, rule.window)} > ${num(rule.threshold)}\nand ${g.clause} (increase(${all}[${rule.window}])) >= ${rule.min_samples}`,
      dropped: g.dropped,
    };
  }
  const g = by(rule.group_by, CLIENT_LABELS);
  return {
    expr: `${ratio(g.clause, `${PROM.calls}{${errorMatcher(rule.match)}}`, PROM.calls, rule.window)} > ${num(rule.threshold)}\nand ${g.clause} (increase(${PROM.calls}[${rule.window}])) >= ${rule.min_samples}`,
    dropped: g.dropped,
  };
};

const percentile: Builder<'percentile'> = (rule) => {
  const g = by(rule.group_by, CLIENT_LABELS, ['le']);
  const count = by(rule.group_by, CLIENT_LABELS);
  const [bucket, total] = rule.field === 'ttft_ms' ? [PROM.ttftBucket, PROM.ttftCount] : [PROM.durationBucket, PROM.calls];
  return {
    expr: `histogram_quantile(${num(rule.quantile)}, ${g.clause} (rate(${bucket}[${rule.window}]))) > ${num(rule.threshold / 1000)}\nand ${count.clause} (increase(${total}[${rule.window}])) >= ${rule.min_samples}`,
    dropped: count.dropped,
    note: 'Quantile interpolated from the GenAI duration buckets (seconds).',
  };
};

const calendarSum: Builder<'calendar_sum'> = (rule) => {
  const g = by(rule.group_by, CLIENT_LABELS);
  const window = rule.period === 'day' ? '1d' : '30d';
  return {
    expr: `${g.clause} (increase(${PROM.cost}[${window}])) >= ${num(rule.threshold)}`,
    dropped: g.dropped,
    note: `Rolling ${window} window (the embedded engine uses the UTC calendar ${rule.period}).`,
  };
};

const max: Builder<'max'> = (rule) => {
  if (!CONTEXT_UTILISATION_BUCKETS.includes(rule.threshold)) {
    throw new CanaryError('invalid_config', `rule ${rule.id}: threshold ${rule.threshold} is not a bucket of ${PROM.contextBucket}; use one of ${CONTEXT_UTILISATION_BUCKETS.join(', ')} to export it`);
  }
  const g = by(rule.group_by, PROBE_LABELS);
  return {
    expr: `(${g.clause} (increase(${PROM.contextCount}[${rule.window}])) - ${g.clause} (increase(${PROM.contextBucket}{le="${num(rule.threshold)}"}[${rule.window}]))) > 0`,
    dropped: g.dropped,
    note: 'Requests above the threshold = observations outside the threshold bucket.',
  };
};

const sloBurn: Builder<'slo_burn'> = (rule) => {
  const g = by(rule.group_by, CLIENT_LABELS);
  const bad = `${PROM.calls}{${errorMatcher(rule.bad)}}`;
  const budget = 1 - rule.objective;
  const pairs = rule.windows.map((w) => {
    const limit = num(w.burn_rate * budget);
    return `(\n  ${ratio(g.clause, bad, PROM.calls, w.long)} > ${limit}\n  and ${ratio(g.clause, bad, PROM.calls, w.short)} > ${limit}\n  and ${g.clause} (increase(${PROM.calls}[${w.long}])) >= ${rule.min_samples}\n)`;
  });
  return { expr: pairs.join('\nor '), dropped: g.dropped, note: `Burn rate against a ${num(rule.objective * 100)}% availability objective.` };
};

const BUILDERS: { [K in RuleKind]: Builder<K> } = {
  share,
  percentile,
  calendar_sum: calendarSum,
  max,
  slo_burn: sloBurn,
};

/** PromQL for one rule. Throws CanaryError when the rule cannot be expressed over the exported metrics. */
export function promRule(rule: Rule): PromRule {
  return (BUILDERS[rule.kind] as Builder<typeof rule.kind>)(rule as never);
}
