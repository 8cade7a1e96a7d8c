/** `config`: the config file and the probes folder load without problems. */
import { formatProblems } from '../../shared/errors.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

export function checkConfig(ctx: DoctorContext): CheckResult {
  const checked = 'the config file and the probes folder load and validate';
  if (ctx.configProblems.length > 0) {
    return {
      id: 'config',
      status: 'fail',
      checked,
      detail: `${ctx.configProblems.length} problem${ctx.configProblems.length === 1 ? '' : 's'} (the other checks use defaults and the environment):\n${formatProblems(ctx.configProblems)}`,
      fix: 'correct each field named above (`claude-canary init` writes a valid config)',
    };
  }
  return {
    id: 'config',
    status: 'pass',
    checked,
    detail: `${ctx.configFile ? `config ${ctx.configFile}` : 'no config file (defaults and environment)'}; ${ctx.probes.length} enabled probe${ctx.probes.length === 1 ? '' : 's'} in ${ctx.config.probes_dir}`,
    fix: 'keep settings in claude-canary.config.ts (defaults < file < environment < flags)',
  };
}
