import { defineScenario } from 'claude-canary';

/**
 * The canaries' own spend cap with a simulator answering every call at max_tokens: runs whose
 * worst case would pass the daily budget are skipped (budget_exceeded); spend never passes it.
 */
export default defineScenario({
  id: 'spend-cap-verbose',
  description: 'Spend cap holds when every answer runs to max_tokens',
  plan: { faults: [{ kind: 'verbose' }] },
  budgets: { daily_usd: 0.2, monthly_usd: 10 },
  workload: { calls: 12, interval_ms: 60_000, probe: { model: 'claude-sonnet-4-6', max_tokens: 4_000 } },
  expect: {
    cost_usd: { max: 0.2 },
    error_kinds: { budget_exceeded: { min: 1 } },
    outcomes: { skipped: { min: 1 }, fail: { min: 1 } },
    calls: [{ index: 11, outcome: 'skipped', error_kind: 'budget_exceeded', attempts: 0 }],
  },
});
