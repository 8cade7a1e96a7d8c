import { defineScenario } from 'claude-canary';

/** A spend-cap 429 has no retry-after and keeps failing: the client must not retry it for ever. */
export default defineScenario({
  id: 'spend-limit',
  description: 'Spend-cap 429 (no retry-after): fails fast as spend_limited, no retries',
  plan: { faults: [{ kind: 'spend_limit' }] },
  workload: { calls: 3, interval_ms: 60_000 },
  expect: {
    every_call: { outcome: 'error', error_kind: 'spend_limited', attempts: 1 },
    waits: { total_ms: { max: 0 } },
    telemetry: { call_error_types: ['spend_limited'] },
  },
});
