/**
 * Service-level objectives for load tests, as numbers, and the k6 `thresholds` object built
 * from them. Plain module: imports nothing from k6, so vitest tests it and the scripts share it.
 *
 * Hard limits abort the run early (`abortOnFail`), because past them the rest of the run only
 * adds load to a system that already failed; soft limits are judged at the end.
 */

import { OBSERVED_KINDS } from './checks.ts';

/** One threshold entry as k6 accepts it (string or object form). */
export type ThresholdSpec = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };

/** Every SLO a load script can be held to. Latencies in milliseconds, shares in 0..1. */
export interface Slo {
  /** p95 of `http_req_duration`. Default 2,500 ms (a short non-streamed Messages call). */
  p95Ms: number;
  /** p99 of `http_req_duration`. Default 5,000 ms: the field default for "p99 latency over 5 s". */
  p99Ms: number;
  /** Hard p99 limit: the run aborts when crossed. Default 15,000 ms. */
  p99AbortMs: number;
  /** Share of API errors (non-2xx, broken streams, malformed bodies). Default 1%. */
  errorRate: number;
  /** Hard error-rate limit that aborts the run. Default 10%. */
  errorRateAbort: number;
  /** Share of 429 rate-limited responses. Default 10% (alert default: over 10% in 5 min). */
  rateLimitedShare: number;
  /** p95 of streaming time to first token. Default 2,000 ms. */
  ttftP95Ms: number;
  /** Share of checks that must pass. Default 99%. */
  checksRate: number;
  /** Grace period before an abort threshold is evaluated, so one slow start does not end the run. Default `30s`. */
  delayAbortEval: string;
}

/** The defaults; every script can override any field (see `sloFromEnv`). */
export const DEFAULT_SLO: Readonly<Slo> = Object.freeze({
  p95Ms: 2_500,
  p99Ms: 5_000,
  p99AbortMs: 15_000,
  errorRate: 0.01,
  errorRateAbort: 0.1,
  rateLimitedShare: 0.1,
  ttftP95Ms: 2_000,
  checksRate: 0.99,
  delayAbortEval: '30s',
});

/** Names of the custom metrics the scripts emit; the report reads the same names. */
export const METRICS = {
  inputTokens: 'claude_input_tokens',
  outputTokens: 'claude_output_tokens',
  costUsd: 'claude_cost_usd',
  costPerRequestUsd: 'claude_cost_per_request_usd',
  ttftMs: 'claude_ttft_ms',
  apiErrors: 'claude_api_errors',
  rateLimited: 'claude_rate_limited',
  errorsByKind: 'claude_errors',
  injected: 'claude_faults_injected',
  faultDetected: 'claude_fault_detected',
  observedShare: 'claude_observed_share',
  streamComplete: 'claude_stream_complete',
} as const;

const SLO_ENV: Record<keyof Slo, string> = {
  p95Ms: 'SLO_P95_MS',
  p99Ms: 'SLO_P99_MS',
  p99AbortMs: 'SLO_P99_ABORT_MS',
  errorRate: 'SLO_ERROR_RATE',
  errorRateAbort: 'SLO_ERROR_RATE_ABORT',
  rateLimitedShare: 'SLO_RATE_LIMITED_SHARE',
  ttftP95Ms: 'SLO_TTFT_P95_MS',
  checksRate: 'SLO_CHECKS_RATE',
  delayAbortEval: 'SLO_DELAY_ABORT_EVAL',
};

/**
 * Overrides SLO fields from environment variables (`SLO_P95_MS=1200` and so on); unknown or
 * non-numeric values throw, since a silently ignored SLO is worse than a failed start.
 */
export function sloFromEnv(env: Record<string, string | undefined>, base: Slo = DEFAULT_SLO): Slo {
  const out: Slo = { ...base };
  for (const key of Object.keys(SLO_ENV) as (keyof Slo)[]) {
    const raw = env[SLO_ENV[key]];
    if (raw === undefined || raw === '') continue;
    if (key === 'delayAbortEval') {
      if (!/^\d+(ms|s|m|h)$/.test(raw)) throw new Error(`${SLO_ENV[key]} must be a k6 duration like 30s, got "${raw}"`);
      out.delayAbortEval = raw;
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${SLO_ENV[key]} must be a non-negative number, got "${raw}"`);
    out[key] = n;
  }
  return out;
}

/**
 * A threshold that always holds. k6 writes a tagged sub-metric (`claude_errors{kind:timeout}`)
 * into the summary only when a threshold names it, so the scripts add this one to surface them.
 */
export const BOOKKEEPING_THRESHOLD = 'count>=0';

/** Options for `sloThresholds`. */
export interface SloThresholdOptions {
  /** Add the streaming TTFT threshold (scripts that stream). Default false. */
  streaming?: boolean;
  /** Add the rate-limited share threshold. Default true; the fault soak replaces it with bounds. */
  rateLimited?: boolean;
  /** Surface `claude_errors{kind:…}` for every observed kind in the summary. Default true. */
  errorKinds?: boolean;
}

/**
 * The k6 `thresholds` object for an SLO.
 *
 * @example
 * export const options = { thresholds: sloThresholds(DEFAULT_SLO, { streaming: true }) };
 */
export function sloThresholds(slo: Slo, opts: SloThresholdOptions = {}): Record<string, ThresholdSpec[]> {
  const t: Record<string, ThresholdSpec[]> = {
    http_req_duration: [
      `p(95)<${slo.p95Ms}`,
      `p(99)<${slo.p99Ms}`,
      { threshold: `p(99)<${slo.p99AbortMs}`, abortOnFail: true, delayAbortEval: slo.delayAbortEval },
    ],
    [METRICS.apiErrors]: [
      `rate<${slo.errorRate}`,
      { threshold: `rate<${slo.errorRateAbort}`, abortOnFail: true, delayAbortEval: slo.delayAbortEval },
    ],
    checks: [`rate>${slo.checksRate}`],
  };
  if (opts.rateLimited !== false) t[METRICS.rateLimited] = [`rate<${slo.rateLimitedShare}`];
  if (opts.streaming) t[METRICS.ttftMs] = [`p(95)<${slo.ttftP95Ms}`];
  if (opts.errorKinds !== false) for (const kind of OBSERVED_KINDS) t[`${METRICS.errorsByKind}{kind:${kind}}`] = [BOOKKEEPING_THRESHOLD];
  return t;
}

/** The trend statistics every script asks k6 to keep, so the summary has p(99) and a count. */
export const SUMMARY_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];
