/**
 * Response checks: one k6 response in, an outcome out (ok or an error kind from the shared
 * taxonomy, plus usage). Plain module; a failed check is data, never an exception.
 */
import type { ErrorKind } from '../../../src/shared/types.ts';
import { summariseStream, type StreamSummary } from './sse.ts';

/** The parts of a k6 response the checks read (k6's `Response` satisfies this). */
export interface ResponseLike {
  /** HTTP status; 0 when no response arrived (timeout, reset). */
  status: number;
  body: string | null | ArrayBuffer;
  headers?: Record<string, string>;
  /** k6 `error_code`: 1050 is a request timeout; 1000-1999 general / network errors. */
  error_code?: number;
}

export interface TokenUsage {
  input: number;
  output: number;
  cacheCreation: number;
  cacheRead: number;
}

/** The outcome of one request. */
export interface Outcome {
  ok: boolean;
  /** The error kind when not ok. */
  kind: ErrorKind | null;
  status: number;
  usage: TokenUsage | null;
  stopReason: string | null;
  model: string | null;
  /** Present for streamed requests. */
  stream: StreamSummary | null;
  /** Why the outcome is what it is, quoting what was seen. */
  reason: string;
}

/** Every error kind `classifyResponse` can produce (the subset of the shared taxonomy a load test sees). */
export const OBSERVED_KINDS: readonly ErrorKind[] = [
  'rate_limited', 'spend_limited', 'overloaded', 'server_error', 'timeout', 'connection', 'context_overflow',
  'invalid_max_tokens', 'auth', 'permission', 'not_found', 'invalid_request', 'stream_interrupted', 'malformed_response',
];

/** k6's error code for a request timeout. */
export const K6_TIMEOUT_ERROR_CODE = 1050;

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function errorBody(body: string): { type: string; message: string } | null {
  try {
    const parsed = JSON.parse(body) as { error?: { type?: unknown; message?: unknown } };
    if (parsed && typeof parsed === 'object' && parsed.error && typeof parsed.error === 'object') {
      return { type: String(parsed.error.type ?? ''), message: String(parsed.error.message ?? '') };
    }
  } catch {
    /* not JSON */
  }
  return null;
}

/** Maps a non-2xx status (and its error body) to an error kind. */
export function kindForStatus(status: number, body: string, headers?: Record<string, string>): ErrorKind {
  const err = errorBody(body);
  const message = err?.message ?? '';
  if (status === 429) {
    // A spend cap answers 429 too, but without retry-after and with a spend/usage wording.
    if (/spend|usage limit|credit balance|billing/i.test(message) && headerValue(headers, 'retry-after') === undefined) return 'spend_limited';
    return 'rate_limited';
  }
  if (status === 529) return 'overloaded';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'server_error';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 400 || status === 413) {
    if (/prompt is too long|context (window|limit)|exceed context/i.test(message)) return 'context_overflow';
    if (/max_tokens/i.test(message)) return 'invalid_max_tokens';
    if (/spend limit|usage limit/i.test(message)) return 'spend_limited';
    return 'invalid_request';
  }
  return 'invalid_request';
}

function bodyText(body: ResponseLike['body']): string {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  return '';
}

/**
 * Classifies a Messages response. `streamed` says whether the request asked for SSE.
 *
 * @example
 * const outcome = classifyResponse(res, true);
 * if (!outcome.ok) errors.add(1, { kind: outcome.kind! });
 */
export function classifyResponse(res: ResponseLike, streamed: boolean): Outcome {
  const base = { status: res.status, usage: null, stopReason: null, model: null, stream: null };
  if (res.status === 0) {
    const timeout = res.error_code === K6_TIMEOUT_ERROR_CODE;
    return { ...base, ok: false, kind: timeout ? 'timeout' : 'connection', reason: timeout ? 'request timed out before a response' : `no response (k6 error_code ${res.error_code ?? 'unknown'})` };
  }
  const body = bodyText(res.body);
  if (res.status < 200 || res.status >= 300) {
    const kind = kindForStatus(res.status, body, res.headers);
    return { ...base, ok: false, kind, reason: `HTTP ${res.status} classified as ${kind}` };
  }
  if (streamed) {
    const stream = summariseStream(body);
    const usage = { input: stream.inputTokens, output: stream.outputTokens, cacheCreation: stream.cacheCreationInputTokens, cacheRead: stream.cacheReadInputTokens };
    const common = { ...base, usage, stopReason: stream.stopReason, model: stream.model, stream };
    if (stream.errorType !== null) {
      return { ...common, ok: false, kind: 'stream_interrupted', reason: `mid-stream error event ${stream.errorType}` };
    }
    if (stream.malformedFrames > 0) {
      return { ...common, ok: false, kind: 'malformed_response', reason: `${stream.malformedFrames} SSE frame(s) with invalid JSON` };
    }
    if (!stream.complete) {
      return { ...common, ok: false, kind: 'stream_interrupted', reason: `stream ended after ${stream.events} event(s) without message_stop` };
    }
    return { ...common, ok: true, kind: null, reason: `stream complete, ${stream.events} events` };
  }
  let parsed: { type?: unknown; model?: unknown; stop_reason?: unknown; usage?: Record<string, unknown> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return { ...base, ok: false, kind: 'malformed_response', reason: `HTTP ${res.status} with a body that is not JSON (${body.length} chars)` };
  }
  if (!parsed || typeof parsed !== 'object' || parsed.type !== 'message' || !parsed.usage || typeof parsed.usage !== 'object') {
    return { ...base, ok: false, kind: 'malformed_response', reason: 'JSON body is not a Messages response (type !== "message" or no usage)' };
  }
  const u = parsed.usage;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    ...base,
    ok: true,
    kind: null,
    usage: { input: n(u.input_tokens), output: n(u.output_tokens), cacheCreation: n(u.cache_creation_input_tokens), cacheRead: n(u.cache_read_input_tokens) },
    stopReason: typeof parsed.stop_reason === 'string' ? parsed.stop_reason : null,
    model: typeof parsed.model === 'string' ? parsed.model : null,
    reason: `HTTP ${res.status} message`,
  };
}
