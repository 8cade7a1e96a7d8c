/**
 * Maps anything a call can throw (SDK errors, our own timeouts and detections, network errors)
 * to exactly one ErrorKind, plus the facts the retry policy needs. Pure: no I/O.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { scrubString } from '../log/scrub.ts';
import { ERROR_KINDS, type ErrorKind } from '../shared/types.ts';
import { ClientFault, LocalAbort } from './errors.ts';

/** Kinds an attempt can end with (a budget skip happens before any call). */
export const ATTEMPT_ERROR_KINDS: readonly ErrorKind[] = ERROR_KINDS.filter((k) => k !== 'budget_exceeded');

export interface Classified {
  kind: ErrorKind;
  /** HTTP status, when a response arrived. */
  status: number | null;
  /** Provider `error.type` (e.g. `overloaded_error`) when the body had one. */
  provider_type: string | null;
  request_id: string | null;
  /** Server retry hint in ms (`retry-after-ms`, else `retry-after` seconds or HTTP date). */
  retry_after_ms: number | null;
  /** `x-should-retry` header: true / false, null when absent. */
  should_retry: boolean | null;
  message: string;
}

// "input length and `max_tokens` exceed context limit: …" is one of the "exceed(s) (the) context limit" forms.
const CONTEXT_OVERFLOW = /prompt is too long|exceeds? (the )?context (window|limit)/i;
const INVALID_MAX_TOKENS = /max_tokens:\s*\d+\s*>\s*\d+\b/i;
const SPEND_LIMIT = /spend(ing)? limit|usage limit|credit balance|billing/i;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function header(headers: Headers | undefined | null, name: string): string | null {
  return headers?.get(name) ?? null;
}

/**
 * `retry-after-ms` (float ms) wins, then `retry-after` as float seconds or an HTTP date. A blank,
 * negative or non-numeric `retry-after-ms` is skipped for `retry-after`; a negative or unreadable
 * `retry-after` is no hint (null); a date in the past is 0. (`Headers` values come trimmed.)
 */
export function parseRetryAfter(headers: Headers | undefined | null, nowMs: number): number | null {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== null && ms !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const s = header(headers, 'retry-after');
  if (s === null || s === '') return null;
  const secs = Number(s);
  if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : null;
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

function shouldRetryHeader(headers: Headers | undefined | null): boolean | null {
  const v = header(headers, 'x-should-retry');
  return v === 'true' ? true : v === 'false' ? false : null;
}

function kindForStatus(status: number, message: string, hasRetryHint: boolean, providerType: string | null): ErrorKind {
  if (status === 400 || status === 413 || status === 422) {
    if (CONTEXT_OVERFLOW.test(message)) return 'context_overflow';
    if (INVALID_MAX_TOKENS.test(message)) return 'invalid_max_tokens';
    if (status === 400 && SPEND_LIMIT.test(message)) return 'spend_limited';
    return 'invalid_request';
  }
  if (status === 401) return 'auth';
  if (status === 402) return 'spend_limited';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  // A spend-cap 429 carries no retry hint and keeps failing (api-facts §4.1); a rate-limit 429 always has one.
  if (status === 429) return hasRetryHint ? 'rate_limited' : 'spend_limited';
  if (status === 529 || providerType === 'overloaded_error') return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

/** A string `code` on the error or up to three causes down (Node's network errors, undici's). */
function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Our own fault up to four causes down (the SDK wraps what our fetch layer threw). */
function faultInCauses(err: unknown): ClientFault | undefined {
  let e: unknown = (err as { cause?: unknown } | null)?.cause;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof ClientFault) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Classifies an error. `abortReason` is the reason of the attempt's own AbortSignal when it fired:
 * it outranks whatever the SDK made of the abort. The message is scrubbed here, where a server's
 * text enters the record: a key it echoed reaches no attempt, record, log, span or store.
 */
export function classifyError(err: unknown, nowMs: number, abortReason?: unknown): Classified {
  const c = classify(err, nowMs, abortReason);
  return { ...c, message: scrubString(c.message) };
}

function classify(err: unknown, nowMs: number, abortReason?: unknown): Classified {
  const base = { status: null, provider_type: null, request_id: null, retry_after_ms: null, should_retry: null };
  if (abortReason instanceof LocalAbort) {
    const kind: ErrorKind = abortReason.reason === 'stream_idle' ? 'stream_interrupted' : 'timeout';
    return { ...base, kind, message: abortReason.message };
  }
  if (err instanceof ClientFault) return { ...base, kind: err.kind, message: err.message };
  // Our own detection inside the fetch layer (the response size cap) reaches us wrapped by the SDK.
  const fault = faultInCauses(err);
  if (fault) return { ...base, kind: fault.kind, message: fault.message };
  if (err instanceof LocalAbort) return classifyError(err, nowMs, err);
  if (err instanceof APIConnectionTimeoutError) return { ...base, kind: 'timeout', message: err.message };
  if (err instanceof APIUserAbortError) return { ...base, kind: 'timeout', message: err.message };
  if (err instanceof APIConnectionError) {
    const cause = err.cause;
    const kind: ErrorKind = cause instanceof SyntaxError ? 'malformed_response' : 'connection';
    return { ...base, kind, message: err.message };
  }
  if (err instanceof APIError) {
    // The SDK reads the body's `error.type` and `error.message` as they come; a body that is not
    // the documented shape (a proxy's text, a number for a type, an object for a message) gives
    // no provider type and the SDK's own message (which quotes the body) rather than a non-string.
    const providerType = typeof err.type === 'string' ? err.type : null;
    const apiMessage = typeof err.apiMessage === 'string' ? err.apiMessage : err.message;
    const requestId = err.requestID ?? null;
    if (err.status === undefined) {
      // An `event: error` frame after a 200: the SDK throws a status-less APIError and never retries it.
      return { ...base, kind: 'stream_interrupted', provider_type: providerType, request_id: requestId, message: apiMessage };
    }
    const retryAfter = parseRetryAfter(err.headers, nowMs);
    return {
      kind: kindForStatus(err.status, apiMessage, retryAfter !== null, providerType),
      status: err.status,
      provider_type: providerType,
      request_id: requestId,
      retry_after_ms: retryAfter,
      should_retry: shouldRetryHeader(err.headers),
      message: apiMessage,
    };
  }
  if (err instanceof SyntaxError) return { ...base, kind: 'malformed_response', message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  const code = errorCode(err);
  if ((code && NETWORK_CODES.has(code)) || err instanceof TypeError) return { ...base, kind: 'connection', message };
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return { ...base, kind: 'timeout', message };
  return { ...base, kind: 'connection', message };
}
