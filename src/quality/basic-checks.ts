/** The simple built-in checks: too short, truncated, empty, context high. */
import type { CheckResult, QualityInput } from './types.ts';

/** Defaults for the simple checks. */
export const BASIC_DEFAULTS = {
  /** `too_short` flags fewer output tokens than this. */
  min_output_tokens: 50,
  /** `context_high` flags a request using more than this share of the context window. */
  max_context_utilisation: 0.8,
} as const;

/** Stop reasons that mean the answer was cut off. */
export const TRUNCATION_STOP_REASONS: readonly string[] = ['max_tokens', 'model_context_window_exceeded'];

/** Output tokens as reported, or estimated at 4 characters a token when usage is missing. */
function outputTokens(input: Pick<QualityInput, 'text' | 'output_tokens'>): { n: number; note: string } {
  if (input.output_tokens !== null) return { n: input.output_tokens, note: '' };
  return { n: Math.ceil(input.text.length / 4), note: ' (estimated from text length)' };
}

/** Flags an answer under `min_output_tokens` output tokens (default 50). */
export function checkTooShort(
  input: Pick<QualityInput, 'text' | 'output_tokens'>,
  min_output_tokens: number = BASIC_DEFAULTS.min_output_tokens,
): CheckResult {
  const { n, note } = outputTokens(input);
  return { pass: n >= min_output_tokens, reason: `expected at least ${min_output_tokens} output tokens, got ${n}${note}` };
}

/** Flags stop reason `max_tokens` (or `model_context_window_exceeded`). */
export function checkTruncated(input: Pick<QualityInput, 'stop_reason'>): CheckResult {
  const got = input.stop_reason === null ? 'none' : `"${input.stop_reason}"`;
  return TRUNCATION_STOP_REASONS.some((r) => r === input.stop_reason)
    ? { pass: false, reason: `expected a natural stop, got stop_reason ${got}` }
    : { pass: true, reason: `expected a natural stop, got stop_reason ${got}` };
}

/** Flags an answer with no text other than whitespace. */
export function checkEmpty(input: Pick<QualityInput, 'text'>): CheckResult {
  const chars = input.text.trim().length;
  return { pass: chars > 0, reason: `expected non-empty text, got ${chars} non-whitespace characters` };
}

/** Flags a request over `max_context_utilisation` of its context window (default 0.8). */
export function checkContextHigh(
  input: Pick<QualityInput, 'context_utilisation'>,
  max_context_utilisation: number = BASIC_DEFAULTS.max_context_utilisation,
): CheckResult {
  const u = input.context_utilisation;
  if (u === null) return { pass: true, reason: 'context utilisation unknown' };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return { pass: u <= max_context_utilisation, reason: `expected context utilisation <= ${pct(max_context_utilisation)}, got ${pct(u)}` };
}
