/**
 * The default rules, from the field (../shared/design.md). Every threshold is overridable by rule
 * id through {@link resolveAlertRules}. Shares and utilisation are fractions (0.01 = 1%),
 * latency is milliseconds, spend is USD.
 */
import { DEFAULTS } from '../config/schema.ts';
import type { RuleInput } from './rule-schema.ts';

/**
 * The built-in rules:
 * - `rate_limited_share`: > 10% of runs end rate-limited over 5 min (for 1m), per model.
 * - `api_error_rate`: > 1% of runs end in an error over 5 min, for 5 min, per model.
 * - `timeout_rate`: > 5% of runs time out over 5 min, for 2 min, per model.
 * - `quality_flag_rate`: > 10% of completed runs carry a quality flag over 1 h (for 5m), per probe and model.
 *   `context_high` is left to its own rule.
 * - `context_utilisation_high`: any request over 80% of its context window in the last 5 min.
 * - `daily_spend` / `monthly_spend`: spend since 00:00 UTC / the 1st of the month UTC reaches
 *   the budget (config `budgets`, default 5 / 50 USD).
 * - `latency_p99`: p99 latency > 5 s over 15 min, for 5 min, per model.
 * - `availability_burn`: 99.5% availability SLO burning at 14.4x (1h and 5m) or 6x (6h and 30m).
 *   A run that fails its assertions spends the budget like an error: a failed canary is unavailable.
 * - `probe_failure`: over half of a probe's runs fail (assertions or failing flags) over 30 min, per probe and model.
 * - `probe_absent`: no result from a probe series for two of its schedule intervals (silence is not health).
 */
export const DEFAULT_RULES = [
  {
    id: 'rate_limited_share',
    kind: 'share',
    summary: 'Rate-limited share of probe runs is over 10%',
    severity: 'warning',
    window: '5m',
    for: '1m',
    keep_firing_for: '2m',
    match: { error_kinds: ['rate_limited'] },
    threshold: 0.1,
    min_samples: 10,
    group_by: ['model'],
    runbook: 'rate-limited-share',
  },
  {
    id: 'api_error_rate',
    kind: 'share',
    summary: 'API error rate is over 1%',
    severity: 'critical',
    window: '5m',
    for: '5m',
    keep_firing_for: '2m',
    match: { error_kinds: 'any' },
    threshold: 0.01,
    min_samples: 10,
    group_by: ['model'],
    runbook: 'api-error-rate',
  },
  {
    id: 'timeout_rate',
    kind: 'share',
    summary: 'Timeout rate is over 5%',
    severity: 'warning',
    window: '5m',
    for: '2m',
    keep_firing_for: '2m',
    match: { error_kinds: ['timeout'] },
    threshold: 0.05,
    min_samples: 10,
    group_by: ['model'],
    runbook: 'timeout-rate',
  },
  {
    id: 'quality_flag_rate',
    kind: 'share',
    summary: 'Over 10% of responses are flagged by quality checks',
    severity: 'warning',
    window: '1h',
    for: '5m',
    keep_firing_for: '5m',
    match: { flags: ['too_short', 'refusal', 'repetition', 'truncated', 'empty', 'drift'] },
    threshold: 0.1,
    min_samples: 10,
    group_by: ['probe_id', 'model'],
    runbook: 'quality-flag-rate',
  },
  {
    id: 'context_utilisation_high',
    kind: 'max',
    summary: 'A request used over 80% of its context window',
    severity: 'warning',
    window: '5m',
    threshold: 0.8,
    min_samples: 1,
    group_by: ['probe_id', 'model'],
    runbook: 'context-utilisation-high',
  },
  {
    id: 'daily_spend',
    kind: 'calendar_sum',
    summary: 'Daily canary spend reached its budget',
    severity: 'warning',
    period: 'day',
    threshold: DEFAULTS.budgets.daily_usd,
    min_samples: 1,
    runbook: 'daily-spend',
  },
  {
    id: 'monthly_spend',
    kind: 'calendar_sum',
    summary: 'Monthly canary spend reached its budget',
    severity: 'critical',
    period: 'month',
    threshold: DEFAULTS.budgets.monthly_usd,
    min_samples: 1,
    runbook: 'monthly-spend',
  },
  {
    id: 'latency_p99',
    kind: 'percentile',
    summary: 'p99 latency is over 5 s',
    severity: 'warning',
    window: '15m',
    for: '5m',
    keep_firing_for: '2m',
    quantile: 0.99,
    threshold: 5000,
    min_samples: 20,
    group_by: ['model'],
    runbook: 'latency-p99',
  },
  {
    id: 'availability_burn',
    kind: 'slo_burn',
    summary: 'Availability SLO (99.5%) error budget is burning fast',
    severity: 'critical',
    objective: 0.995,
    bad: { outcomes: ['error', 'fail'] },
    windows: [
      { long: '1h', short: '5m', burn_rate: 14.4 },
      { long: '6h', short: '30m', burn_rate: 6 },
    ],
    keep_firing_for: '5m',
    min_samples: 20,
    group_by: ['model'],
    runbook: 'availability-burn',
  },
  {
    id: 'probe_failure',
    kind: 'share',
    summary: 'Over half of a probe\'s runs fail their checks',
    severity: 'critical',
    window: '30m',
    keep_firing_for: '5m',
    match: { outcomes: ['fail'] },
    threshold: 0.5,
    min_samples: 3,
    group_by: ['probe_id', 'model'],
    runbook: 'probe-failure',
  },
  {
    id: 'probe_absent',
    kind: 'absence',
    summary: 'A probe has produced no result for two of its schedule intervals',
    severity: 'critical',
    missed_schedules: 2,
    runbook: 'probe-absent',
  },
] as const satisfies readonly RuleInput[];

/** Ids of the built-in rules. */
export type DefaultRuleId = (typeof DEFAULT_RULES)[number]['id'];
