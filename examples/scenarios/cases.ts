/**
 * The example service's chaos scenarios, built by two small factories so the teeth tests can run
 * the very same scenarios against a broken copy of the service's retry decision.
 */
import { fileURLToPath } from 'node:url';
import Anthropic from '@anthropic-ai/sdk';
import { defineScenario, type UserCallContext } from 'claude-canary';
import { answer, decide, FALLBACK, PRIMARY, type Decide } from '../service/answer.ts';

const SONNET_OVERLOADED = { faults: [{ kind: 'overloaded' as const, match: { model: PRIMARY } }] };
const RATE_LIMITED_3X = { faults: [{ kind: 'rate_limit' as const, retry_after: 30, match: { first: 3 } }] };
const BAD_KEY = { faults: [{ kind: 'auth' as const }] };

/** Scenarios that call the service's `answer()` in this process, with `decideNext` as its retry decision. */
export function inProcessScenarios(decideNext: Decide = decide) {
  const run = (ctx: UserCallContext) =>
    answer(new Anthropic({ ...ctx.anthropic, maxRetries: 0 }), 'Is the checkout service healthy?', { userId: 'user-42', signal: ctx.signal, timeScale: ctx.timeScale, decide: decideNext });
  return [
    defineScenario({
      id: 'example-fallback-to-haiku',
      description: 'Sonnet is overloaded (529): each call falls back to Haiku once, with the same request fields',
      plan: SONNET_OVERLOADED,
      workload: { run, calls: 2, timeout_ms: 3_000 },
      expect: {
        every_call: { ok: true, json: { model: FALLBACK }, upstream: { models: [PRIMARY, FALLBACK], body: { max_tokens: 512, 'metadata.user_id': 'user-42' } } },
        api_requests: 4,
      },
    }),
    defineScenario({
      id: 'example-retry-after',
      description: 'three 429s with retry-after: 30; each retry waits 30 simulated seconds',
      plan: RATE_LIMITED_3X,
      workload: { run },
      expect: { every_call: { ok: true, upstream: { requests: 4, retry_after_honoured: true, models: [PRIMARY, PRIMARY, PRIMARY, PRIMARY] } } },
    }),
    defineScenario({
      id: 'example-auth-fails-fast',
      description: 'a bad API key (401) fails the call at once: one request, no retry',
      plan: BAD_KEY,
      workload: { run },
      expect: { every_call: { ok: false, error_contains: 'invalid x-api-key', upstream: { requests: 1, no_retry_on: [400, 401] } } },
    }),
    defineScenario({
      id: 'example-server-error-backoff',
      description: 'two 500s without a hint: the service backs off within its full-jitter bounds, then succeeds',
      plan: { faults: [{ kind: 'server_error', match: { first: 2 } }] },
      workload: { run },
      // Simulated ms: the service's backoff (<= 500 ms x 2^n, x timeScale) plus its own real-time work / scale.
      expect: { every_call: { ok: true, upstream: { requests: 3, backoff_ms: { max: 5_000 } } } },
    }),
  ];
}

const SERVER = fileURLToPath(new URL('../service/server.ts', import.meta.url));

/** Scenarios that start the service as a process and call `POST /ask`; `variant` picks a broken copy. */
export function processScenarios(variant?: string) {
  const target = { command: [process.execPath, '--import', 'tsx', SERVER], ready: { path: '/healthz' }, env: (variant ? { EXAMPLE_DECIDE: variant } : {}) as Record<string, string> };
  const request = { method: 'POST' as const, path: '/ask', json: { question: 'Is the checkout service healthy?', user_id: 'user-7' } };
  return [
    defineScenario({
      id: 'example-service-retry-after-30',
      description: 'the service as a process: three 429s with retry-after: 30, honoured in simulated time, then an answer',
      plan: RATE_LIMITED_3X,
      target,
      workload: { request },
      expect: {
        every_call: {
          ok: true,
          status: 200,
          json: { model: PRIMARY },
          upstream: { requests: 4, retry_after_honoured: true, body: { 'metadata.user_id': 'user-7' } },
        },
      },
    }),
    defineScenario({
      id: 'example-service-telemetry',
      description: "the service's own traces over OTLP: a span per upstream request, billed tokens, a 529 as an error span",
      plan: SONNET_OVERLOADED,
      target: { ...target, env: { ...target.env, OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' } },
      workload: { request, calls: 2 },
      expect: {
        every_call: { status: 200, upstream: { models: [PRIMARY, FALLBACK] } },
        telemetry: { span_per_request: true, tokens_match: true, errors_as_status: true },
      },
    }),
    defineScenario({
      id: 'example-service-fallback',
      description: 'the service as a process: Sonnet overloaded, the answer comes from Haiku',
      plan: SONNET_OVERLOADED,
      target,
      workload: { request: { ...request }, timeout_ms: 5_000 },
      expect: { every_call: { status: 200, json: { model: FALLBACK }, upstream: { models: [PRIMARY, FALLBACK] } } },
    }),
    defineScenario({
      id: 'example-service-auth',
      description: 'the service as a process: a bad key becomes a 502 after exactly one upstream request',
      plan: BAD_KEY,
      target,
      workload: { request },
      expect: { every_call: { status: 502, body_contains: 'invalid x-api-key', upstream: { requests: 1, no_retry_on: [401] } } },
    }),
  ];
}
