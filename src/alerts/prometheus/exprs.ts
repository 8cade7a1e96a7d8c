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
import { perRegion } from '../kinds/quorum.ts';
import type { GroupByColumn, Match, Rule, RuleKind, RuleOf } from '../rule-schema.ts';

export interface PromRule {
  expr: string;
  /** Group-by columns the source metric has no label for (aggregated over instead). */
  dropped: GroupByColumn[];
  /** Extra annotation text. */
  note?: string;
}

type Builder<K extends RuleKind> = (rule: RuleOf<K>) => PromRule;

/** Every series the monitor serves carries its runner and region (resource attributes as labels). */
const FLEET_LABELS: Partial<Record<GroupByColumn, string>> = { region: PROM.label.region, runner_id: PROM.label.runnerId };
const CLIENT_LABELS: Partial<Record<GroupByColumn, string>> = { model: PROM.label.model, ...FLEET_LABELS };
const PROBE_LABELS: Partial<Record<GroupByColumn, string>> = { model: PROM.label.model, probe_id: PROM.label.probeId, ...FLEET_LABELS };

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

/** Probe runs that count at all (skipped runs measured nothing), and the bad ones of an outcome match. */
const PROBE_ANSWERED = `${PROM.probeRuns}{${PROM.label.outcome}!="skipped"}`;
const probeBad = (outcomes: readonly string[]) => `${PROM.probeRuns}{${PROM.label.outcome}=~"${regexAlt(outcomes)}"}`;

const share: Builder<'share'> = (rule) => {
  const m = rule.match;
  if ('flags' in m) {
    const g = by(rule.group_by, PROBE_LABELS);
    const all = `${PROM.probeRuns}{${PROM.label.outcome}=~"pass|fail"}`;
    return {
      expr: `${ratio(g.clause, `${PROM.probeFlags}{${PROM.label.flag}=~"${regexAlt(m.flags)}"}`, all, rule.window)} > ${num(rule.threshold)}\nand ${g.clause} (increase(${all}[${rule.window}])) >= ${rule.min_samples}`,
      dropped: g.dropped,
      note: 'Counts flags, one series per flag: a run with two of the matched flags counts twice (the embedded engine counts it once).',
    };
  }
  if ('outcomes' in m) {
    const g = by(rule.group_by, PROBE_LABELS);
    return {
      expr: `${ratio(g.clause, probeBad(m.outcomes), PROBE_ANSWERED, rule.window)} > ${num(rule.threshold)}\nand ${g.clause} (increase(${PROBE_ANSWERED}[${rule.window}])) >= ${rule.min_samples}`,
      dropped: g.dropped,
    };
  }
  const g = by(rule.group_by, CLIENT_LABELS);
  return {
    expr: `${ratio(g.clause, `${PROM.calls}{${errorMatcher(m)}}`, PROM.calls, rule.window)} > ${num(rule.threshold)}\nand ${g.clause} (increase(${PROM.calls}[${rule.window}])) >= ${rule.min_samples}`,
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
  // Outcome matches (a failed canary is unavailable) read the probe runs; error kinds read the client calls.
  const b = rule.bad;
  const probe = 'outcomes' in b;
  const g = by(rule.group_by, probe ? PROBE_LABELS : CLIENT_LABELS);
  const [bad, all] = 'outcomes' in b ? [probeBad(b.outcomes), PROBE_ANSWERED] : [`${PROM.calls}{${errorMatcher(b)}}`, PROM.calls];
  const budget = 1 - rule.objective;
  const pairs = rule.windows.map((w) => {
    const limit = num(w.burn_rate * budget);
    return `(\n  ${ratio(g.clause, bad, all, w.long)} > ${limit}\n  and ${ratio(g.clause, bad, all, w.short)} > ${limit}\n  and ${g.clause} (increase(${all}[${w.long}])) >= ${rule.min_samples}\n)`;
  });
  const over = 'outcomes' in b ? ` Probe runs with outcome ${b.outcomes.join(' or ')} spend the budget.` : '';
  return { expr: pairs.join('\nor '), dropped: g.dropped, note: `Burn rate against a ${num(rule.objective * 100)}% availability objective.${over}` };
};

/**
 * Freshness from the daemon's gauges: seconds since the newest run against `missed_schedules` x
 * each series' own interval (both gauges carry probe and model, so one expression serves every
 * schedule). A daemon that is gone altogether exports no interval gauge (which it records for
 * every scheduled series at start, before any run); `absent()` catches that once the series go
 * stale, 5 minutes after the last scrape, with no probe label.
 */
const absence: Builder<'absence'> = (rule) => {
  const labels = `${PROM.label.probeId}, ${PROM.label.model}`;
  return {
    expr: `(time() - max by (${labels}) (${PROM.probeLastRun})) > ${num(rule.missed_schedules)} * max by (${labels}) (${PROM.probeInterval})\nor absent(${PROM.probeInterval})`,
    dropped: [],
    note: 'A series that has never run has no last-run gauge and is not checked here (the embedded engine counts from the monitor start).',
  };
};

/** The bill is not a metric: a cost_drift rule runs in the embedded engine only. */
const costDrift: Builder<'cost_drift'> = (rule) => {
  throw new CanaryError('invalid_config', `rule ${rule.id}: cost_drift reads the last reconciliation, which is not exported as a metric; it runs in \`claude-canary monitor\` only (set enabled: false to export the others)`);
};

const BUILDERS: { [K in RuleKind]: Builder<K> } = {
  share,
  percentile,
  calendar_sum: calendarSum,
  max,
  slo_burn: sloBurn,
  absence,
  cost_drift: costDrift,
};

/** PromQL for one rule. Throws CanaryError when the rule cannot be expressed over the exported metrics. */
export function promRule(rule: Rule): PromRule {
  if ('quorum' in rule && rule.quorum) return quorumRule(rule, rule.quorum.regions);
  return (BUILDERS[rule.kind] as Builder<typeof rule.kind>)(rule as never);
}

/**
 * A quorum rule: the kind's expression per region (one series per breaching region), counted by
 * the rule's other labels. Regions below min_samples drop out of the inner expression, as they
 * do in the embedded engine.
 */
function quorumRule(rule: Extract<Rule, { quorum?: unknown }>, regions: number): PromRule {
  const inner = (BUILDERS[rule.kind] as Builder<typeof rule.kind>)({ ...rule, group_by: perRegion(rule.group_by) } as never);
  const others = rule.group_by.map((c) => CLIENT_LABELS[c] ?? PROBE_LABELS[c]).filter((l): l is string => l !== undefined);
  const count = others.length ? `count by (${others.join(', ')})` : 'count';
  return {
    expr: `${count} (\n${inner.expr}\n) >= ${regions}`,
    dropped: inner.dropped,
    note: `${inner.note ? `${inner.note} ` : ''}Fires when at least ${regions} regions (label ${PROM.label.region}) breach.`,
  };
}
