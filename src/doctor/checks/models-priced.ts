/** `models_priced`: every model the enabled probes use has a price today (catalogue or config `prices`). */
import { probeModels } from '../../probes/index.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

export function checkModelsPriced(ctx: DoctorContext): CheckResult {
  const models = [...new Set(ctx.probes.flatMap((p) => probeModels(p)))].sort();
  const checked = 'every model the enabled probes use is priced (src/shared/models.json or config `prices`)';
  const unpriced = models.filter((m) => {
    if (ctx.config.prices[m]) return false;
    const info = ctx.catalog.find(m);
    return !info || (ctx.config.prices[info.id] === undefined && ctx.catalog.priceAt(info, ctx.now) === undefined);
  });
  if (models.length === 0) {
    return { id: 'models_priced', status: 'warn', checked, detail: `no enabled probes in ${ctx.config.probes_dir}`, fix: 'add probes (`claude-canary init` writes examples) or point probes_dir at them' };
  }
  if (unpriced.length > 0) {
    return {
      id: 'models_priced',
      status: 'fail',
      checked,
      detail: `unpriced (their cost would be unknown, never $0): ${unpriced.join(', ')}`,
      fix: 'add a price for each under `prices` in claude-canary.config.ts (USD per million tokens), or use a catalogued model id',
    };
  }
  return { id: 'models_priced', status: 'pass', checked, detail: `${models.length} model${models.length === 1 ? '' : 's'} priced: ${models.join(', ')}`, fix: 'price every new model before a probe uses it' };
}
