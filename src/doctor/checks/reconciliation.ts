/** `reconciliation`: cost reconciliation against the bill has run within the configured number of days. */
import { DAY_MS, type CheckResult, type DoctorContext } from '../types.ts';

export function checkReconciliation(ctx: DoctorContext): CheckResult {
  const checked = `cost reconciliation against the Admin API bill ran within ${ctx.maxReconcileAgeDays} days`;
  const fix = 'run `claude-canary reconcile` (schedule it daily, with ANTHROPIC_ADMIN_API_KEY)';
  const last = ctx.lastReconciliationAt();
  if (last === null) return { id: 'reconciliation', status: 'warn', checked, detail: 'never run', fix };
  const days = Math.floor((ctx.now - last) / DAY_MS);
  if (days > ctx.maxReconcileAgeDays) {
    return { id: 'reconciliation', status: 'warn', checked, detail: `last run ${new Date(last).toISOString()} (${days} days ago, over ${ctx.maxReconcileAgeDays})`, fix };
  }
  return { id: 'reconciliation', status: 'pass', checked, detail: `last run ${new Date(last).toISOString()} (${days} days ago)`, fix };
}
