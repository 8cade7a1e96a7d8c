import { describe, expect, test } from 'vitest';
import { backoffCeilingMs, backoffMs, decideRetry, DEFAULT_RETRY } from '../../src/client/retry-policy.ts';
import type { Classified } from '../../src/client/taxonomy.ts';
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

describe('decideRetry: the edges of every cap and window', () => {
  const r = () => 0.5;
  test('a retry-after exactly at the cap is honoured; one millisecond more fails as retry_after_too_long', () => {
    const at = DEFAULT_RETRY.maxRetryAfterMs;
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: at })), DEFAULT_RETRY, r)).toEqual({ retry: true, wait_ms: at, source: 'retry_after' });
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: at + 1 })), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retry_after_too_long' });
    // The cap is the option's, not a constant.
    expect(decideRetry(input(fail('rate_limited', { retry_after_ms: 5_001 })), { ...DEFAULT_RETRY, maxRetryAfterMs: 5_000 }, r)).toEqual({ retry: false, reason: 'retry_after_too_long' });
  });
  test('a retry-after of 0 retries at once, without falling back to backoff', () => {
    expect(decideRetry(input(fail('overloaded', { retry_after_ms: 0 })), DEFAULT_RETRY, () => 0.99)).toEqual({ retry: true, wait_ms: 0, source: 'retry_after' });
  });
  test('a wait that would end exactly at the deadline is not taken; one that ends a millisecond before is', () => {
    const hinted = (remainingMs: number) => decideRetry(input(fail('rate_limited', { retry_after_ms: 10_000 }), 0, remainingMs), DEFAULT_RETRY, r);
    expect(hinted(10_000)).toEqual({ retry: false, reason: 'deadline' });
    expect(hinted(10_001)).toEqual({ retry: true, wait_ms: 10_000, source: 'retry_after' });
    // The same edge for a backoff draw: retry 1 at random 0.5 waits 500 ms.
    expect(decideRetry(input(fail('overloaded'), 1, 500), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'deadline' });
    expect(decideRetry(input(fail('overloaded'), 1, 501), DEFAULT_RETRY, r)).toEqual({ retry: true, wait_ms: 500, source: 'backoff' });
  });
  test('the last allowed retry goes out; the one after it is refused (maxRetries from the options)', () => {
    expect(decideRetry(input(fail('overloaded'), 1), DEFAULT_RETRY, r)).toEqual({ retry: true, wait_ms: 500, source: 'backoff' });
    expect(decideRetry(input(fail('overloaded'), 2), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retries_exhausted' });
    expect(decideRetry(input(fail('overloaded'), 0), { ...DEFAULT_RETRY, maxRetries: 0 }, r)).toEqual({ retry: false, reason: 'retries_exhausted' });
  });
  test('backoff grows with the retries already done, from the options base and cap', () => {
    const opts = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 300 };
    expect([0, 1, 2, 3].map((n) => decideRetry(input(fail('connection'), n), { ...opts, maxRetries: 10 }, () => 0.5))).toEqual([
      { retry: true, wait_ms: 50, source: 'backoff' },
      { retry: true, wait_ms: 100, source: 'backoff' },
      { retry: true, wait_ms: 150, source: 'backoff' },
      { retry: true, wait_ms: 150, source: 'backoff' },
    ]);
  });
  test('x-should-retry: true does not lift the retry limit or the retry-after cap', () => {
    expect(decideRetry(input(fail('auth', { should_retry: true }), 2), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retries_exhausted' });
    expect(decideRetry(input(fail('invalid_request', { should_retry: true, retry_after_ms: 120_000 })), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'retry_after_too_long' });
  });
  test('with respectShouldRetry off the header is ignored both ways: a permanent kind stays permanent', () => {
    expect(decideRetry(input(fail('invalid_request', { should_retry: true })), { ...DEFAULT_RETRY, respectShouldRetry: false }, r)).toEqual({ retry: false, reason: 'permanent' });
  });
  test('text delivered outranks everything, even x-should-retry: true', () => {
    expect(decideRetry(input(fail('overloaded', { should_retry: true }), 0, 300_000, true), DEFAULT_RETRY, r)).toEqual({ retry: false, reason: 'stream_text_delivered' });
  });
  test('the defaults are the documented ones (the SDK count of retries, 500 ms base, 8 s cap, 60 s retry-after cap, header honoured)', () => {
    expect(DEFAULT_RETRY).toEqual({ maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000, respectShouldRetry: true });
  });
});
