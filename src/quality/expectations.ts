/**
 * What a probe expects of an answer: which built-in checks run (and with which thresholds), which
 * raised flags fail the run, and assertions. Evaluation is pure and never throws on a bad answer.
 */
import { z } from 'zod';
import { QUALITY_FLAGS, type AssertionResult, type QualityFlag } from '../shared/types.ts';
import { AssertionSchema } from './assertion-schema.ts';
import { evaluateAssertions } from './assertions.ts';
import { QualityChecksSchema } from './config.ts';
import { runFlagChecks } from './flags.ts';
import type { CheckResult, QualityHistory, QualityInput } from './types.ts';

export const ExpectationsSchema = z.strictObject({
  /** Built-in checks; each on by default with the defaults in *_DEFAULTS. */
  checks: QualityChecksSchema.optional(),
  /**
   * Raised flags that fail the run. Default: every flag. Flags not listed are still recorded
   * (alerts and reports see them) but do not fail the run.
   */
  fail_on_flags: z.array(z.enum(QUALITY_FLAGS)).optional(),
  /** Assertions, evaluated in order. Default none. */
  assertions: z.array(AssertionSchema).optional(),
});
export type Expectations = z.infer<typeof ExpectationsSchema>;

export interface QualityVerdict {
  /** True when no failing flag was raised and every assertion passed. */
  pass: boolean;
  flags: QualityFlag[];
  checks: Partial<Record<QualityFlag, CheckResult>>;
  assertions: AssertionResult[];
  /** One line per reason the run failed: `flag refusal: ...` or `assertion contains "x": ...`. */
  failures: string[];
}

/**
 * Runs the built-in checks and the assertions of one probe against one answer.
 *
 * @example
 * const verdict = evaluateQuality(
 *   { text, stop_reason: 'end_turn', output_tokens: 12, latency_ms: 900, ttft_ms: 250, cost_usd: 0.001, context_utilisation: 0.01 },
 *   probe.expectations,
 *   { output_tokens: store.recentOutputTokens(probe.id, model, DRIFT_DEFAULTS.window) },
 * );
 * // verdict.flags: ['too_short'], verdict.pass: false, verdict.failures: ['flag too_short: expected at least 50 output tokens, got 12']
 */
export function evaluateQuality(input: QualityInput, expectations: Expectations = {}, history?: QualityHistory): QualityVerdict {
  const { flags, checks } = runFlagChecks(input, expectations.checks ?? {}, history);
  const assertions = evaluateAssertions(expectations.assertions ?? [], input);
  const failOn = new Set<QualityFlag>(expectations.fail_on_flags ?? QUALITY_FLAGS);
  const failures = [
    // A raised flag always has its check result.
    ...flags.filter((f) => failOn.has(f)).map((f) => `flag ${f}: ${checks[f]!.reason}`),
    ...assertions.filter((a) => !a.pass).map((a) => `assertion ${a.name}: ${a.reason}`),
  ];
  return { pass: failures.length === 0, flags, checks, assertions, failures };
}
