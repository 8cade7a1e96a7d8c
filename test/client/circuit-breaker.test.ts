import { expect, test } from 'vitest';
import { CircuitBreaker } from '../../src/client/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';

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
