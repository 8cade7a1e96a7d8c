import { defineScenario } from 'claude-canary';

/** A prompt over the model's window is refused before it is sent: no request, no cost. */
export default defineScenario({
  id: 'context-overflow',
  description: 'Over-long prompt caught by the context guard before sending',
  workload: { probe: { prompt: 'log line '.repeat(100_000), max_tokens: 100 } },
  expect: {
    calls: [{ index: 0, outcome: 'error', error_kind: 'context_overflow', attempts: 0 }],
    api_requests: { max: 0 },
    cost_usd: { max: 0 },
  },
});
