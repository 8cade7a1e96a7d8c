/**
 * Why a probe run failed, as data: a run with outcome `fail` got an answer that failed its checks,
 * either an assertion or a quality flag the probe fails on. Errors have an ErrorKind; failures
 * have a {@link FailureKind}, so tables and dashboards can name them as plainly.
 */
import type { ProbeResult } from './types.ts';

/** `assertion_failed`: at least one assertion failed; `quality_failed`: only failing quality flags. */
export const FAILURE_KINDS = ['assertion_failed', 'quality_failed'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** One reason a run failed: what was checked, and expected against actual. */
export interface FailureReason {
  /** `assertion contains "OK"` or `flag refusal`. */
  check: string;
  /** `expected text to contain "OK", got "Sorry, I can't"`. */
  reason: string;
}

/** The failure kind of a `fail` result; null for any other outcome. */
export function failureKind(r: Pick<ProbeResult, 'outcome' | 'assertions'>): FailureKind | null {
  if (r.outcome !== 'fail') return null;
  return r.assertions.some((a) => !a.pass) ? 'assertion_failed' : 'quality_failed';
}

/**
 * The reasons of a `fail` result: each failed assertion (name, expected vs actual), then each
 * failing flag as the runner recorded it in `error_message` (`flag <name>: <reason>`).
 */
export function failureReasons(r: Pick<ProbeResult, 'outcome' | 'assertions' | 'error_message'>): FailureReason[] {
  if (r.outcome !== 'fail') return [];
  const out: FailureReason[] = r.assertions.filter((a) => !a.pass).map((a) => ({ check: `assertion ${a.name}`, reason: a.reason }));
  for (const part of (r.error_message ?? '').split('; ')) {
    const m = /^flag ([a-z_]+): (.*)$/s.exec(part);
    if (m) out.push({ check: `flag ${m[1]}`, reason: m[2]! });
  }
  return out;
}
