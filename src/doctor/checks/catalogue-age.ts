/** `catalogue_age`: the price catalogue's newest effective date is not older than the configured age. */
import { DAY_MS, type CheckResult, type DoctorContext } from '../types.ts';

export function checkCatalogueAge(ctx: DoctorContext): CheckResult {
  const dates = ctx.catalog.models.flatMap((m) => m.prices.map((p) => p.effective_from)).sort();
  const newest = dates[dates.length - 1]!;
  const ageDays = Math.floor((ctx.now - Date.parse(`${newest}T00:00:00Z`)) / DAY_MS);
  const checked = `the newest price in the model catalogue is at most ${ctx.maxCatalogueAgeDays} days old`;
  const fix = 'compare src/shared/models.json with https://docs.anthropic.com/en/docs/about-claude/pricing and update it (or set config `prices`); `--max-catalogue-age <days>` sets the age';
  if (ageDays > ctx.maxCatalogueAgeDays) {
    return { id: 'catalogue_age', status: 'warn', checked, detail: `newest effective date ${newest} is ${ageDays} days old (over ${ctx.maxCatalogueAgeDays}): prices may have changed`, fix };
  }
  return { id: 'catalogue_age', status: 'pass', checked, detail: `newest effective date ${newest} (${ageDays} days old)`, fix };
}
