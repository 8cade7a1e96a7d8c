import { defineScenario } from 'claude-canary';

/** One request in three hangs past the 20 s attempt timeout (no retries): the timeout-rate alert fires. */
export default defineScenario({
  id: 'timeout-rate-alert',
  description: 'Timeouts over 5% fire the timeout-rate alert after its for-duration',
  plan: { faults: [{ kind: 'hang', match: { every: 3 } }] },
  client: { retry: { maxRetries: 0 }, attemptTimeoutMs: 20_000, circuitBreaker: false },
  workload: { calls: 40, interval_ms: 15_000 },
  expect: {
    error_kinds: { timeout: { min: 12, max: 14 } },
    alerts: { fire: [{ rule: 'timeout_rate', not_before_ms: 2 * 60_000 }] },
  },
});
