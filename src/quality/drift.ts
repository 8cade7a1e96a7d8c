/**
 * Drift against the probe's own history (one series: probe x model). The case it exists for is
 * runaway cost: a model that suddenly answers with 5x its usual length.
 */
import type { CheckResult, QualityHistory, QualityInput } from './types.ts';

/** Defaults for {@link checkDrift}. */
export const DRIFT_DEFAULTS = {
  /** Flag when output tokens exceed this multiple of the rolling median. */
  output_factor: 5,
  /** How many recent results form the rolling window (what the runner should fetch). */
  window: 20,
  /** Below this many past results there is no baseline, and the check passes. */
  min_history: 5,
  /** Flag when latency exceeds this multiple of its rolling median; 0 turns latency drift off. */
  latency_factor: 0,
} as const;

export type DriftOptions = Partial<{ -readonly [K in keyof typeof DRIFT_DEFAULTS]: number }>;

/** Median of a list (mean of the middle two for even lengths); NaN when empty. */
export function median(values: readonly number[]): number {
  // Stryker disable next-line ConditionalExpression: without the guard an empty list gives (undefined + undefined) / 2, NaN all the same
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function compare(label: string, value: number, history: readonly number[], factor: number, o: Required<DriftOptions>): string | null {
  const recent = history.slice(0, o.window);
  if (recent.length < o.min_history) return null;
  const m = median(recent);
  if (value > factor * m) {
    return `${label} <= ${factor}x rolling median ${m} (${factor * m}), got ${value}`;
  }
  return null;
}

/**
 * Compares this run's output tokens (and optionally latency) with the rolling median of the
 * series' recent runs. `history` should hold the most recent results first and exclude this run.
 */
export function checkDrift(
  input: Pick<QualityInput, 'output_tokens' | 'latency_ms'>,
  history: QualityHistory | undefined,
  options: DriftOptions = {},
): CheckResult {
  const o: Required<DriftOptions> = { ...DRIFT_DEFAULTS, ...options };
  const outputs = history?.output_tokens ?? [];
  if (outputs.length < o.min_history) {
    return { pass: true, reason: `no baseline yet (${outputs.length} of ${o.min_history} past results)` };
  }
  const failures: string[] = [];
  // An unknown value (null) is compared as NaN: never over any multiple, so never a failure.
  const tokens = compare('output tokens', input.output_tokens ?? Number.NaN, outputs, o.output_factor, o);
  if (tokens) failures.push(tokens);
  if (o.latency_factor > 0 && history?.latency_ms) {
    const f = compare('latency ms', input.latency_ms ?? Number.NaN, history.latency_ms, o.latency_factor, o);
    if (f) failures.push(f);
  }
  if (failures.length > 0) return { pass: false, reason: `expected ${failures.join('; ')}` };
  return { pass: true, reason: `output tokens ${input.output_tokens ?? 'unknown'} within ${o.output_factor}x rolling median ${median(outputs.slice(0, o.window))}` };
}
