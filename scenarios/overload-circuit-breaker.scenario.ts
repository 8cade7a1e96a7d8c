import { defineScenario } from 'claude-canary';

/**
 * A 529 storm for 5 minutes, a call every 10 s: after 5 overloaded attempts in a row the breaker
 * opens and calls fail fast instead of hammering the API; it half-opens after 30 s, and once the
 * storm is over a trial call closes it again. Every call of the storm still counts as
 * `overloaded` (the fault that opened the breaker), the refused ones with `circuit_open` set.
 */
export default defineScenario({
  id: 'overload-circuit-breaker',
  description: '529 storm opens the circuit breaker (fail fast), then recovery closes it',
  plan: { faults: [{ kind: 'overloaded', match: { from_ms: 0, to_ms: 300_000 } }] },
  workload: { calls: 60, interval_ms: 10_000 },
  client: { circuitBreaker: { failureThreshold: 5, openMs: 30_000 } },
  expect: {
    calls: [
      { index: 0, outcome: 'error', error_kind: 'overloaded', attempts: 3 },
      { index: 59, outcome: 'pass', attempts: 1 },
    ],
    error_kinds: { overloaded: { min: 28, max: 33 } },
    outcomes: { pass: { min: 25 } },
    api_requests: { max: 60 },
    alerts: { fire: [{ rule: 'api_error_rate' }] },
  },
});
