import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { describe, expect, test } from 'vitest';
import { classifyError, parseRetryAfter } from '../../src/client/taxonomy.ts';
import { LocalAbort } from '../../src/client/errors.ts';

const NOW = Date.UTC(2026, 0, 1);

function apiError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  const h = new Headers({ 'request-id': 'req_test', ...headers });
  return APIError.generate(status, { type: 'error', error: { type, message }, request_id: 'req_test' }, undefined, h);
}

describe('classifyError maps SDK errors to one ErrorKind', () => {
  test.each([
    [429, 'rate_limit_error', 'This request would exceed your rate limit', { 'retry-after': '5' }, 'rate_limited'],
    [429, 'rate_limit_error', 'You have reached your specified API usage limits.', {}, 'spend_limited'],
    [529, 'overloaded_error', 'Overloaded', {}, 'overloaded'],
    [500, 'api_error', 'Internal server error', {}, 'server_error'],
    [502, 'api_error', 'Bad gateway', {}, 'server_error'],
    [503, 'api_error', 'Service unavailable', {}, 'server_error'],
    [504, 'timeout_error', 'Request timeout', {}, 'timeout'],
    [400, 'invalid_request_error', 'prompt is too long: 219898 tokens > 200000 maximum', {}, 'context_overflow'],
    [400, 'invalid_request_error', 'input length and `max_tokens` exceed context limit: 199759 + 8192 > 200000, decrease input length or `max_tokens` and try again', {}, 'context_overflow'],
    [400, 'invalid_request_error', 'max_tokens: 128001 > 64000, which is the maximum allowed number of output tokens for claude-opus-4-5-20251101', {}, 'invalid_max_tokens'],
    [400, 'invalid_request_error', 'messages: roles must alternate', {}, 'invalid_request'],
    [401, 'authentication_error', 'invalid x-api-key', {}, 'auth'],
    [402, 'billing_error', 'Your credit balance is too low', {}, 'spend_limited'],
    [403, 'permission_error', 'no access', {}, 'permission'],
    [404, 'not_found_error', 'model: claude-x not found', {}, 'not_found'],
    [413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes', {}, 'invalid_request'],
  ])('%i %s -> %s', (status, type, message, headers, kind) => {
    const c = classifyError(apiError(status, type, message, headers), NOW);
    expect(c.kind).toBe(kind);
    expect(c.status).toBe(status);
    expect(c.provider_type).toBe(type);
    expect(c.request_id).toBe('req_test');
  });

  test('a mid-stream `event: error` (status-less APIError) is stream_interrupted, keeping the provider type', () => {
    const err = new APIError(undefined, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, undefined, new Headers({ 'request-id': 'req_s' }), 'overloaded_error');
    const c = classifyError(err, NOW);
    expect(c).toMatchObject({ kind: 'stream_interrupted', status: null, provider_type: 'overloaded_error' });
  });

  test('transport errors', () => {
    expect(classifyError(new APIConnectionError({ message: 'Connection error.' }), NOW).kind).toBe('connection');
    expect(classifyError(new APIConnectionTimeoutError(), NOW).kind).toBe('timeout');
    expect(classifyError(new SyntaxError('Unexpected token < in JSON'), NOW).kind).toBe('malformed_response');
    expect(classifyError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), NOW).kind).toBe('connection');
    expect(classifyError(new TypeError('fetch failed'), NOW).kind).toBe('connection');
  });

  test('our own abort reasons outrank what the SDK made of the abort', () => {
    const userAbort = new APIUserAbortError();
    expect(classifyError(userAbort, NOW, new LocalAbort('attempt_timeout', 'x')).kind).toBe('timeout');
    expect(classifyError(userAbort, NOW, new LocalAbort('deadline', 'x')).kind).toBe('timeout');
    expect(classifyError(userAbort, NOW, new LocalAbort('stream_idle', 'x')).kind).toBe('stream_interrupted');
  });

  test('x-should-retry is read as a tri-state', () => {
    expect(classifyError(apiError(400, 'invalid_request_error', 'x', { 'x-should-retry': 'true' }), NOW).should_retry).toBe(true);
    expect(classifyError(apiError(529, 'overloaded_error', 'x', { 'x-should-retry': 'false' }), NOW).should_retry).toBe(false);
    expect(classifyError(apiError(529, 'overloaded_error', 'x'), NOW).should_retry).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  test('retry-after-ms wins over retry-after', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500.5', 'retry-after': '9' }), NOW)).toBe(1500.5);
  });
  test('retry-after in (fractional) seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '2.5' }), NOW)).toBe(2500);
  });
  test('retry-after as an HTTP date, relative to the clock', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(NOW + 30_000).toUTCString() }), NOW)).toBe(30_000);
  });
  test('absent or garbage gives null', () => {
    expect(parseRetryAfter(new Headers(), NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), NOW)).toBeNull();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-1' }), NOW)).toBeNull();
  });
});
