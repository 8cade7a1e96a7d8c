import { defineScenario } from 'claude-canary';

/** Six 503s with six retries allowed: waits grow exponentially but never past the 8 s cap. */
export default defineScenario({
  id: 'backoff-cap',
  description: 'Six 503s, six retries: full-jitter backoff stays under its 8 s cap',
  plan: { faults: [{ kind: 'unavailable', match: { first: 6 } }] },
  client: { retry: { maxRetries: 6 }, circuitBreaker: false },
  workload: { calls: 4, interval_ms: 120_000, probe: { timeout_ms: 120_000 } },
  seed: 3,
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 7 }],
    waits: { backoff_within_bounds: true, max_wait_ms: 8_000 },
  },
});
