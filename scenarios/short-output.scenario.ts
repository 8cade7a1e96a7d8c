import { defineScenario } from 'claude-canary';

/** Every answer is a few characters: each result flagged too_short, then the quality alert fires. */
export default defineScenario({
  id: 'short-output',
  description: 'Short answers raise too_short on every result and the quality-flag rate alert',
  plan: { faults: [{ kind: 'short' }] },
  workload: { calls: 20, interval_ms: 60_000 },
  expect: {
    every_call: { outcome: 'fail', flags: ['too_short'] },
    flags: { too_short: { min: 20, max: 20 } },
    alerts: { fire: [{ rule: 'quality_flag_rate', not_before_ms: 9 * 60_000, within_ms: 20 * 60_000 }], not_fire: ['api_error_rate'] },
  },
});
