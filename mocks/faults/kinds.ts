/**
 * Every fault the simulator can inject, as one list. Each kind belongs to exactly one class; the
 * class decides how faults compose in a plan (see `plan-eval.ts`).
 */
export const FAULT_KINDS = [
  'rate_limit',
  'spend_limit',
  'overloaded',
  'server_error',
  'unavailable',
  'gateway_timeout',
  'auth',
  'context_overflow',
  'hang',
  'reset',
  'malformed_json',
  'slow_first_token',
  'stream_error',
  'stream_truncated',
  'stream_stall',
  'stream_runaway',
  'short',
  'refusal',
  'repetitive',
  'verbose',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * - `status`: the request fails with an HTTP error body (first matching one wins, ends the plan).
 * - `transport`: the connection misbehaves (hang, reset, garbage body); also terminal.
 * - `latency`: slows the reply; composes with everything that is not terminal.
 * - `stream`: breaks a streaming reply part-way (streaming requests only).
 * - `output`: degrades the generated text (composes with latency and stream faults).
 */
export type FaultClass = 'status' | 'transport' | 'latency' | 'stream' | 'output';

export const FAULT_CLASS: Record<FaultKind, FaultClass> = {
  rate_limit: 'status',
  spend_limit: 'status',
  overloaded: 'status',
  server_error: 'status',
  unavailable: 'status',
  gateway_timeout: 'status',
  auth: 'status',
  context_overflow: 'status',
  hang: 'transport',
  reset: 'transport',
  malformed_json: 'transport',
  slow_first_token: 'latency',
  stream_error: 'stream',
  stream_truncated: 'stream',
  stream_stall: 'stream',
  stream_runaway: 'stream',
  short: 'output',
  refusal: 'output',
  repetitive: 'output',
  verbose: 'output',
};
