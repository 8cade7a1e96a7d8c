/**
 * Alert settings from the `alerts` key of `claude-canary.config.ts`: rule overrides merged by id
 * over {@link DEFAULT_RULES}, sinks and delivery options. Validation collects every problem in
 * one pass (field paths under `alerts.`) before throwing.
 */
import { z } from 'zod';
import { CanaryError, zodProblems, type Problem } from '../shared/errors.ts';
import { DEFAULT_RULES } from './defaults.ts';
import { durationMs } from './duration.ts';
import { RuleSchema, type Rule } from './rule-schema.ts';
import { DeliveryOptionsSchema, SinkConfigSchema } from './sinks/sink-config.ts';

/** A rule override: `id` names a default rule to change (fields merge, `labels` merge too), or a new rule. */
export const RuleOverrideSchema = z.looseObject({ id: z.string().min(1) });

export const AlertsConfigSchema = z.strictObject({
  /** Overrides by id (`{ id: 'api_error_rate', threshold: 0.02 }`, `{ id: 'timeout_rate', enabled: false }`) or new rules. */
  rules: z.array(RuleOverrideSchema).optional(),
  /** Where notifications go. Default: console only. */
  sinks: z.array(SinkConfigSchema).optional(),
  /** Prefix for runbook links, e.g. `https://github.com/acme/canary/blob/main/docs/runbooks.md`. Default `docs/runbooks.md`. */
  runbook_base_url: z.string().min(1).optional(),
  delivery: DeliveryOptionsSchema.optional(),
});
export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;

/** Identity helper for the `alerts` section, so it is type-checked in a config file. */
export function defineAlerts(config: z.input<typeof AlertsConfigSchema>): z.input<typeof AlertsConfigSchema> {
  return config;
}

export interface ResolveRulesOptions {
  /** Spend budgets from the config; they become the `daily_spend` / `monthly_spend` thresholds unless a rule override sets one. */
  budgets?: { daily_usd?: number; monthly_usd?: number };
  /** Rules to start from. Default {@link DEFAULT_RULES}. */
  base?: readonly unknown[];
}

/** Checks zod cannot express per field: hysteresis direction, window order, unique ids. */
function semanticProblems(rule: Rule, path: string): Problem[] {
  const out: Problem[] = [];
  if ('clear_threshold' in rule && rule.clear_threshold !== undefined && rule.clear_threshold > rule.threshold) {
    out.push({ path: `${path}.clear_threshold`, message: `must be at most threshold (${rule.threshold}); hysteresis clears below the trigger` });
  }
  if ('quorum' in rule && rule.quorum && rule.group_by.includes('region')) {
    out.push({ path: `${path}.quorum`, message: 'a quorum rule is one alert over the regions: drop region from group_by (or drop quorum for one alert per region)' });
  }
  if (rule.kind === 'slo_burn') {
    rule.windows.forEach((w, i) => {
      if (durationMs(w.short) >= durationMs(w.long)) out.push({ path: `${path}.windows[${i}].short`, message: `must be shorter than long (${w.long})` });
    });
  }
  return out;
}

/**
 * The effective rules: defaults, with config budgets as spend thresholds, then overrides merged
 * by id. Disabled rules are dropped. Throws CanaryError('invalid_config') listing every problem.
 * @example
 * const rules = resolveAlertRules([{ id: 'api_error_rate', threshold: 0.02 }], { budgets: config.budgets });
 */
export function resolveAlertRules(overrides: readonly unknown[] = [], options: ResolveRulesOptions = {}): Rule[] {
  const problems: Problem[] = [];
  const merged = new Map<string, Record<string, unknown>>();
  for (const r of options.base ?? DEFAULT_RULES) {
    const rule = { ...(r as Record<string, unknown>) };
    if (rule['id'] === 'daily_spend' && options.budgets?.daily_usd !== undefined) rule['threshold'] = options.budgets.daily_usd;
    if (rule['id'] === 'monthly_spend' && options.budgets?.monthly_usd !== undefined) rule['threshold'] = options.budgets.monthly_usd;
    merged.set(String(rule['id']), rule);
  }
  const where = new Map<string, string>();
  overrides.forEach((o, i) => {
    const parsed = RuleOverrideSchema.safeParse(o);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error.issues, undefined, `alerts.rules[${i}]`));
      return;
    }
    const id = parsed.data.id;
    if (where.has(id)) problems.push({ path: `alerts.rules[${i}].id`, message: `duplicate override for "${id}" (first at ${where.get(id)})` });
    where.set(id, `alerts.rules[${i}]`);
    const prev = merged.get(id);
    const labels = { ...(prev?.['labels'] as object | undefined), ...(parsed.data['labels'] as object | undefined) };
    merged.set(id, { ...prev, ...parsed.data, labels });
  });
  const rules: Rule[] = [];
  for (const [id, raw] of merged) {
    const path = where.get(id) ?? `default rule ${id}`;
    const r = RuleSchema.safeParse(raw);
    if (!r.success) {
      problems.push(...zodProblems(r.error.issues, undefined, path));
      continue;
    }
    problems.push(...semanticProblems(r.data, path));
    if (r.data.enabled) rules.push(r.data);
  }
  if (problems.length > 0) throw new CanaryError('invalid_config', `invalid alert rules (${problems.length} problem${problems.length === 1 ? '' : 's'})`, problems);
  return rules;
}

/** Validates the `alerts` config section (unknown from the config loader). Throws CanaryError listing every problem. */
export function parseAlertsConfig(input: unknown): AlertsConfig {
  const r = AlertsConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new CanaryError('invalid_config', 'invalid alerts settings', zodProblems(r.error.issues, undefined, 'alerts'));
  const names = new Set<string>();
  const problems: Problem[] = [];
  (r.data.sinks ?? []).forEach((s, i) => {
    if (names.has(s.name)) problems.push({ path: `alerts.sinks[${i}].name`, message: `duplicate sink name "${s.name}"` });
    names.add(s.name);
  });
  if (problems.length > 0) throw new CanaryError('invalid_config', 'invalid alerts settings', problems);
  return r.data;
}
