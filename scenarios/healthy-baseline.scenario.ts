import { defineScenario } from 'claude-canary';

/** A healthy API for 20 minutes: every call passes first time, and nothing at all is raised. */
export default defineScenario({
  id: 'healthy-baseline',
  description: 'Healthy API: every call passes on its first attempt; no flag, no alert',
  workload: { calls: 20, interval_ms: 60_000 },
  settle_ms: 60_000,
  expect: {
    every_call: { outcome: 'pass', error_kind: null, attempts: 1, no_flags: true },
    alerts: { not_fire: 'any' },
    // A call of one attempt has no attempt span (its details are on the call span): none here.
    telemetry: { attempt_spans: 0, metrics: ['gen_ai.client.operation.duration', 'gen_ai.client.token.usage', 'claude_canary.client.cost'] },
    logs: { call_lines: { min: 20, max: 20 }, retry_lines: { max: 0 } },
    cost_usd: { min: 0.000001, max: 0.05 },
    api_requests: { min: 20, max: 20 },
  },
});
