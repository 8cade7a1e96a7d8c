import { defineScenario } from 'claude-canary';

/** Spend crosses the daily alert threshold (bash.01) well under the hard budget: the cost alert fires once. */
export default defineScenario({
  id: 'daily-cost-alert',
  description: 'Daily spend alert fires when the day total passes its threshold',
  alerts: [{ id: 'daily_spend', threshold: 0.01 }],
  budgets: { daily_usd: 5, monthly_usd: 50 },
  workload: { calls: 10, interval_ms: 60_000, probe: { model: 'claude-sonnet-4-6', prompt: 'In about 200 words, describe how canaries catch regressions.', max_tokens: 600 } },
  expect: {
    every_call: { outcome: 'pass' },
    cost_usd: { min: 0.01 },
    alerts: { fire: [{ rule: 'daily_spend' }], not_fire: ['monthly_spend'] },
  },
});
