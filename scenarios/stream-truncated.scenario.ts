import { defineScenario } from 'claude-canary';

/** The stream ends without message_stop; nothing was delivered, so the call is retried. */
export default defineScenario({
  id: 'stream-truncated',
  description: 'Stream ends without message_stop: detected as stream_interrupted and retried',
  plan: { faults: [{ kind: 'stream_truncated', after_deltas: 2, match: { first: 1 } }] },
  workload: { probe: { stream: true } },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2 }],
  },
});
