import { defineScenario } from 'claude-canary';

/**
 * A sustained 429 storm for 5 minutes against the default client (retries and circuit breaker
 * on), a call every 10 s, then 8 minutes of health. A 429 is the caller's own quota, not
 * overload: the breaker stays closed, every call of the storm honours retry-after on each of its
 * 3 attempts and ends `rate_limited`, and `rate_limited_share` fires during the storm and
 * resolves after it. (Before the fix, 5 failed attempts opened the breaker and every later call
 * became `circuit_open`, so the share never crossed 10% and only the generic error alerts fired.)
 */
export default defineScenario({
  id: 'rate-limit-storm',
  description: 'Sustained 429 storm: rate_limited_share fires (the breaker does not mask it), then resolves',
  plan: { faults: [{ kind: 'rate_limit', retry_after: 2, match: { from_ms: 0, to_ms: 300_000 } }] },
  workload: { calls: 80, interval_ms: 10_000 },
  expect: {
    calls: [
      { index: 0, outcome: 'error', error_kind: 'rate_limited', attempts: 3, wait_sources: ['retry_after', 'retry_after'] },
      { index: 29, outcome: 'error', error_kind: 'rate_limited', attempts: 3 },
      { index: 79, outcome: 'pass', attempts: 1 },
    ],
    error_kinds: { rate_limited: 30 },
    outcomes: { error: 30, pass: 50 },
    // Every storm call still made its 3 attempts: the breaker never opened on a 429.
    api_requests: { min: 140, max: 140 },
    waits: { retry_after_honoured: true },
    alerts: {
      fire: [{ rule: 'rate_limited_share', within_ms: 200_000 }],
      resolve: [{ rule: 'rate_limited_share', not_before_ms: 300_000, within_ms: 800_000 }],
    },
  },
});
