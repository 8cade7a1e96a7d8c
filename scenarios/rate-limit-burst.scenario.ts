import { defineScenario } from 'claude-canary';

/** Two 429s with retry-after: 30, then success: the client waits exactly 30 s each time. */
export default defineScenario({
  id: 'rate-limit-burst',
  description: '429 burst with retry-after 30: waits honoured exactly, then success',
  plan: { faults: [{ kind: 'rate_limit', retry_after: 30, match: { first: 2 } }] },
  workload: { probe: { timeout_ms: 120_000 } },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 3, wait_sources: ['retry_after', 'retry_after'], latency_ms: { min: 60_000, max: 70_000 } }],
    waits: { retry_after_honoured: true, total_ms: { min: 60_000, max: 60_000 } },
    logs: { retry_lines: { min: 2, max: 2 } },
    telemetry: { attempt_spans: 3, metrics: ['claude_canary.client.retries', 'claude_canary.client.errors'] },
  },
});
