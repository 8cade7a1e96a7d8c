/**
 * What the official SDK must see from the simulator for every fault kind, per api-facts.md §4
 * and §6 and toolchain.md trap 5: error class, status, error.type, request id, and how many
 * attempts the SDK makes with its default retries (maxRetries 2). Shared by the in-process
 * (MSW) and HTTP test files, so both transports are held to one table.
 */
import Anthropic, {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  GatewayTimeoutError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
  ServiceUnavailableError,
} from '@anthropic-ai/sdk';
import { expect } from 'vitest';
import { FAULT_KINDS } from '../../mocks/index.ts';

export interface Harness {
  /** A client whose every request carries `x-canary-fault: <fault>`, counting fetch calls. */
  client(fault?: string, options?: { timeout?: number; maxRetries?: number }): { sdk: Anthropic; attempts: () => number };
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface ErrorCase {
  fault: string;
  stream?: boolean;
  error: ErrorClass;
  /** Classes the error must NOT be (e.g. a reset is not a timeout). */
  notError?: ErrorClass;
  status?: number;
  type?: string;
  message?: RegExp;
  attempts: number;
  /** Minimum wall time, for retry-after that must be honoured. */
  minMs?: number;
  timeout?: number;
  headers?: Record<string, string | null>;
}

export const ERROR_CASES: Record<string, ErrorCase> = {
  rate_limit: { fault: 'rate_limit; retry_after=1', error: RateLimitError, status: 429, type: 'rate_limit_error', attempts: 3, minMs: 1900, headers: { 'retry-after': '1', 'anthropic-ratelimit-requests-remaining': '0' } },
  spend_limit: { fault: 'spend_limit', error: RateLimitError, status: 429, type: 'rate_limit_error', message: /usage limits/, attempts: 3, headers: { 'retry-after': null } },
  overloaded: { fault: 'overloaded', error: OverloadedError, status: 529, type: 'overloaded_error', attempts: 3 },
  server_error: { fault: 'server_error', error: InternalServerError, status: 500, type: 'api_error', attempts: 3 },
  unavailable: { fault: 'unavailable', error: ServiceUnavailableError, status: 503, type: 'api_error', attempts: 3 },
  gateway_timeout: { fault: 'gateway_timeout', error: GatewayTimeoutError, status: 504, type: 'timeout_error', attempts: 3 },
  auth: { fault: 'auth', error: AuthenticationError, status: 401, type: 'authentication_error', attempts: 1 },
  context_overflow: { fault: 'context_overflow', error: BadRequestError, status: 400, type: 'invalid_request_error', message: /prompt is too long: \d+ tokens > 200000 maximum/, attempts: 1 },
  hang: { fault: 'hang', error: APIConnectionTimeoutError, attempts: 3, timeout: 250 },
  reset: { fault: 'reset', error: APIConnectionError, notError: APIConnectionTimeoutError, attempts: 3 },
  malformed_json: { fault: 'malformed_json', error: SyntaxError, notError: APIError, attempts: 1 },
  stream_error: { fault: 'stream_error; after_deltas=2', stream: true, error: APIError, type: 'overloaded_error', attempts: 1 },
  stream_truncated: { fault: 'stream_truncated; after_deltas=2', stream: true, error: AnthropicError, notError: APIError, message: /stream ended/, attempts: 1 },
  x_should_retry_false: { fault: 'overloaded; x_should_retry=false', error: OverloadedError, status: 529, attempts: 1, headers: { 'x-should-retry': 'false' } },
  x_should_retry_true: { fault: 'auth; x_should_retry=true', error: AuthenticationError, status: 401, attempts: 3 },
};

/** Kinds checked by their own, non-error tests (success with degraded output, or a stall). */
export const NON_ERROR_KINDS = ['slow_first_token', 'stream_stall', 'stream_runaway', 'short', 'refusal', 'repetitive', 'verbose'];

/** Every fault kind is covered by one table or the other. */
export function assertEveryKindCovered(): void {
  const covered = new Set([...Object.values(ERROR_CASES).map((c) => c.fault.split(';')[0]!.trim()), ...NON_ERROR_KINDS]);
  expect(FAULT_KINDS.filter((k) => !covered.has(k))).toEqual([]);
}

export const PARAMS = { model: 'claude-haiku-4-5', max_tokens: 300, messages: [{ role: 'user' as const, content: 'Describe a healthy canary.' }] };

let tagSeq = 0;
/** Makes a header value unique so each test has its own `times`/counter state. */
export function tagged(fault: string): string {
  return `${fault}; tag=t${++tagSeq}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function runErrorCase(h: Harness, c: ErrorCase): Promise<void> {
  const { sdk, attempts } = h.client(tagged(c.fault), c.timeout ? { timeout: c.timeout } : {});
  const t0 = Date.now();
  let caught: unknown;
  try {
    if (c.stream) {
      const s = sdk.messages.stream(PARAMS);
      let text = '';
      s.on('text', (t) => (text += t));
      await s.finalMessage().catch((e) => {
        caught = e;
      });
      // mid-stream faults come after two text deltas
      expect(text.length).toBeGreaterThan(0);
    } else {
      await sdk.messages.create(PARAMS);
    }
  } catch (e) {
    caught = e;
  }
  expect(caught, `${c.fault} should fail`).toBeInstanceOf(c.error);
  if (c.notError) expect(caught).not.toBeInstanceOf(c.notError);
  const err = caught as APIError;
  if (c.status !== undefined) expect(err.status).toBe(c.status);
  if (c.stream) expect(err.status).toBeUndefined();
  if (c.type !== undefined) expect(err.type).toBe(c.type);
  if (c.message) expect(err.message).toMatch(c.message);
  if (err instanceof APIError && (c.status !== undefined || c.stream)) {
    expect(err.requestID).toMatch(/^req_011C[0-9A-Za-z]{20}$/);
    if (c.status !== undefined) {
      const body = err.error as { request_id?: string; type?: string; error?: { type: string; message: string } };
      expect(body.type).toBe('error');
      expect(body.request_id).toBe(err.requestID);
      expect(typeof body.error?.message).toBe('string');
      expect(err.headers?.get('anthropic-ratelimit-requests-limit')).toMatch(/^\d+$/);
    }
  }
  for (const [name, value] of Object.entries(c.headers ?? {})) expect(err.headers?.get(name) ?? null).toBe(value);
  expect(attempts()).toBe(c.attempts);
  if (c.minMs) expect(Date.now() - t0).toBeGreaterThanOrEqual(c.minMs);
}

export { APIUserAbortError };
