/**
 * Shapes shared by every quality check and assertion. Checks are pure: they read a
 * {@link QualityInput} and return a {@link CheckResult}; a failed check is data, never an exception.
 */

/** Outcome of one check. `reason` quotes what was expected against what was seen. */
export interface CheckResult {
  pass: boolean;
  reason: string;
}

/** What a check may look at: one call's output, usage, stop reason and timings. */
export interface QualityInput {
  /** Concatenated text of the response's text blocks (empty string when there were none). */
  text: string;
  /** `stop_reason` from the response, or null when the call did not finish. */
  stop_reason: string | null;
  /** Output tokens as the API reported them; null when unknown (checks then estimate from text). */
  output_tokens: number | null;
  latency_ms: number | null;
  /** Time to first token; null for non-streaming calls. */
  ttft_ms: number | null;
  /** Cost in USD; null when the model has no known price. */
  cost_usd: number | null;
  /** Share of the model's context window the request used (0..1), or null when unknown. */
  context_utilisation: number | null;
  /** Prompt cache activity of this run and of the series before it (for `cache_read`); absent when unknown. */
  cache?: CacheActivity;
}

export interface CacheActivity {
  read_tokens: number;
  write_tokens: number;
  /** When this run started (epoch ms). */
  at: number;
  /** When the latest earlier run of the series that read or wrote the cache started; null when none is known. */
  previous_at: number | null;
}

/** The probe's own recent history for one series (probe x model), newest first or any order. */
export interface QualityHistory {
  output_tokens: readonly number[];
  latency_ms?: readonly number[];
}
