/** `budgets`: the canaries' daily and monthly spend caps are set; the shipped defaults count as set but warn. */
import { DEFAULTS } from '../../config/index.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

export function checkBudgets(ctx: DoctorContext): CheckResult {
  const b = ctx.config.budgets;
  const checked = 'daily and monthly spend budgets are set for the canaries';
  const shown = `daily $${b.daily_usd}, monthly $${b.monthly_usd}`;
  const fix = 'set `budgets: { daily_usd, monthly_usd }` in claude-canary.config.ts (or CANARY_DAILY_BUDGET_USD / CANARY_MONTHLY_BUDGET_USD) to what the canaries may spend';
  if (b.daily_usd === 0 || b.monthly_usd === 0) {
    return { id: 'budgets', status: 'warn', checked, detail: `${shown}: a zero budget skips every probe that costs anything`, fix };
  }
  if (b.daily_usd > b.monthly_usd) {
    return { id: 'budgets', status: 'warn', checked, detail: `${shown}: the daily budget is over the monthly one`, fix };
  }
  if (b.daily_usd === DEFAULTS.budgets.daily_usd && b.monthly_usd === DEFAULTS.budgets.monthly_usd) {
    return { id: 'budgets', status: 'warn', checked, detail: `${shown}: the shipped defaults, not chosen for this deployment`, fix };
  }
  return { id: 'budgets', status: 'pass', checked, detail: shown, fix };
}
