import { defineScenario } from 'claude-canary';

/** x-should-retry: false wins over a retryable status. */
export default defineScenario({
  id: 'should-retry-false',
  description: 'x-should-retry: false on a 529 stops retries',
  plan: { faults: [{ kind: 'overloaded', x_should_retry: false, match: { first: 1 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'error', error_kind: 'overloaded', attempts: 1 }],
  },
});
