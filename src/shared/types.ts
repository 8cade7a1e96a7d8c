/**
 * Types shared across parts (client, probes, store, alerts, chaos, reports). Each part owns its
 * behaviour; only the shapes that cross a boundary live here.
 */

/**
 * The error taxonomy: every failed call is exactly one of these. A call the open circuit breaker
 * refused is the fault that opened it (CallRecord.circuit_open says it was refused), so the
 * breaker never hides a fault behind a kind of its own.
 */
export const ERROR_KINDS = [
  'rate_limited',
  'spend_limited',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'context_overflow',
  'invalid_max_tokens',
  'auth',
  'permission',
  'not_found',
  'invalid_request',
  'stream_interrupted',
  'malformed_response',
  'response_too_large',
  'budget_exceeded',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Token usage as the API reports it. `input_tokens` EXCLUDES cache writes and reads. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  /** Cache writes split by TTL; when the API omits the split, all writes count as 5-minute. */
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
}

/** Cost of one call in USD, split by token type. `null` total means the model has no known price. */
export interface Cost {
  input: number;
  output: number;
  cache_write: number;
  cache_read: number;
  total: number;
}

/** Quality flags raised by the built-in checks. */
export const QUALITY_FLAGS = ['too_short', 'refusal', 'repetition', 'truncated', 'empty', 'drift', 'context_high'] as const;
export type QualityFlag = (typeof QUALITY_FLAGS)[number];

export type ProbeOutcome = 'pass' | 'fail' | 'error' | 'skipped';

export interface AssertionResult {
  name: string;
  pass: boolean;
  reason: string;
}

/** One probe run against one model: what the store keeps and alerts and reports read. */
export interface ProbeResult {
  run_id: string;
  probe_id: string;
  /** Model id this series ran against (a probe naming several models yields one result per model). */
  model: string;
  /** `sim`, `anthropic`, or a base URL. */
  target: string;
  runner_id: string;
  region: string;
  started_at: number;
  finished_at: number;
  outcome: ProbeOutcome;
  error_kind: ErrorKind | null;
  error_message: string | null;
  attempts: number;
  latency_ms: number | null;
  ttft_ms: number | null;
  usage: Usage | null;
  cost_usd: number | null;
  unpriced: boolean;
  stop_reason: string | null;
  request_id: string | null;
  context_utilisation: number | null;
  flags: QualityFlag[];
  assertions: AssertionResult[];
  output_sha256: string | null;
  output_preview: string | null;
}
