/**
 * The taxonomy case by case: every status the API (or a proxy in front of it) can answer, bodies
 * that are not the documented shape, errors that are not the SDK's, and the retry hints.
 */
import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, test } from 'vitest';
import { ClientFault, LocalAbort } from '../../src/client/errors.ts';
import { ATTEMPT_ERROR_KINDS, classifyError, parseRetryAfter } from '../../src/client/taxonomy.ts';
import { ERROR_KINDS } from '../../src/shared/types.ts';

const NOW = Date.UTC(2026, 0, 1);

function apiError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  return APIError.generate(status, { type: 'error', error: { type, message }, request_id: 'req_e' }, undefined, new Headers({ 'request-id': 'req_e', ...headers }));
}
const kindOf = (err: unknown, abortReason?: unknown) => classifyError(err, NOW, abortReason).kind;
/** An error with a `code`, `depth` causes down (0: on the error itself), under an AbortError name that would otherwise mean timeout. */
function coded(code: unknown, depth: number): Error {
  let inner: object = { code };
  for (let i = 0; i < depth; i++) inner = { cause: inner };
  return Object.assign(new Error('aborted', { cause: depth === 0 ? undefined : (inner as { cause: unknown }).cause }), depth === 0 ? { code, name: 'AbortError' } : { name: 'AbortError' });
}

describe('status codes', () => {
  test.each([
    [408, 'timeout_error', 'Request timeout', {}, 'timeout'],
    [413, 'request_too_large', 'prompt is too long: 300000 tokens > 200000 maximum', {}, 'context_overflow'],
    [413, 'request_too_large', 'max_tokens: 9000 > 8192', {}, 'invalid_max_tokens'],
    [413, 'request_too_large', 'your spend limit was reached', {}, 'invalid_request'],
    [422, 'invalid_request_error', 'messages.0: bad role', {}, 'invalid_request'],
    [422, 'invalid_request_error', 'the prompt exceeds the context window', {}, 'context_overflow'],
    [422, 'invalid_request_error', 'max_tokens:5000>4096', {}, 'invalid_max_tokens'],
    [400, 'invalid_request_error', 'input length and max_tokens exceed context limit: 199759 + 8192 > 200000', {}, 'context_overflow'],
    [400, 'invalid_request_error', 'these messages exceed the context window of the model', {}, 'context_overflow'],
    [400, 'invalid_request_error', 'the request exceeds context limit', {}, 'context_overflow'],
    [400, 'invalid_request_error', 'max_tokens: 5000 > 4096a', {}, 'invalid_request'],
    [400, 'invalid_request_error', 'You have reached your specified workspace spend limit', {}, 'spend_limited'],
    [400, 'invalid_request_error', 'Your credit balance is too low to access the Anthropic API', {}, 'spend_limited'],
    [400, 'invalid_request_error', 'This organization has reached its usage limit', {}, 'spend_limited'],
    [400, 'invalid_request_error', 'Please go to Plans & Billing', {}, 'spend_limited'],
    [400, 'overloaded_error', 'Overloaded', {}, 'invalid_request'],
    [409, 'invalid_request_error', 'conflict', {}, 'invalid_request'],
    [418, 'invalid_request_error', "I'm a teapot", {}, 'invalid_request'],
    [499, 'invalid_request_error', 'client closed request', {}, 'invalid_request'],
    [429, 'rate_limit_error', 'rate limited', { 'retry-after-ms': '250' }, 'rate_limited'],
    [429, 'rate_limit_error', 'rate limited', { 'retry-after': '0' }, 'rate_limited'],
    [429, 'rate_limit_error', 'rate limited', { 'retry-after': 'soon' }, 'spend_limited'],
    [500, 'overloaded_error', 'Overloaded', {}, 'overloaded'],
    [503, 'overloaded_error', 'Overloaded', {}, 'overloaded'],
    [529, 'api_error', 'Overloaded', {}, 'overloaded'],
    [501, 'api_error', 'Not implemented', {}, 'server_error'],
    [504, 'api_error', 'Gateway timeout', {}, 'timeout'],
    [520, 'api_error', 'Unknown', {}, 'server_error'],
    [599, 'api_error', 'Network timeout', {}, 'server_error'],
  ])('%i %s "%s" %o -> %s', (status, type, message, headers, kind) => {
    expect(classifyError(apiError(status, type, message, headers), NOW)).toMatchObject({ kind, status, provider_type: type, request_id: 'req_e', message });
  });

  test('a 429 carries its hint to the retry policy, in ms, with the header verdict', () => {
    expect(classifyError(apiError(429, 'rate_limit_error', 'x', { 'retry-after': '7', 'x-should-retry': 'true' }), NOW)).toEqual({
      kind: 'rate_limited',
      status: 429,
      provider_type: 'rate_limit_error',
      request_id: 'req_e',
      retry_after_ms: 7000,
      should_retry: true,
      message: 'x',
    });
  });

  test('any other x-should-retry value is no verdict', () => {
    expect(classifyError(apiError(529, 'overloaded_error', 'x', { 'x-should-retry': 'yes' }), NOW).should_retry).toBeNull();
    expect(classifyError(apiError(529, 'overloaded_error', 'x', { 'x-should-retry': 'False' }), NOW).should_retry).toBeNull();
  });
});

describe('error bodies without the documented shape', () => {
  test('no body: the status decides, no provider type, the SDK message', () => {
    const err = APIError.generate(500, undefined, 'upstream died', new Headers());
    expect(classifyError(err, NOW)).toEqual({ kind: 'server_error', status: 500, provider_type: null, request_id: null, retry_after_ms: null, should_retry: null, message: '500 upstream died' });
  });

  test("a proxy's plain-text body: the status decides and the message quotes the body", () => {
    const err = APIError.generate(502, 'Bad Gateway', undefined, new Headers({ 'request-id': 'req_p' }));
    expect(classifyError(err, NOW)).toMatchObject({ kind: 'server_error', provider_type: null, request_id: 'req_p', message: '502 "Bad Gateway"' });
  });

  test('a non-string type and message are no provider type and no crash: the message is the SDK text of the body', () => {
    const err = APIError.generate(503, { type: 'error', error: { type: 42, message: { detail: 'down' } } }, undefined, new Headers());
    expect(classifyError(err, NOW)).toMatchObject({ kind: 'server_error', provider_type: null, message: '503 {"type":"error","error":{"type":42,"message":{"detail":"down"}}}' });
  });

  test("a secret echoed in the server's message never leaves the classifier", () => {
    const c = classifyError(apiError(401, 'authentication_error', 'invalid x-api-key sk-ant-api03-AbCdEf0123456789'), NOW);
    expect(c.kind).toBe('auth');
    expect(c.message).not.toContain('sk-ant-api03');
    expect(c.message).toContain('[REDACTED]');
  });
});

describe('errors that are not an HTTP status', () => {
  test('a mid-stream error frame keeps its request id and message', () => {
    const err = new APIError(undefined, { type: 'error', error: { type: 'api_error', message: 'Internal error' } }, undefined, new Headers({ 'request-id': 'req_s' }), 'api_error');
    expect(classifyError(err, NOW)).toEqual({ kind: 'stream_interrupted', status: null, provider_type: 'api_error', request_id: 'req_s', retry_after_ms: null, should_retry: null, message: 'Internal error' });
  });

  test('a connection error whose cause is a JSON syntax error is a malformed response', () => {
    expect(kindOf(new APIConnectionError({ message: 'x', cause: new SyntaxError('Unexpected end of JSON input') }))).toBe('malformed_response');
    expect(kindOf(new APIConnectionError({ message: 'x', cause: new TypeError('terminated') }))).toBe('connection');
  });

  test("a caller's abort without a reason of ours is a timeout; a reason that is not ours is ignored", () => {
    expect(kindOf(new APIUserAbortError())).toBe('timeout');
    expect(kindOf(new APIConnectionError({ message: 'x' }), 'caller went away')).toBe('connection');
  });

  test('a LocalAbort thrown as the error classifies by its own reason, message kept', () => {
    expect(classifyError(new LocalAbort('stream_idle', 'no event for 30000 ms'), NOW)).toMatchObject({ kind: 'stream_interrupted', message: 'no event for 30000 ms' });
    expect(classifyError(new LocalAbort('caller', 'aborted by caller'), NOW)).toMatchObject({ kind: 'timeout', message: 'aborted by caller' });
  });

  test('our own fault is found up to four causes down (the SDK wraps what our fetch threw)', () => {
    const fault = new ClientFault('response_too_large', 'body over 32 MiB');
    expect(classifyError(fault, NOW)).toMatchObject({ kind: 'response_too_large', message: 'body over 32 MiB' });
    expect(classifyError(new APIConnectionError({ message: 'Connection error.', cause: fault }), NOW)).toMatchObject({ kind: 'response_too_large', message: 'body over 32 MiB' });
    const deep = (n: number) => {
      let e: unknown = fault;
      for (let i = 1; i < n; i++) e = { cause: e };
      return new APIConnectionError({ message: 'Connection error.', cause: e as Error });
    };
    expect(kindOf(deep(4))).toBe('response_too_large');
    expect(kindOf(deep(5))).toBe('connection');
  });

  test.each(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET'])('the network code %s is a connection error even under an AbortError name', (code) => {
    expect(kindOf(coded(code, 0))).toBe('connection');
  });

  test('a network code counts on the error or up to three causes down; a numeric code is skipped', () => {
    expect(kindOf(coded('ECONNRESET', 3))).toBe('connection');
    expect(kindOf(coded('ECONNRESET', 4))).toBe('timeout');
    const numericFirst = Object.assign(new Error('aborted', { cause: { code: 'EPIPE' } }), { name: 'AbortError', code: 20 });
    expect(kindOf(numericFirst)).toBe('connection');
  });

  test('AbortError and TimeoutError without a network code are timeouts; other errors and non-errors are connection errors', () => {
    expect(kindOf(coded('EWHATEVER', 0))).toBe('timeout');
    expect(kindOf(new DOMException('The operation timed out.', 'TimeoutError'))).toBe('timeout');
    expect(kindOf(new DOMException('This operation was aborted', 'AbortError'))).toBe('timeout');
    expect(classifyError(new Error('something odd'), NOW)).toMatchObject({ kind: 'connection', message: 'something odd' });
    expect(classifyError('a string was thrown', NOW)).toMatchObject({ kind: 'connection', message: 'a string was thrown', status: null, provider_type: null });
    expect(classifyError(undefined, NOW)).toMatchObject({ kind: 'connection', message: 'undefined' });
    expect(classifyError(null, NOW)).toMatchObject({ kind: 'connection', message: 'null' });
  });

  test('every kind but budget_exceeded can end an attempt', () => {
    expect([...ATTEMPT_ERROR_KINDS].sort()).toEqual(ERROR_KINDS.filter((k) => k !== 'budget_exceeded').sort());
  });
});

describe('parseRetryAfter edges', () => {
  test('retry-after-ms that is blank, negative or not a number falls back to retry-after', () => {
    for (const ms of ['', '-5', 'abc', 'Infinity']) expect(parseRetryAfter(new Headers({ 'retry-after-ms': ms, 'retry-after': '3' }), NOW), ms).toBe(3000);
  });
  test('zero is a hint (retry now), not an absent one', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '0', 'retry-after': '3' }), NOW)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0' }), NOW)).toBe(0);
  });
  test('a blank retry-after, or none, is no hint; an HTTP date in the past is 0', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '' }), NOW)).toBeNull();
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter(undefined, NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(NOW - 5_000).toUTCString() }), NOW)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Infinity' }), NOW)).toBeNull();
  });
});
