import { defineScenario } from 'claude-canary';

/** The stream stops sending but stays open: the 10 s idle timeout catches it; the retry succeeds. */
export default defineScenario({
  id: 'stream-stall',
  description: 'Stalled stream caught by the idle timeout (the SDK timeout never fires), then retried',
  plan: { faults: [{ kind: 'stream_stall', after_deltas: 2, match: { first: 1 } }] },
  client: { streamIdleTimeoutMs: 10_000 },
  workload: { probe: { stream: true, timeout_ms: 120_000 } },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2, latency_ms: { min: 10_000, max: 20_000 } }],
  },
});
