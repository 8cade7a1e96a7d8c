import { defineScenario } from 'claude-canary';

/**
 * 500s for 10 minutes (no retries, so each call errors), a call every 15 s: the API error-rate
 * alert goes pending, fires only after its 5-minute for-duration, and resolves after recovery.
 */
export default defineScenario({
  id: 'error-rate-alert',
  description: 'Error-rate alert respects its for-duration, then resolves',
  plan: { faults: [{ kind: 'server_error', match: { to_ms: 600_000 } }] },
  client: { retry: { maxRetries: 0 }, circuitBreaker: false },
  workload: { calls: 100, interval_ms: 15_000 },
  settle_ms: 600_000,
  expect: {
    error_kinds: { server_error: { min: 38, max: 41 } },
    alerts: {
      fire: [{ rule: 'api_error_rate', not_before_ms: 5 * 60_000, within_ms: 8 * 60_000 }],
      resolve: [{ rule: 'api_error_rate', not_before_ms: 600_000, within_ms: 25 * 60_000 }],
      not_fire: ['timeout_rate', 'quality_flag_rate'],
    },
  },
});
