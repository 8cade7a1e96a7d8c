import { defineScenario } from 'claude-canary';

/** event: error after text reached the consumer: a retry would deliver text twice, so it fails. */
export default defineScenario({
  id: 'stream-error-after-text',
  description: 'Mid-stream error after text was delivered: not retried (no duplicate text)',
  plan: { faults: [{ kind: 'stream_error', after_deltas: 3, match: { first: 1 } }] },
  workload: { probe: { stream: true }, deliver_text: true },
  expect: {
    calls: [{ index: 0, outcome: 'error', error_kind: 'stream_interrupted', attempts: 1 }],
    telemetry: { call_error_types: ['stream_interrupted'] },
  },
});
