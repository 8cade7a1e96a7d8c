import { describe, expect, test } from 'vitest';
import { backoffCeilingMs, backoffMs, decideRetry, DEFAULT_RETRY, type Classified } from '../../src/client/index.ts';
import type { ErrorKind } from '../../src/shared/types.ts';

const fail = (kind: ErrorKind, extra: Partial<Classified> = {}): Classified => ({
  kind,
  status: null,
  provider_type: null,
  request_id: null,
  retry_after_ms: null,
  should_retry: null,
  message: kind,
  ...extra,
});
const input = (failure: Classified, retriesDone = 0, remainingMs = 300_000, textDelivered = false) => ({ failure, retriesDone, remainingMs, textDelivered });

describe('backoff: capped exponential with full jitter', () => {
  test('ceilings double from the base and stop at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffCeilingMs(n, DEFAULT_RETRY))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
  test('the wait is uniform over [0, ceiling]: random 0 gives 0, random near 1 gives the ceiling', () => {
    expect(backoffMs(3, DEFAULT_RETRY, () => 0)).toBe(0);
    expect(backoffMs(3, DEFAULT_RETRY, () => 0.9999999)).toBe(3999);
    expect(backoffMs(1, DEFAULT_RETRY, () => 0.5)).toBe(500);
  });
  test('1,000 draws stay in bounds and spread over the window', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const draws = Array.from({ length: 1000 }, () => backoffMs(2, DEFAULT_RETRY, rnd));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThanOrEqual(2000);
    expect(draws.filter((d) => d < 1000).length).toBeGreaterThan(400);
    expect(draws.filter((d) => d >= 1000).length).toBeGreaterThan(400);
  });
});

describe('decideRetry', () => {
  const r = () => 0.5;
  test.each<ErrorKind>(['rate_limited', 'overloaded', 'server_error', 'timeout', 'connection', 'stream_interrupted', 'malformed_response'])('%s is retried', (kind) => {
    expect(decideRetry(input(fail(kind)), DEFAULT_RETRY, r)).toEqual({ retry: true, wait_ms: 250, source: 'backoff' });
  });
  test.each<ErrorKind>(['spend_limited', 'context_overflow', 'invalid_max_tokens', 'auth', 'permission', 'not_found', 'invalid_request', 'budget_exceeded'])('%s fails fast', (kind) => {
    expect(decideRetry(input(fail(kind)), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'permanent' });
  });
  test('retry-after is honoured exactly', () => {
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: 30_000 })), DEFAULT_RETRY, r)).toEqual({ retry: true, wait_ms: 30_000, source: 'retry_after' });
  });
  test('retry-after above the cap fails instead of sleeping', () => {
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: 3_600_000 })), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retry_after_too_long' });
  });
  test('x-should-retry: false stops a retryable error; true retries a permanent one', () => {
    expect(decideRetry(input(fail('overloaded', { should_retry: false })), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'should_retry_false' });
    expect(decideRetry(input(fail('invalid_request', { should_retry: true })), DEFAULT_RETRY, r).retry).toBe(true);
    expect(decideRetry(input(fail('overloaded', { should_retry: false })), { ...DEFAULT_RETRY, respectShouldRetry: false }, r).retry).toBe(true);
  });
  test('stops after maxRetries', () => {
    expect(decideRetry(input(fail('overloaded'), 2), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retries_exhausted' });
  });
  test('stops when the wait would cross the deadline', () => {
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: 10_000 }), 0, 9_000), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'deadline' });
  });
  test('never retries once text reached the caller', () => {
    expect(decideRetry(input(fail('stream_interrupted'), 0, 300_000, true), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'stream_text_delivered' });
  });
});
