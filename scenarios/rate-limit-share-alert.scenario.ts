import { defineScenario } from 'claude-canary';

/** Half the calls are rate-limited with no retries left: the rate-limited share alert fires (the default circuit breaker on: a 429 does not open it). */
export default defineScenario({
  id: 'rate-limit-share-alert',
  description: 'Rate-limited share over 10% fires its alert',
  plan: { seed: 1, faults: [{ kind: 'rate_limit', retry_after: 1, match: { probability: 0.5 } }] },
  client: { retry: { maxRetries: 0 } },
  workload: { calls: 40, interval_ms: 10_000 },
  expect: {
    error_kinds: { rate_limited: { min: 12, max: 28 } },
    alerts: { fire: [{ rule: 'rate_limited_share' }] },
  },
});
