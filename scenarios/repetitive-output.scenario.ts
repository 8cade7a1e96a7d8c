import { defineScenario } from 'claude-canary';

/** Looping text is flagged as repetition (and alerted on, once there are enough samples). */
export default defineScenario({
  id: 'repetitive-output',
  description: 'Looping output raises the repetition flag and the quality alert',
  plan: { faults: [{ kind: 'repetitive' }] },
  workload: { calls: 15, interval_ms: 60_000 },
  expect: {
    every_call: { outcome: 'fail', flags: ['repetition'] },
    alerts: { fire: [{ rule: 'quality_flag_rate' }] },
  },
});
