/**
 * Alert rules: one zod schema per kind, one discriminated union. The schema is the single source
 * of truth for the rule types; handlers (SQL evaluation) and exporters (Prometheus) are tables
 * keyed by {@link RuleKind}, so a new kind does not compile until both handle it.
 */
import { z } from 'zod';
import { ERROR_KINDS, QUALITY_FLAGS } from '../shared/types.ts';
import { DurationSchema } from './duration.ts';

/** Every rule kind. */
export const RULE_KINDS = ['share', 'percentile', 'calendar_sum', 'max', 'slo_burn', 'absence', 'cost_drift'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Result columns a rule may group by; each becomes a label on the alert. */
export const GROUP_BY_COLUMNS = ['probe_id', 'model', 'region', 'target', 'runner_id'] as const;
export type GroupByColumn = (typeof GROUP_BY_COLUMNS)[number];

const LabelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)');

/** Which results count as "bad" for a share or burn rate: errors of some kinds, or quality flags. */
export const ErrorMatchSchema = z.strictObject({
  /** `any` = every result with outcome `error`; or a list of error kinds. */
  error_kinds: z.union([z.literal('any'), z.array(z.enum(ERROR_KINDS)).min(1)]),
});
export const FlagMatchSchema = z.strictObject({
  /** Results (pass or fail, i.e. with output) carrying at least one of these flags. */
  flags: z.array(z.enum(QUALITY_FLAGS)).min(1),
});
/** Runs that did not pass: `fail` (the answer came back and failed its assertions or a failing flag), `error` (no usable answer). */
export const BAD_OUTCOMES = ['fail', 'error'] as const;
export const OutcomeMatchSchema = z.strictObject({
  /** Results with one of these outcomes (skipped runs never count). */
  outcomes: z.array(z.enum(BAD_OUTCOMES)).min(1),
});
export const MatchSchema = z.union([ErrorMatchSchema, FlagMatchSchema, OutcomeMatchSchema]);
export type Match = z.infer<typeof MatchSchema>;

const common = {
  /** Unique id, also the Prometheus `alertname` (snake_case). */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case: [a-z][a-z0-9_]*'),
  /** One line for humans, used as the notification title and the Prometheus `summary`. */
  summary: z.string().min(1),
  severity: z.enum(SEVERITIES),
  /** How long the condition must hold before pending becomes firing. Default `0s`. */
  for: DurationSchema.default('0s'),
  /** Flap suppression: stay firing this long after the condition clears. Default `0s`. */
  keep_firing_for: DurationSchema.default('0s'),
  /** Below this many results in the window the rule is quiet (no data, no alert). */
  min_samples: z.number().int().min(1),
  /** Extra labels on every alert of this rule. Default none. */
  labels: z.record(LabelName, z.string()).default({}),
  /** Anchor in docs/runbooks.md (`#<runbook>`). */
  runbook: z.string().regex(/^[a-z0-9-]+$/, 'must be a lower-case anchor like api-error-rate'),
  /** One alert per distinct value of these columns. Default `[]` (one alert over everything). */
  group_by: z.array(z.enum(GROUP_BY_COLUMNS)).default([]),
  /** Default true. */
  enabled: z.boolean().default(true),
};

/**
 * A fleet-wide rule that fires only when the condition holds in at least `regions` of the regions
 * that reported in the window (each region judged on its own results, with min_samples each), so
 * a regional outage is told from a global one. The alert carries no `region` label (one alert for
 * the fleet); its detail names the failing regions. For one alert per region, `group_by: ['region']`.
 */
export const QuorumSchema = z.strictObject({
  /** At least this many regions must breach, e.g. 2 ("failing in 2 of 3 regions"). */
  regions: z.number().int().min(1),
});
export type Quorum = z.infer<typeof QuorumSchema>;
/** The kinds that take `quorum` (their group_by is free, so they can be read per region). */
export const QUORUM_KINDS = ['share', 'percentile', 'max', 'slo_burn'] as const;
const quorum = { quorum: QuorumSchema.optional() };

/** Share of results in a window matching `match`, compared with `threshold` (0..1). */
export const ShareRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('share'),
  ...quorum,
  window: DurationSchema,
  match: MatchSchema,
  threshold: z.number().min(0).max(1),
  /** Hysteresis: once firing, keep firing while the share stays above this (default = threshold). */
  clear_threshold: z.number().min(0).max(1).optional(),
});

/** A percentile of latency in a window above `threshold` milliseconds. */
export const PercentileRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('percentile'),
  ...quorum,
  window: DurationSchema,
  field: z.enum(['latency_ms', 'ttft_ms']).default('latency_ms'),
  quantile: z.number().gt(0).lt(1),
  threshold: z.number().positive(),
  clear_threshold: z.number().positive().optional(),
});

/** Sum of `cost_usd` since the start of the UTC day or month, at or over `threshold` USD. */
export const CalendarSumRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('calendar_sum'),
  period: z.enum(['day', 'month']),
  field: z.literal('cost_usd').default('cost_usd'),
  threshold: z.number().nonnegative(),
});

/** The largest value of `field` in a window above `threshold` (any single request). */
export const MaxRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('max'),
  ...quorum,
  window: DurationSchema,
  field: z.literal('context_utilisation').default('context_utilisation'),
  threshold: z.number().gt(0).max(1),
  clear_threshold: z.number().gt(0).max(1).optional(),
});

/** One long/short window pair of a multi-window burn-rate alert. */
export const BurnWindowSchema = z.strictObject({
  long: DurationSchema,
  short: DurationSchema,
  /** Error-budget burn rate both windows must exceed, e.g. 14.4 (2% of a 30-day budget in 1 h). */
  burn_rate: z.number().positive(),
});

/** Multi-window, multi-burn-rate SLO alert (Google SRE workbook, ch. 5). */
export const SloBurnRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('slo_burn'),
  ...quorum,
  /** Availability objective, e.g. 0.995. */
  objective: z.number().gt(0).lt(1),
  /** Which results spend the error budget: errors of some kinds, or outcomes (`fail` and/or `error`). */
  bad: z.union([ErrorMatchSchema, OutcomeMatchSchema]),
  windows: z.array(BurnWindowSchema).min(1),
});

/**
 * No result for a probe series (probe x model) for more than `missed_schedules` of its schedule
 * interval: the canary went silent. Needs the schedules (the monitor passes them to the engine);
 * without them the rule is quiet. Always grouped by probe_id and model.
 */
export const AbsenceRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('absence'),
  /** Fire after this many schedule intervals without a result (skipped runs do not count). Default 2. */
  missed_schedules: z.number().positive().default(2),
  /** Absence has no sample count; kept for the common shape. Default 1. */
  min_samples: z.number().int().min(1).default(1),
  group_by: z.tuple([z.literal('probe_id'), z.literal('model')]).default(['probe_id', 'model']),
});

/**
 * The last `claude-canary reconcile` found our cost or tokens off the Anthropic bill (a row over
 * the reconciliation thresholds, config `reconcile`). Reads the stored outcome
 * (`lastReconciliation`), so it is as fresh as the last reconcile run: older than `max_age`, or
 * none, is no data (quiet). The value is the largest billed-minus-ours difference in USD.
 */
export const CostDriftRuleSchema = z.strictObject({
  ...common,
  kind: z.literal('cost_drift'),
  /** A reconciliation older than this says nothing. Default `2d`. */
  max_age: DurationSchema.default('2d'),
  /** Fire only when the largest difference is at least this many USD (default 0: any flagged row). */
  threshold: z.number().nonnegative().default(0),
  /** Rows of the reconciliation, not results; default 1. */
  min_samples: z.number().int().min(1).default(1),
  /** One alert over the whole bill. */
  group_by: z.tuple([]).default([]),
});

export const RuleSchema = z.discriminatedUnion('kind', [
  ShareRuleSchema,
  PercentileRuleSchema,
  CalendarSumRuleSchema,
  MaxRuleSchema,
  SloBurnRuleSchema,
  AbsenceRuleSchema,
  CostDriftRuleSchema,
]);

/** A validated rule (defaults applied). */
export type Rule = z.output<typeof RuleSchema>;
/** A rule as written by a user (defaults optional). */
export type RuleInput = z.input<typeof RuleSchema>;
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
