import { defineScenario } from 'claude-canary';

/**
 * Runaway length: after 10 normal answers the model starts filling max_tokens. Each runaway
 * result is truncated, and its output tokens drift far above the series' own median.
 */
export default defineScenario({
  id: 'verbose-runaway',
  description: 'Runaway output is flagged truncated and drift against the probe history',
  plan: { faults: [{ kind: 'verbose', match: { from_ms: 10 * 60_000 } }] },
  workload: { calls: 14, interval_ms: 60_000, probe: { max_tokens: 2_000, prompt: 'Summarise the health of the service in about 60 words.' } },
  expect: {
    calls: [
      { index: 0, outcome: 'pass', no_flags: true },
      { index: 12, outcome: 'fail', flags: ['truncated', 'drift'] },
    ],
    flags: { truncated: { min: 4, max: 4 }, drift: { min: 3 } },
  },
});
