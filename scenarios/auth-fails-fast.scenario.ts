import { defineScenario } from 'claude-canary';

/** A bad key is permanent: one attempt, no waits, the auth error surfaced. */
export default defineScenario({
  id: 'auth-fails-fast',
  description: '401 fails fast with no retry',
  plan: { faults: [{ kind: 'auth' }] },
  workload: { calls: 3, interval_ms: 60_000 },
  expect: {
    every_call: { outcome: 'error', error_kind: 'auth', attempts: 1 },
    waits: { total_ms: { max: 0 } },
    api_requests: { max: 3 },
  },
});
