/**
 * The built-in flag checks in one exhaustive table: a new QualityFlag does not compile until it
 * has a handler here.
 */
import { QUALITY_FLAGS, type QualityFlag } from '../shared/types.ts';
import { checkContextHigh, checkEmpty, checkTooShort, checkTruncated } from './basic-checks.ts';
import type { QualityChecks } from './config.ts';
import { checkDrift } from './drift.ts';
import { checkRefusal } from './refusal.ts';
import { checkRepetition } from './repetition.ts';
import type { CheckResult, QualityHistory, QualityInput } from './types.ts';

type Options<F extends keyof QualityChecks> = Exclude<NonNullable<QualityChecks[F]>, boolean>;
type Handler<F extends QualityFlag> = (input: QualityInput, options: Options<F>, history: QualityHistory | undefined) => CheckResult;

/** One handler per flag; `options` is the probe's override object ({} when it gave `true` or nothing). */
export const FLAG_CHECKS: { [F in QualityFlag]: Handler<F> } = {
  too_short: (input, o) => checkTooShort(input, o.min_output_tokens),
  refusal: (input, o) => checkRefusal(input, o),
  repetition: (input, o) => checkRepetition(input.text, o),
  truncated: (input) => checkTruncated(input),
  empty: (input) => checkEmpty(input),
  drift: (input, o, history) => checkDrift(input, history, o),
  context_high: (input, o) => checkContextHigh(input, o.max_context_utilisation),
};

export interface FlagReport {
  /** Flags raised, in QUALITY_FLAGS order. */
  flags: QualityFlag[];
  /** Every check that ran, with its verdict and reason. Disabled checks are absent. */
  checks: Partial<Record<QualityFlag, CheckResult>>;
}

function run<F extends QualityFlag>(flag: F, input: QualityInput, config: QualityChecks, history: QualityHistory | undefined): CheckResult | null {
  const setting = config[flag];
  if (setting === false) return null;
  const options = (typeof setting === 'object' ? setting : {}) as Options<F>;
  return FLAG_CHECKS[flag](input, options, history);
}

/** Runs every enabled built-in check and lists the flags raised. */
export function runFlagChecks(input: QualityInput, config: QualityChecks = {}, history?: QualityHistory): FlagReport {
  const flags: QualityFlag[] = [];
  const checks: Partial<Record<QualityFlag, CheckResult>> = {};
  for (const flag of QUALITY_FLAGS) {
    const result = run(flag, input, config, history);
    if (!result) continue;
    checks[flag] = result;
    if (!result.pass) flags.push(flag);
  }
  return { flags, checks };
}
