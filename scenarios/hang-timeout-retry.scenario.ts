import { defineScenario } from 'claude-canary';

/** The first request hangs; the 60 s attempt timeout fires, the retry succeeds. */
export default defineScenario({
  id: 'hang-timeout-retry',
  description: 'Hang -> 60 s attempt timeout -> retry succeeds',
  plan: { faults: [{ kind: 'hang', match: { first: 1 } }] },
  client: { attemptTimeoutMs: 60_000 },
  workload: { probe: { timeout_ms: 120_000 } },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2, wait_sources: ['backoff'], latency_ms: { min: 60_000, max: 65_000 } }],
    waits: { backoff_within_bounds: true },
  },
});
