import { defineScenario } from 'claude-canary';

/** One 500, then success: one backoff wait within the full-jitter bounds. */
export default defineScenario({
  id: 'server-error-then-success',
  description: '500 then success: one retry after a backoff within bounds',
  plan: { faults: [{ kind: 'server_error', match: { first: 1 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'pass', error_kind: null, attempts: 2, wait_sources: ['backoff'] }],
    waits: { backoff_within_bounds: true, max_wait_ms: 500 },
    telemetry: { attempt_spans: 2 },
  },
});
