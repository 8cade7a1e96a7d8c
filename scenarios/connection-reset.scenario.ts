import { defineScenario } from 'claude-canary';

/** Two connection resets, then success. */
export default defineScenario({
  id: 'connection-reset',
  description: 'Connection reset twice, then success on the third attempt',
  plan: { faults: [{ kind: 'reset', match: { first: 2 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 3, wait_sources: ['backoff', 'backoff'] }],
    waits: { backoff_within_bounds: true },
  },
});
