import { defineScenario } from 'claude-canary';

/** retry-after-ms wins over retry-after, as in the SDK. */
export default defineScenario({
  id: 'retry-after-ms',
  description: 'retry-after-ms (1500) is preferred over retry-after (30)',
  plan: { faults: [{ kind: 'rate_limit', retry_after: 30, retry_after_ms: 1_500, match: { first: 1 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 2, wait_sources: ['retry_after'] }],
    waits: { retry_after_honoured: true, total_ms: { min: 1_500, max: 1_500 } },
  },
});
