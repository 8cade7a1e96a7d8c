import { defineScenario } from 'claude-canary';

/** A refusal sentence with stop_reason end_turn: caught by wording, not by the stop reason. */
export default defineScenario({
  id: 'refusal-wording',
  description: 'Refusal wording at the start of an end_turn answer is flagged',
  plan: { faults: [{ kind: 'refusal', style: 'wording' }] },
  workload: { calls: 3, interval_ms: 60_000, probe: { expectations: { checks: { too_short: false } } } },
  expect: {
    every_call: { outcome: 'fail', flags: ['refusal'] },
  },
});
