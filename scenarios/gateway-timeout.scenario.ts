import { defineScenario } from 'claude-canary';

/** A 504 timeout_error from the gateway is retried like any 5xx, and classified as a timeout. */
export default defineScenario({
  id: 'gateway-timeout',
  description: '504 timeout_error is retried with backoff, then success',
  plan: { faults: [{ kind: 'gateway_timeout', match: { first: 1 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2, wait_sources: ['backoff'] }],
    waits: { backoff_within_bounds: true },
  },
});
