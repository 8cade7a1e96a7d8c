import { defineScenario } from 'claude-canary';

/** stop_reason refusal on every answer: flagged, and the quality alert fires. */
export default defineScenario({
  id: 'refusal-output',
  description: 'Refusals (stop_reason refusal) are flagged and alerted on',
  plan: { faults: [{ kind: 'refusal' }] },
  workload: { calls: 20, interval_ms: 60_000 },
  expect: {
    every_call: { outcome: 'fail', flags: ['refusal'] },
    flags: { refusal: { min: 20 } },
    alerts: { fire: [{ rule: 'quality_flag_rate' }] },
  },
});
