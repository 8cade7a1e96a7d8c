import { expect, test } from 'vitest';
import { CircuitBreaker } from '../../src/client/circuit-breaker.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { ERROR_KINDS } from '../../src/shared/types.ts';

const M = 'claude-haiku-4-5';

test('opens after consecutive overload failures, half-opens after openMs, closes on a successful trial', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 3, openMs: 1000 });
  for (let i = 0; i < 2; i++) b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('closed');
  b.onFailure(M, 'server_error');
  expect(b.state(M)).toBe('open');
  expect(b.tryAcquire(M)).toBe(false);
  clock.advance(999);
  expect(b.tryAcquire(M)).toBe(false);
  clock.advance(1);
  expect(b.state(M)).toBe('half_open');
  expect(b.tryAcquire(M)).toBe(true);
  expect(b.tryAcquire(M)).toBe(false); // one trial at a time
  b.onSuccess(M);
  expect(b.state(M)).toBe('closed');
  expect(b.tryAcquire(M)).toBe(true);
});

test('a failed half-open trial opens it again for another full period', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 1, openMs: 500 });
  b.onFailure(M, 'overloaded');
  clock.advance(500);
  expect(b.tryAcquire(M)).toBe(true);
  b.onFailure(M, 'timeout');
  expect(b.state(M)).toBe('open');
  clock.advance(499);
  expect(b.state(M)).toBe('open');
});

test('permanent errors do not count toward opening; a success resets the count; models are independent', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 2 });
  b.onFailure(M, 'invalid_request');
  b.onFailure(M, 'auth');
  b.onFailure(M, 'overloaded');
  b.onSuccess(M);
  b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('closed');
  b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('open');
  expect(b.state('claude-opus-4-8')).toBe('closed');
});

test('a 429 neither opens the breaker nor resets its count; it remembers the kind that opened it', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 2, openMs: 1000 });
  for (let i = 0; i < 10; i++) b.onFailure(M, 'rate_limited');
  expect(b.state(M)).toBe('closed');
  expect(b.openedBy(M)).toBeNull();
  b.onFailure(M, 'timeout');
  b.onFailure(M, 'rate_limited');
  expect(b.failures(M)).toBe(1);
  b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('open');
  expect(b.openedBy(M)).toBe('overloaded');
  clock.advance(1000);
  expect(b.tryAcquire(M)).toBe(true);
  b.onFailure(M, 'connection'); // the failed trial opens it again, by its own kind
  expect(b.openedBy(M)).toBe('connection');
  clock.advance(1000);
  expect(b.tryAcquire(M)).toBe(true);
  b.onSuccess(M);
  expect(b.openedBy(M)).toBeNull();
});

test('defaults: the fifth overload failure in a row opens it, for exactly 30 s', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock);
  for (let i = 0; i < 4; i++) b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('closed');
  expect(b.failures(M)).toBe(4);
  b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('open');
  clock.advance(29_999);
  expect(b.state(M)).toBe('open');
  clock.advance(1);
  expect(b.state(M)).toBe('half_open');
});

test.each(ERROR_KINDS.map((k) => [k, ['overloaded', 'server_error', 'timeout', 'connection'].includes(k)] as const))('%s counts toward opening: %s', (kind, counts) => {
  const b = new CircuitBreaker(new VirtualClock(0, { autoAdvance: false }), { failureThreshold: 1 });
  b.onFailure(M, kind);
  expect(b.failures(M)).toBe(counts ? 1 : 0);
  expect(b.state(M)).toBe(counts ? 'open' : 'closed');
  expect(b.openedBy(M)).toBe(counts ? kind : null);
});

test('a half-open trial that fails with a permanent error leaves it half-open: the next call is the next trial', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 1, openMs: 100 });
  b.onFailure(M, 'server_error');
  clock.advance(100);
  expect(b.tryAcquire(M)).toBe(true);
  b.onFailure(M, 'invalid_request');
  expect(b.state(M)).toBe('half_open');
  expect(b.openedBy(M)).toBe('server_error');
  expect(b.tryAcquire(M)).toBe(true);
  expect(b.tryAcquire(M)).toBe(false);
});

test('a released trial (the caller aborted) frees the slot for the next trial; release and success on an unknown model are no-ops', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 1, openMs: 100 });
  b.onFailure(M, 'timeout');
  clock.advance(100);
  expect(b.tryAcquire(M)).toBe(true);
  expect(b.tryAcquire(M)).toBe(false);
  b.release(M);
  expect(b.tryAcquire(M)).toBe(true);
  expect(() => {
    b.release('claude-never-seen');
    b.onSuccess('claude-never-seen');
  }).not.toThrow();
  expect([b.state('claude-never-seen'), b.failures('claude-never-seen'), b.openedBy('claude-never-seen')]).toEqual(['closed', 0, null]);
});

test('a successful trial resets the count: the threshold counts again from zero', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 2, openMs: 100 });
  b.onFailure(M, 'overloaded');
  b.onFailure(M, 'overloaded');
  clock.advance(100);
  expect(b.tryAcquire(M)).toBe(true);
  b.onSuccess(M);
  expect(b.failures(M)).toBe(0);
  b.onFailure(M, 'overloaded');
  expect(b.state(M)).toBe('closed');
  expect(b.tryAcquire(M)).toBe(true);
});

test('a closed circuit lets every call through at once; only a half-open one holds calls to a single trial', () => {
  const clock = new VirtualClock(0, { autoAdvance: false });
  const b = new CircuitBreaker(clock, { failureThreshold: 2, openMs: 100 });
  expect([b.tryAcquire(M), b.tryAcquire(M), b.tryAcquire(M)]).toEqual([true, true, true]);
  b.onFailure(M, 'overloaded');
  expect([b.tryAcquire(M), b.tryAcquire(M)]).toEqual([true, true]);
});
