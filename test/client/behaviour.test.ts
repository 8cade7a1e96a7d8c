/**
 * Client behaviour beyond single faults: context guard, circuit breaker, deadline, caller abort,
 * prompt caching cost, count_tokens, content capture and telemetry failing open.
 */
import { createHash } from 'node:crypto';
import { afterEach, expect, test } from 'vitest';
import { ClaudeCallError } from '../../src/client/index.ts';
import { createCatalog, defaultCatalog } from '../../src/shared/catalog.ts';
import { harness, MODEL, params, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

test('context guard refuses an over-window prompt before sending: context_overflow, zero attempts', async () => {
  h = await harness();
  const huge = 'word '.repeat(170_000); // 850K chars ≈ 212.5K tokens > 200K window
  const err = (await h.client.call(params({ messages: [{ role: 'user', content: huge }] })).catch((e) => e)) as ClaudeCallError;
  expect(err).toBeInstanceOf(ClaudeCallError);
  expect(err.kind).toBe('context_overflow');
  expect(err.record.attempts).toHaveLength(0);
  expect(err.record.context).toMatchObject({ overflow: true, high: true, window: 200_000, method: 'estimate' });
  expect(h.sim.sim.log).toHaveLength(0);
  await h.tel.flush();
  expect(h.tel.spans()[0]!.attributes['error.type']).toBe('context_overflow');
});

test('context guard flags a prompt above 80% of the window but still sends it', async () => {
  h = await harness();
  const big = 'word '.repeat(136_000); // 680K chars ≈ 170K tokens = 85%
  const { record } = await h.client.call(params({ messages: [{ role: 'user', content: big }] }));
  expect(record.context!.high).toBe(true);
  expect(record.context!.utilisation).toBeGreaterThan(0.8);
  await h.tel.flush();
  expect(h.tel.spans().find((s) => s.name.startsWith('chat'))!.attributes['claude_canary.context.high']).toBe(true);
});

test('count_tokens mode asks the endpoint and records its count', async () => {
  h = await harness(undefined, { contextGuard: { mode: 'count_tokens' } });
  const { record } = await h.client.call(params());
  expect(record.context!.method).toBe('count_tokens');
  expect(h.sim.sim.log.map((e) => e.path)).toEqual(['/v1/messages/count_tokens', '/v1/messages']);
  expect(record.context!.input_tokens).toBe(record.usage!.input_tokens);
});

test('circuit breaker opens under sustained overload, fails fast, then half-opens and closes', async () => {
  h = await harness({ faults: [{ kind: 'overloaded' }] }, { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 3, openMs: 30_000 } });
  for (let i = 0; i < 3; i++) expect(((await h.client.call(params()).catch((e) => e)) as ClaudeCallError).kind).toBe('overloaded');
  expect(h.client.circuitState(MODEL)).toBe('open');
  const fast = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
  // Refused without a request, and still counted as the overload that opened the breaker.
  expect(fast.kind).toBe('overloaded');
  expect(fast.record).toMatchObject({ error_kind: 'overloaded', circuit_open: true, circuit: 'open' });
  expect(fast.record.error_message).toMatch(/circuit open/);
  expect(fast.record.attempts).toHaveLength(0);
  expect(h.sim.sim.log).toHaveLength(3);
  await h.clock.sleep(30_000);
  expect(h.client.circuitState(MODEL)).toBe('half_open');
  h.sim.sim.setPlan({ faults: [] });
  const { record } = await h.client.call(params());
  expect(record.circuit).toBe('half_open');
  expect(h.client.circuitState(MODEL)).toBe('closed');
});

test('a call refused by the open breaker is its fault in spans and metrics, with circuit_open beside it', async () => {
  h = await harness({ faults: [{ kind: 'server_error' }] }, { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2, openMs: 30_000 } });
  for (let i = 0; i < 3; i++) await h.client.call(params()).catch(() => undefined);
  expect(h.sim.sim.log).toHaveLength(2);
  await h.tel.flush();
  const calls = h.tel.spans().filter((s) => s.name.startsWith('chat'));
  expect(calls.map((s) => s.attributes['error.type'])).toEqual(['server_error', 'server_error', 'server_error']);
  expect(calls.map((s) => s.attributes['claude_canary.circuit_open'])).toEqual([undefined, undefined, true]);
  const durations = h.tel.points('gen_ai.client.operation.duration');
  expect(durations.map((p) => [p.attributes['error.type'], p.attributes['claude_canary.circuit_open'], p.count])).toEqual(
    expect.arrayContaining([
      ['server_error', undefined, 2],
      ['server_error', true, 1],
    ]),
  );
  expect(durations.some((p) => p.attributes['error.type'] === 'circuit_open')).toBe(false);
});

test('a 429 storm never opens the breaker: every call keeps its attempts and ends rate_limited', async () => {
  h = await harness({ faults: [{ kind: 'rate_limit', retry_after: 1 }] }, { circuitBreaker: { failureThreshold: 2, openMs: 30_000 } });
  for (let i = 0; i < 4; i++) {
    const err = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
    expect(err.record).toMatchObject({ error_kind: 'rate_limited', circuit_open: false });
    expect(err.record.attempts).toHaveLength(3);
  }
  expect(h.client.circuitState(MODEL)).toBe('closed');
  expect(h.sim.sim.log).toHaveLength(12);
});

test('the call deadline bounds retries: a retry-after longer than the time left is not waited', async () => {
  h = await harness({ faults: [{ kind: 'rate_limit', retry_after: 20 }] }, { deadlineMs: 15_000 });
  const err = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
  expect(err.kind).toBe('rate_limited');
  expect(err.record.attempts[0]!.stop_reason).toBe('deadline');
});

test('the call deadline fires mid-attempt as a timeout', async () => {
  h = await harness({ faults: [{ kind: 'hang' }] }, { deadlineMs: 5_000, attemptTimeoutMs: 60_000 });
  const err = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
  expect(err.kind).toBe('timeout');
  expect(err.record.latency_ms).toBe(5_000);
  expect(err.record.attempts).toHaveLength(1);
});

test('a caller abort rejects with its reason and is not recorded as an error', async () => {
  h = await harness({ faults: [{ kind: 'hang' }] });
  const ac = new AbortController();
  const reason = new Error('caller gave up');
  const p = h.client.call(params(), { signal: ac.signal });
  await h.clock.sleep(1000);
  ac.abort(reason);
  await expect(p).rejects.toBe(reason);
  await h.tel.flush();
  const span = h.tel.spans().find((s) => s.name.startsWith('chat'))!;
  expect(span.attributes['error.type']).toBeUndefined();
  expect(h.logs().find((l) => l['event'] === 'call')!['outcome']).toBe('aborted');
});

test('prompt caching: cache writes then reads are priced at 1.25x and 0.1x, and input_tokens on the span includes them', async () => {
  h = await harness();
  const system = [{ type: 'text' as const, text: 'You are a careful assistant. '.repeat(400), cache_control: { type: 'ephemeral' as const } }];
  const first = await h.client.call(params({ system }));
  const second = await h.client.call(params({ system }));
  expect(first.record.usage!.cache_creation_input_tokens).toBeGreaterThan(1024);
  expect(first.record.usage!.cache_write_5m_tokens).toBe(first.record.usage!.cache_creation_input_tokens);
  expect(second.record.usage!.cache_read_input_tokens).toBe(first.record.usage!.cache_creation_input_tokens);
  const u = second.record.usage!;
  // Haiku 4.5: $1 in, $5 out, read 0.1x
  expect(second.record.cost_usd).toBeCloseTo((u.input_tokens * 1 + u.cache_read_input_tokens * 0.1 + u.output_tokens * 5) / 1e6, 12);
  expect(first.record.cost!.cache_write).toBeCloseTo((first.record.usage!.cache_creation_input_tokens * 1.25) / 1e6, 12);
  await h.tel.flush();
  const spans = h.tel.spans().filter((s) => s.name.startsWith('chat'));
  expect(spans[1]!.attributes['gen_ai.usage.input_tokens']).toBe(u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens);
  expect(spans[1]!.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(u.cache_read_input_tokens);
  // The TTL split of cache writes: on the call that wrote, absent on the one that only read (both would be 0).
  const w = first.record.usage!;
  expect(spans[0]!.attributes['claude_canary.usage.cache_write_5m.input_tokens']).toBe(w.cache_write_5m_tokens);
  expect(spans[0]!.attributes['claude_canary.usage.cache_write_1h.input_tokens']).toBe(w.cache_write_1h_tokens);
  expect(u.cache_creation_input_tokens).toBe(0);
  expect(spans[1]!.attributes).not.toHaveProperty('claude_canary.usage.cache_write_5m.input_tokens');
  expect(spans[1]!.attributes).not.toHaveProperty('claude_canary.usage.cache_write_1h.input_tokens');
  // Priced calls carry their cost and no unpriced flag.
  expect(spans[1]!.attributes['claude_canary.cost.usd']).toBe(second.record.cost_usd);
  expect(spans[1]!.attributes).not.toHaveProperty('claude_canary.cost.unpriced');
});

test('a model missing from the catalogue records cost null and the unpriced flag, never $0', async () => {
  const other = defaultCatalog.models.find((m) => m.id === 'claude-opus-4-8')!;
  const catalog = createCatalog({ multipliers: defaultCatalog.multipliers, models: [other] });
  h = await harness(undefined, { catalog });
  const { record } = await h.client.call(params());
  expect(record).toMatchObject({ outcome: 'ok', cost: null, cost_usd: null, unpriced: true });
  expect(record.context!.utilisation).toBeNull();
  await h.tel.flush();
  expect(h.tel.spans().find((s) => s.name.startsWith('chat'))!.attributes['claude_canary.cost.unpriced']).toBe(true);
  expect(h.tel.points('claude_canary.client.cost')).toHaveLength(0);
  expect(h.logs().find((l) => l['event'] === 'call')).toMatchObject({ cost_usd: null, unpriced: true });
});

test('rate-limit headroom is read from anthropic-ratelimit-* headers and exported as a gauge', async () => {
  h = await harness();
  const { record } = await h.client.call(params());
  expect(record.rate_limit!.requests!.remaining).toBeGreaterThan(0);
  expect(record.rate_limit!.requests!.limit).toBeGreaterThanOrEqual(record.rate_limit!.requests!.remaining!);
  await h.tel.flush();
  const g = h.tel.points('claude_canary.client.ratelimit.remaining');
  expect(g.find((p) => p.attributes['claude_canary.ratelimit.bucket'] === 'requests')!.value).toBe(record.rate_limit!.requests!.remaining);
});

test('the lazily computed fields (headroom, output hash) read from the newest response and survive JSON', async () => {
  h = await harness({ faults: [{ kind: 'rate_limit', retry_after: 1, match: { first: 1 } }] });
  const { record, text } = await h.client.call(params());
  expect(record.attempts.map((a) => a.status)).toEqual([429, 200]);
  // The 429 reported the bucket exhausted; the headroom is the later, successful response's.
  expect(record.rate_limit!.requests!.remaining).toBeGreaterThan(0);
  expect(record.output_sha256).toBe(createHash('sha256').update(text).digest('hex'));
  const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
  expect(json['rate_limit']).toEqual(record.rate_limit);
  expect(json['output_sha256']).toBe(record.output_sha256);
  expect(json['prompt_sha256']).toBe(record.prompt_sha256);
  expect(Object.keys(json)).not.toContain('headers');

  await h.close();
  h = await harness({ faults: [{ kind: 'rate_limit', retry_after: 3600 }] });
  const err = (await h.client.call(params()).catch((e) => e)) as ClaudeCallError;
  expect(err.record.rate_limit!.requests!.remaining).toBe(0);
  expect(err.record.output_sha256).toBeNull();
});

test('cost counter adds up the calls', async () => {
  h = await harness();
  const a = await h.client.call(params());
  const b = await h.client.call(params({ max_tokens: 50 }));
  await h.tel.flush();
  const total = h.tel.points('claude_canary.client.cost').reduce((n, p) => n + p.value, 0);
  expect(total).toBeCloseTo(a.record.cost_usd! + b.record.cost_usd!, 12);
  expect(h.tel.points('claude_canary.client.cost')[0]!.unit).toBe('USD');
});

test('telemetry fails open: a throwing exporter and a throwing log destination never break the call', async () => {
  h = await harness(undefined, {
    logger: (await import('../../src/log/index.ts')).createLogger({ destination: { write: () => { throw new Error('disk full'); } } }),
  });
  h.tel.spanExporter.export = () => {
    throw new Error('collector down');
  };
  const { record } = await h.client.call(params());
  expect(record.outcome).toBe('ok');
});

test('tryCall returns failures as data', async () => {
  h = await harness({ faults: [{ kind: 'auth' }] });
  const r = await h.client.tryCall(params());
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.record!.error_kind).toBe('auth');
});
