/**
 * Every simulator fault kind against the real client over the in-process simulator, on virtual
 * time: outcome, attempts, waits, spans, metric points and log lines.
 */
import { SpanKind } from '@opentelemetry/api';
import { afterEach, describe, expect, test } from 'vitest';
import type { FaultPlan } from '../../mocks/index.ts';
import { ClaudeCallError, type CallRecord, type ClientOptions } from '../../src/client/index.ts';
import type { ErrorKind } from '../../src/shared/types.ts';
import { harness, MODEL, params, type Harness } from './helpers.ts';

interface Case {
  name: string;
  plan: FaultPlan;
  stream?: boolean;
  withOnText?: boolean;
  options?: ClientOptions;
  outcome: 'ok' | ErrorKind;
  /** Error kind of each failed attempt, then null for the successful one. */
  attempts: Array<ErrorKind | null>;
  /** Waits chosen after each retried attempt: an exact value or inclusive bounds. */
  waits?: Array<number | [number, number]>;
  status?: Array<number | null>;
  stopReason?: string;
}

// random() is fixed at 0.5 in the harness, so a backoff wait is exactly half its ceiling.
const cases: Case[] = [
  { name: 'rate_limit with retry-after 3 s waits exactly 3 s, then succeeds', plan: { faults: [{ kind: 'rate_limit', retry_after: 3, match: { first: 1 } }] }, outcome: 'ok', attempts: ['rate_limited', null], waits: [3000], status: [429, 200] },
  { name: 'rate_limit with retry-after-ms prefers it over retry-after', plan: { faults: [{ kind: 'rate_limit', retry_after: 9, retry_after_ms: 1500, match: { first: 1 } }] }, outcome: 'ok', attempts: ['rate_limited', null], waits: [1500] },
  { name: 'rate_limit with retry-after above the cap fails as rate_limited instead of sleeping', plan: { faults: [{ kind: 'rate_limit', retry_after: 3600 }] }, outcome: 'rate_limited', attempts: ['rate_limited'], stopReason: 'retry_after_too_long' },
  { name: 'spend_limit (429 without retry-after) fails fast as spend_limited', plan: { faults: [{ kind: 'spend_limit' }] }, outcome: 'spend_limited', attempts: ['spend_limited'], status: [429], stopReason: 'permanent' },
  { name: 'overloaded twice: backs off with full jitter, then succeeds', plan: { faults: [{ kind: 'overloaded', match: { first: 2 } }] }, outcome: 'ok', attempts: ['overloaded', 'overloaded', null], waits: [250, 500], status: [529, 529, 200] },
  { name: 'overloaded three times: retries twice, then surfaces overloaded', plan: { faults: [{ kind: 'overloaded' }] }, outcome: 'overloaded', attempts: ['overloaded', 'overloaded', 'overloaded'], waits: [250, 500], stopReason: 'retries_exhausted' },
  { name: 'server_error (500) is retried', plan: { faults: [{ kind: 'server_error', match: { first: 1 } }] }, outcome: 'ok', attempts: ['server_error', null], status: [500, 200] },
  { name: 'unavailable (503) is retried', plan: { faults: [{ kind: 'unavailable', match: { first: 1 } }] }, outcome: 'ok', attempts: ['server_error', null], status: [503, 200] },
  { name: 'gateway_timeout (504) is a retried timeout', plan: { faults: [{ kind: 'gateway_timeout', match: { first: 1 } }] }, outcome: 'ok', attempts: ['timeout', null], status: [504, 200] },
  { name: 'auth fails fast', plan: { faults: [{ kind: 'auth' }] }, outcome: 'auth', attempts: ['auth'], status: [401], stopReason: 'permanent' },
  { name: 'server-side context_overflow fails fast', plan: { faults: [{ kind: 'context_overflow' }] }, outcome: 'context_overflow', attempts: ['context_overflow'], status: [400] },
  { name: 'hang: the attempt timeout fires on the clock, then the retry succeeds', plan: { faults: [{ kind: 'hang', match: { first: 1 } }] }, options: { attemptTimeoutMs: 10_000 }, outcome: 'ok', attempts: ['timeout', null], status: [null, 200] },
  { name: 'reset is a retried connection error', plan: { faults: [{ kind: 'reset', match: { first: 1 } }] }, outcome: 'ok', attempts: ['connection', null], status: [null, 200] },
  { name: 'malformed_json is a retried malformed_response, with the status of the garbage response', plan: { faults: [{ kind: 'malformed_json', match: { first: 1 } }] }, outcome: 'ok', attempts: ['malformed_response', null], status: [200, 200] },
  { name: 'x-should-retry: false stops a retryable 529', plan: { faults: [{ kind: 'overloaded', x_should_retry: false }] }, outcome: 'overloaded', attempts: ['overloaded'], stopReason: 'should_retry_false' },
  { name: 'x-should-retry: true makes a 401 retry', plan: { faults: [{ kind: 'auth', x_should_retry: true, match: { first: 1 } }] }, outcome: 'ok', attempts: ['auth', null] },
  { name: 'slow_first_token streams fine and records TTFT', plan: { faults: [{ kind: 'slow_first_token', delay_ms: 5000 }] }, stream: true, outcome: 'ok', attempts: [null] },
  { name: 'stream_error after text reached the caller is not retried (no text twice)', plan: { faults: [{ kind: 'stream_error', after_deltas: 2 }] }, stream: true, withOnText: true, outcome: 'stream_interrupted', attempts: ['stream_interrupted'], status: [200], stopReason: 'stream_text_delivered' },
  { name: 'stream_error before any text is retried', plan: { faults: [{ kind: 'stream_error', after_deltas: 0, match: { first: 1 } }] }, stream: true, withOnText: true, outcome: 'ok', attempts: ['stream_interrupted', null] },
  { name: 'stream_error with a buffering caller is retried', plan: { faults: [{ kind: 'stream_error', after_deltas: 3, match: { first: 1 } }] }, stream: true, outcome: 'ok', attempts: ['stream_interrupted', null] },
  { name: 'stream_truncated (no message_stop) is stream_interrupted', plan: { faults: [{ kind: 'stream_truncated', after_deltas: 2, match: { first: 1 } }] }, stream: true, outcome: 'ok', attempts: ['stream_interrupted', null] },
  { name: 'stream_stall is caught by the idle timeout on the clock', plan: { faults: [{ kind: 'stream_stall', after_deltas: 2, match: { first: 1 } }] }, stream: true, options: { streamIdleTimeoutMs: 5000 }, outcome: 'ok', attempts: ['stream_interrupted', null] },
  { name: 'stream_stall after text reached the caller fails as stream_interrupted', plan: { faults: [{ kind: 'stream_stall', after_deltas: 2 }] }, stream: true, withOnText: true, options: { streamIdleTimeoutMs: 5000 }, outcome: 'stream_interrupted', attempts: ['stream_interrupted'] },
  { name: 'streamRetry never: a mid-stream error before any text is not retried', plan: { faults: [{ kind: 'stream_error', after_deltas: 0 }] }, stream: true, options: { streamRetry: 'never' }, outcome: 'stream_interrupted', attempts: ['stream_interrupted'], stopReason: 'stream_policy' },
  { name: 'short output is a success (quality is judged elsewhere)', plan: { faults: [{ kind: 'short' }] }, outcome: 'ok', attempts: [null] },
  { name: 'refusal is a success with stop reason refusal', plan: { faults: [{ kind: 'refusal' }] }, outcome: 'ok', attempts: [null] },
  { name: 'repetitive output is a success', plan: { faults: [{ kind: 'repetitive' }] }, stream: true, outcome: 'ok', attempts: [null] },
  { name: 'verbose output is a success', plan: { faults: [{ kind: 'verbose' }] }, outcome: 'ok', attempts: [null] },
];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function run(c: Case): Promise<{ record: CallRecord; text: string; delivered: string; error?: ClaudeCallError }> {
  h = await harness(c.plan, c.options);
  let delivered = '';
  const onText = c.withOnText ? (t: string) => void (delivered += t) : undefined;
  try {
    const r = await h.client.call(params({ stream: c.stream ?? false }), onText ? { onText } : {});
    return { record: r.record, text: r.text, delivered };
  } catch (e) {
    expect(e).toBeInstanceOf(ClaudeCallError);
    const error = e as ClaudeCallError;
    return { record: error.record, text: '', delivered, error };
  }
}

describe('fault kinds against the in-process simulator', () => {
  test.each(cases)('$name', async (c) => {
    const { record, error, delivered, text } = await run(c);
    const hh = h!;
    // Outcome and attempts
    expect(record.outcome).toBe(c.outcome === 'ok' ? 'ok' : 'error');
    if (c.outcome !== 'ok') expect(error?.kind).toBe(c.outcome);
    expect(record.attempts.map((a) => a.error_kind)).toEqual(c.attempts);
    expect(hh.sim.sim.log.filter((e) => e.path === '/v1/messages')).toHaveLength(c.attempts.length);
    if (c.status) expect(record.attempts.map((a) => a.status)).toEqual(c.status);
    if (c.stopReason) expect(record.attempts.at(-1)!.stop_reason).toBe(c.stopReason);
    // Waits: exact or within bounds, and the clock really waited them
    const waits = record.attempts.slice(0, -1).map((a) => a.wait_ms!);
    if (c.waits) {
      waits.forEach((w, i) => {
        const exp = c.waits![i]!;
        if (typeof exp === 'number') expect(w).toBe(exp);
        else expect(w).toBeGreaterThanOrEqual(exp[0]), expect(w).toBeLessThanOrEqual(exp[1]);
      });
    }
    for (let i = 1; i < record.attempts.length; i++) {
      const prev = record.attempts[i - 1]!;
      expect(record.attempts[i]!.started_at - (prev.started_at + prev.duration_ms)).toBeCloseTo(prev.wait_ms!, 6);
    }
    expect(record.attempts.at(-1)!.wait_ms).toBeNull();
    // Never deliver text twice: what reached onText is a prefix of (or equal to) the final text
    if (c.withOnText && c.outcome === 'ok') expect(delivered).toBe(text);
    if (c.outcome === 'ok') {
      expect(record.usage!.output_tokens).toBeGreaterThan(0);
      expect(record.cost_usd).toBeGreaterThan(0);
      expect(record.stop_reason).toBeTruthy();
    }

    // Spans: one CLIENT call span; a child per attempt when the call was retried, else the
    // only attempt's details on the call span (attemptSpans 'when_retried', the default)
    await hh.tel.flush();
    const spans = hh.tel.spans();
    const callSpan = spans.find((s) => s.name === `chat ${MODEL}`)!;
    expect(callSpan.kind).toBe(SpanKind.CLIENT);
    const attemptSpans = spans.filter((s) => s.parentSpanContext?.spanId === callSpan.spanContext().spanId);
    const children = c.attempts.length > 1 ? c.attempts.length : 0;
    expect(attemptSpans).toHaveLength(children);
    expect(spans).toHaveLength(children + 1);
    if (children) {
      expect(attemptSpans.map((s) => s.attributes['error.type'] ?? null)).toEqual(c.attempts);
      expect(attemptSpans.map((s) => s.attributes['http.response.status_code'] ?? null)).toEqual(record.attempts.map((a) => a.status));
      // Made after the fact, with the attempts' own times (virtual clock: ms since the epoch start)
      expect(attemptSpans.map((s) => s.startTime[0] * 1000 + s.startTime[1] / 1e6)).toEqual(record.attempts.map((a) => a.started_at));
      expect(attemptSpans.map((s) => s.endTime[0] * 1000 + s.endTime[1] / 1e6)).toEqual(record.attempts.map((a) => a.started_at + a.duration_ms));
    } else {
      const only = record.attempts[0]!;
      expect(callSpan.attributes['claude_canary.error.kind'] ?? null).toBe(c.attempts[0]);
      expect(callSpan.attributes['http.response.status_code'] ?? null).toBe(only.status);
      expect(callSpan.attributes['claude_canary.error.provider_type'] ?? null).toBe(only.error_kind ? only.error_type : null);
      expect(callSpan.attributes['claude_canary.retry_after_ms'] ?? null).toBe(only.retry_after_ms);
    }
    expect(callSpan.attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(callSpan.attributes['error.type']).toBe(c.outcome === 'ok' ? undefined : c.outcome);
    if (c.outcome === 'ok') {
      expect(callSpan.attributes['gen_ai.usage.input_tokens']).toBe(record.usage!.input_tokens + record.usage!.cache_creation_input_tokens + record.usage!.cache_read_input_tokens);
      expect(callSpan.attributes['gen_ai.response.finish_reasons']).toEqual([record.stop_reason]);
    }

    // Metrics
    const duration = hh.tel.points('gen_ai.client.operation.duration');
    expect(duration).toHaveLength(1);
    expect(duration[0]!.count).toBe(1);
    expect(duration[0]!.value).toBeCloseTo(record.latency_ms / 1000, 6);
    expect(duration[0]!.attributes['error.type']).toBe(c.outcome === 'ok' ? undefined : c.outcome);
    const failed = c.attempts.filter((k) => k !== null).length;
    const errors = hh.tel.points('claude_canary.client.errors').reduce((n, p) => n + p.value, 0);
    expect(errors).toBe(failed);
    const retries = hh.tel.points('claude_canary.client.retries').reduce((n, p) => n + p.value, 0);
    expect(retries).toBe(c.attempts.length - 1);
    const tokens = hh.tel.points('gen_ai.client.token.usage');
    expect(tokens.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual(c.outcome === 'ok' ? ['input', 'output'] : []);
    if (c.stream && c.outcome === 'ok') expect(hh.tel.points('gen_ai.client.operation.time_to_first_chunk')[0]!.count).toBe(1);

    // Logs: one line per retry, one per call
    const logs = hh.logs();
    expect(logs.filter((l) => l['event'] === 'retry')).toHaveLength(c.attempts.length - 1);
    const callLines = logs.filter((l) => l['event'] === 'call');
    expect(callLines).toHaveLength(1);
    expect(callLines[0]).toMatchObject({ model: MODEL, outcome: record.outcome, attempts: c.attempts.length, request_id: record.request_id });
  });
});

test('rate_limit waits equal retry-after in virtual time: the call takes 3 s of clock, ~0 of wall', async () => {
  h = await harness({ faults: [{ kind: 'rate_limit', retry_after: 30, match: { first: 1 } }] });
  const wall = Date.now();
  const { record } = await h.client.call(params());
  expect(record.attempts[0]!.wait_ms).toBe(30_000);
  expect(record.latency_ms).toBeGreaterThanOrEqual(30_000);
  expect(Date.now() - wall).toBeLessThan(5000);
});

test('backoff waits stay within the full-jitter bounds with real randomness', async () => {
  h = await harness({ faults: [{ kind: 'overloaded' }] }, { random: Math.random, retry: { maxRetries: 4 } });
  const err = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
  const waits = err.record.attempts.slice(0, -1).map((a) => a.wait_ms!);
  expect(waits).toHaveLength(4);
  [500, 1000, 2000, 4000].forEach((ceiling, i) => {
    expect(waits[i]).toBeGreaterThanOrEqual(0);
    expect(waits[i]).toBeLessThanOrEqual(ceiling);
  });
});

test('slow_first_token: TTFT reflects the delay, in the record, on the span and in the metric', async () => {
  h = await harness({ faults: [{ kind: 'slow_first_token', delay_ms: 5000 }] });
  const { record } = await h.client.call(params({ stream: true }));
  expect(record.ttft_ms).toBeGreaterThanOrEqual(5000);
  await h.tel.flush();
  expect(h.tel.spans().find((s) => s.name.startsWith('chat'))!.attributes['gen_ai.response.time_to_first_chunk']).toBeCloseTo(record.ttft_ms! / 1000, 6);
  expect(h.tel.points('gen_ai.client.operation.time_to_first_chunk')[0]!.value).toBeCloseTo(record.ttft_ms! / 1000, 6);
});

test('stream_stall: the stalled attempt lasts the idle timeout on the clock', async () => {
  h = await harness({ faults: [{ kind: 'stream_stall', after_deltas: 1, match: { first: 1 } }] }, { streamIdleTimeoutMs: 7000 });
  const { record } = await h.client.call(params({ stream: true }));
  const stalled = record.attempts[0]!;
  expect(stalled.error_kind).toBe('stream_interrupted');
  expect(stalled.error_message).toMatch(/stalled/);
  expect(stalled.duration_ms).toBeGreaterThanOrEqual(7000);
  expect(stalled.duration_ms).toBeLessThan(7000 + 2000);
});

test('refusal keeps the stop reason on the record and the span', async () => {
  h = await harness({ faults: [{ kind: 'refusal' }] });
  const { record } = await h.client.call(params());
  expect(record.stop_reason).toBe('refusal');
});

test("attemptSpans 'always': a call's only attempt gets its own span too", async () => {
  h = await harness({ faults: [] }, { attemptSpans: 'always' });
  const { record } = await h.client.call(params());
  await h.tel.flush();
  const spans = h.tel.spans();
  const callSpan = spans.find((s) => s.name === `chat ${MODEL}`)!;
  const attempt = spans.find((s) => s.name === 'attempt 1')!;
  expect(spans).toHaveLength(2);
  expect(attempt.parentSpanContext?.spanId).toBe(callSpan.spanContext().spanId);
  expect(attempt.attributes).toMatchObject({ 'claude_canary.attempt.number': 1, 'http.request.resend_count': 0, 'http.response.status_code': 200, 'claude_canary.request_id': record.request_id });
  expect(callSpan.attributes['claude_canary.retry_after_ms']).toBeUndefined(); // the attempt's details are on its span
  expect(callSpan.attributes['http.response.status_code']).toBe(200); // the last attempt's status is on the call span either way
});
