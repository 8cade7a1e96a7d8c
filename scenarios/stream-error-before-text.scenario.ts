import { defineScenario } from 'claude-canary';

/** event: error before any text reached the consumer: safe to retry the whole call. */
export default defineScenario({
  id: 'stream-error-before-text',
  description: 'Mid-stream overloaded error before the first text: retried, answer delivered once',
  plan: { faults: [{ kind: 'stream_error', after_deltas: 0, match: { first: 1 } }] },
  workload: { probe: { stream: true }, deliver_text: true },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2 }],
  },
});
