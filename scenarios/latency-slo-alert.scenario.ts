import { defineScenario } from 'claude-canary';

/** Every answer starts after 8 s: p99 latency passes the 5 s SLO and its alert fires. */
export default defineScenario({
  id: 'latency-slo-alert',
  description: 'p99 latency over 5 s fires the latency alert after its for-duration',
  plan: { faults: [{ kind: 'slow_first_token', delay_ms: 8_000 }] },
  workload: { calls: 40, interval_ms: 30_000, probe: { timeout_ms: 60_000 } },
  expect: {
    every_call: { outcome: 'pass', latency_ms: { min: 8_000 } },
    alerts: { fire: [{ rule: 'latency_p99', not_before_ms: 5 * 60_000 }] },
  },
});
