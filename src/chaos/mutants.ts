/**
 * Deliberately broken variants of the production logic, for the suite's "teeth" test: each one
 * changes one rule of the real client, checks or alert rules (by wrapping or reconfiguring the
 * production code, never by copying it), and the suite must fail for every one of them.
 */
import type { ClientOptions } from '../client/types.ts';
import { decideRetry, type RetryPolicy } from '../client/retry-policy.ts';
import type { Probe } from '../probes/probe-schema.ts';

export interface Mutant {
  name: string;
  description: string;
  client?: (o: ClientOptions) => ClientOptions;
  /** Rewrites the alert rule overrides of every scenario (raw objects, merged by id). */
  alertRules?: (rules: ReadonlyArray<Record<string, unknown>>) => Array<Record<string, unknown>>;
  probe?: (p: Probe) => Probe;
}

const policy = (wrap: RetryPolicy): ((o: ClientOptions) => ClientOptions) => (o) => ({ ...o, retryPolicy: wrap });

export const MUTANTS: readonly Mutant[] = [
  {
    name: 'ignores_retry_after',
    description: 'the retry policy drops the server hint and always backs off',
    client: policy((input, opts, random) => decideRetry({ ...input, failure: { ...input.failure, retry_after_ms: null } }, opts, random)),
  },
  {
    name: 'retries_auth_errors',
    description: 'a 401 is treated as retryable',
    client: policy((input, opts, random) =>
      decideRetry(input.failure.kind === 'auth' ? { ...input, failure: { ...input.failure, should_retry: true } } : input, opts, random),
    ),
  },
  {
    name: 'no_backoff_cap',
    description: 'exponential backoff without its cap',
    client: (o) => ({ ...o, retry: { ...o.retry, maxDelayMs: Number.MAX_SAFE_INTEGER } }),
  },
  {
    name: 'uncapped_retry_after',
    description: 'any retry-after is slept, even an hour',
    client: (o) => ({ ...o, retry: { ...o.retry, maxRetryAfterMs: Number.MAX_SAFE_INTEGER } }),
  },
  {
    name: 'retries_after_text',
    description: 'a stream that failed after delivering text is retried (text delivered twice)',
    client: policy((input, opts, random) => decideRetry({ ...input, textDelivered: false }, opts, random)),
  },
  {
    name: 'no_circuit_breaker',
    description: 'the circuit breaker is gone: overload is hammered',
    client: (o) => ({ ...o, circuitBreaker: false }),
  },
  {
    name: 'no_stream_idle_timeout',
    description: 'a stalled stream is waited on until the call deadline',
    client: (o) => ({ ...o, streamIdleTimeoutMs: 24 * 3_600_000 }),
  },
  {
    name: 'context_guard_off',
    description: 'an over-long prompt is sent instead of refused before sending',
    client: (o) => ({ ...o, contextGuard: { ...o.contextGuard, mode: 'off' } }),
  },
  {
    name: 'alert_without_for_duration',
    description: 'alerts fire on the first bad evaluation, without their for-duration',
    alertRules: (rules) => {
      const ids = ['rate_limited_share', 'api_error_rate', 'timeout_rate', 'quality_flag_rate', 'latency_p99'];
      const byId = new Map(rules.map((r) => [String(r['id']), r]));
      const patched: Array<Record<string, unknown>> = ids.map((id) => ({ ...byId.get(id), id, for: '0s' }));
      return patched.concat(rules.filter((r) => !ids.includes(String(r['id']))));
    },
  },
  {
    name: 'refusal_check_disabled',
    description: 'the refusal quality check is switched off',
    probe: (p) => ({ ...p, expectations: { ...p.expectations, checks: { ...p.expectations.checks, refusal: false } } }),
  },
  {
    name: 'repetition_check_disabled',
    description: 'the repetition quality check is switched off',
    probe: (p) => ({ ...p, expectations: { ...p.expectations, checks: { ...p.expectations.checks, repetition: false } } }),
  },
];
