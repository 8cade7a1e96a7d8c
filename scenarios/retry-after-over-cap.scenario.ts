import { defineScenario } from 'claude-canary';

/**
 * retry-after: 3600 is above the 60 s cap: fail as rate_limited instead of sleeping an hour. The
 * call's deadline is 3 h, so only the cap (not the deadline) can stop the hour-long sleep.
 */
export default defineScenario({
  id: 'retry-after-over-cap',
  description: 'retry-after above the cap (1 h > 60 s): fails at once as rate_limited',
  plan: { faults: [{ kind: 'rate_limit', retry_after: 3_600 }] },
  workload: { probe: { timeout_ms: 3 * 3_600_000 } },
  expect: {
    calls: [{ index: 0, outcome: 'error', error_kind: 'rate_limited', attempts: 1 }],
    waits: { total_ms: { max: 0 } },
    virtual_ms: { max: 60_000 },
  },
});
