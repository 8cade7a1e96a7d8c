import { defineScenario } from '../src/chaos/index.ts';

/**
 * The API answers every call, but the answers fail the probe's assertion (they never name the
 * product): no error, no flag, and still an alert. Every run is a `fail`, so `probe_failure` fires
 * at the third run (min 3 runs, over 50%), while the error-rate rules stay quiet.
 */
export default defineScenario({
  id: 'assertion-failure-alert',
  description: 'Answers that fail their assertion fire probe_failure, not an error alert',
  workload: {
    calls: 6,
    interval_ms: 5 * 60_000,
    probe: { expectations: { checks: { too_short: false }, assertions: [{ kind: 'contains', value: 'pineapple' }] } },
  },
  expect: {
    every_call: { outcome: 'fail', error_kind: null, attempts: 1, no_flags: true },
    alerts: {
      fire: [{ rule: 'probe_failure', not_before_ms: 10 * 60_000, within_ms: 11 * 60_000 }],
      not_fire: ['api_error_rate', 'timeout_rate', 'rate_limited_share', 'quality_flag_rate', 'probe_absent'],
    },
  },
});
