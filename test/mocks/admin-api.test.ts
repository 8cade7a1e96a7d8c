import { OverloadedError } from '@anthropic-ai/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { CanaryError } from '../../src/shared/errors.ts';
import { SECRET_KEY, TRANSPORTS, type SimHandle } from './sim-transports.ts';

const MODEL = 'claude-haiku-4-5';
const ask = (h: SimHandle, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  h.sdk({ defaultHeaders: headers }).messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Say hi' }], ...extra } as never);

describe.each(TRANSPORTS)('admin API and the same from code, %s', (_name, start) => {
  let h: SimHandle;
  afterEach(() => h?.close());

  test('the journal records what reached the API: method, path, model, stream, headers (key redacted), body fields, fault, status, request id, usage', async () => {
    h = await start();
    const tools = [{ name: 'get_weather', description: 'w', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];
    const m = await h
      .sdk({ defaultHeaders: { 'x-my-token': 'tok-123' } })
      .messages.create({ model: MODEL, max_tokens: 77, system: 'You are terse.', metadata: { user_id: 'user-42' }, tools, messages: [{ role: 'user', content: 'What is the weather like?' }] })
      .withResponse();
    const { status, body } = await h.admin('GET', '/__canary/requests');
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    const e = body.requests[0];
    expect(e).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      model: MODEL,
      stream: false,
      status: 200,
      request_id: m.request_id,
      body: { max_tokens: 77, metadata_user_id: 'user-42', system: 'You are terse.', tools: ['get_weather'], messages: 1, last_user: 'What is the weather like?' },
      usage: { output_tokens: m.data.usage.output_tokens, input_tokens: m.data.usage.input_tokens },
    });
    expect(e.headers['anthropic-version']).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(e.headers['x-stainless-retry-count']).toBe('0');
    // SDK 1.14 sends the key as `authorization: Bearer`; older ones as x-api-key: either is redacted.
    expect(e.headers['authorization'] ?? e.headers['x-api-key']).toBe('[redacted]');
    expect(e.headers['x-my-token']).toBe('[redacted]');
    // No credential anywhere: not over HTTP, not from code.
    expect(JSON.stringify(body)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(h.sim.journal())).not.toContain('sk-ant-');
    expect(h.sim.journal()).toEqual(body.requests);
  });

  test('journal filters over HTTP and from code; a bad filter is a 400 naming it', async () => {
    h = await start();
    await ask(h);
    await expect(ask(h, {}, { 'x-canary-fault': 'overloaded' })).rejects.toBeInstanceOf(OverloadedError);
    await h.sdk().models.list();
    expect((await h.admin('GET', '/__canary/requests?status=529')).body.requests.map((e: { fault: string }) => e.fault)).toEqual(['overloaded']);
    expect((await h.admin('GET', '/__canary/requests?path=/v1/messages')).body.total).toBe(2);
    expect((await h.admin('GET', '/__canary/requests?limit=1')).body.requests[0].path).toBe('/v1/models');
    expect(h.sim.journal({ status: 529 })[0]).toMatchObject({ error_type: 'overloaded_error', fault: 'overloaded' });
    const bad = await h.admin('GET', '/__canary/requests?colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('unknown filter "colour"');
    expect((await h.admin('GET', '/__canary/requests?status=soon')).body.error.message).toContain('status: must be a non-negative integer');
  });

  test('reset clears the journal and the fault counters (times= header counters, plan match counts)', async () => {
    h = await start({ plan: { faults: [{ kind: 'server_error', match: { first: 1, model: 'claude-sonnet-4-6' } }] } });
    const once = { 'x-canary-fault': 'overloaded; times=1' };
    await expect(ask(h, {}, once)).rejects.toBeInstanceOf(OverloadedError);
    await expect(ask(h, {}, once)).resolves.toMatchObject({ type: 'message' });
    await expect(ask(h, { model: 'claude-sonnet-4-6' })).rejects.toMatchObject({ status: 500 });
    await expect(ask(h, { model: 'claude-sonnet-4-6' })).resolves.toMatchObject({ type: 'message' });
    expect((await h.admin('POST', '/__canary/reset')).body).toEqual({ reset: true });
    expect((await h.admin('GET', '/__canary/requests')).body.total).toBe(0);
    // The counters start again: the same header and the same plan rule fault once more.
    await expect(ask(h, {}, once)).rejects.toBeInstanceOf(OverloadedError);
    await expect(ask(h, { model: 'claude-sonnet-4-6' })).rejects.toMatchObject({ status: 500 });
    h.sim.reset(); // from code: the same
    expect(h.sim.journal()).toEqual([]);
    await expect(ask(h, {}, once)).rejects.toBeInstanceOf(OverloadedError);
  });

  test('PUT /__canary/plan replaces the plan at run time; GET returns it; a bad plan is a 400 naming each field and changes nothing', async () => {
    h = await start();
    await expect(ask(h)).resolves.toMatchObject({ type: 'message' });
    const plan = { faults: [{ kind: 'overloaded', match: { first: 1 } }], replies: [{ name: 'pong', when: { last_user: { contains: 'hi' } }, reply: { text: 'pong' } }] };
    const put = await h.admin('PUT', '/__canary/plan', plan);
    expect(put.status).toBe(200);
    expect((await h.admin('GET', '/__canary/plan')).body).toEqual(plan);
    await expect(ask(h)).rejects.toBeInstanceOf(OverloadedError);
    const m = await ask(h);
    expect(m.content).toEqual([{ type: 'text', text: 'pong' }]);
    expect(h.sim.journal({ reply_rule: 'pong' })).toHaveLength(1);

    const bad = await h.admin('PUT', '/__canary/plan', { faults: [{ kind: 'meltdown' }], replies: [{ when: { last_user: { regex: '(' } }, reply: {} }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.type).toBe('invalid_request_error');
    const paths = bad.body.problems.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['faults[0].kind', 'replies[0].when.last_user.regex', 'replies[0].reply']));
    expect(bad.body.error.message).toContain('replies[0].when.last_user.regex: not a valid regular expression');
    expect((await h.admin('PUT', '/__canary/plan', '{not json')).body.error.message).toContain('not valid JSON');
    expect((await h.admin('GET', '/__canary/plan')).body).toEqual(plan);
  });

  test('setPlan from code: the same validation (CanaryError naming the field), and it takes effect at once', async () => {
    h = await start();
    expect(() => h.sim.setPlan({ faults: [], replies: [{ reply: { text: 'a', json: { b: 1 } } }] })).toThrow(CanaryError);
    try {
      h.sim.setPlan({ faults: [], replies: [{ reply: { text: 'a', json: { b: 1 } } }] });
    } catch (e) {
      expect((e as CanaryError).problems.map((p) => p.path)).toEqual(['replies[0].reply.json']);
    }
    h.sim.setPlan({ faults: [{ kind: 'auth' }] });
    await expect(ask(h)).rejects.toMatchObject({ status: 401 });
    expect(h.sim.plan).toEqual({ faults: [{ kind: 'auth' }] });
    expect((await h.admin('GET', '/__canary/plan')).body).toEqual({ faults: [{ kind: 'auth' }] });
  });

  test('the journal is bounded: the newest entries are kept and the dropped count is reported', async () => {
    h = await start({ logLimit: 2 });
    for (let i = 0; i < 5; i++) await ask(h, { max_tokens: 10 + i });
    const { body } = await h.admin('GET', '/__canary/requests');
    expect(body.requests.map((e: { body: { max_tokens: number } }) => e.body.max_tokens)).toEqual([13, 14]);
    expect(body.dropped).toBe(3);
    expect((await h.admin('DELETE', '/__canary/requests')).body).toEqual({ cleared: 2 });
    expect(h.sim.journal()).toEqual([]);
  });

  test('admin requests need no key, are not journaled, and an unknown admin route is a 404 listing the routes', async () => {
    h = await start();
    const r = await h.admin('GET', '/__canary/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain('GET|PUT /__canary/plan');
    expect(h.sim.journal()).toEqual([]);
  });
});

test('the admin API is served through the MSW handlers too (the chaos suite’s transport)', async () => {
  const { setupServer } = await import('msw/node');
  const { createSimulator, NO_LATENCY } = await import('../../src/sim.ts');
  const { simulatorHandlers } = await import('../../src/msw.ts');
  const sim = createSimulator({ latency: NO_LATENCY });
  const server = setupServer(...simulatorHandlers(sim));
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const put = await fetch('https://api.anthropic.com/__canary/plan', { method: 'PUT', body: JSON.stringify({ faults: [{ kind: 'auth' }] }) });
    expect(put.status).toBe(200);
    expect(sim.plan).toEqual({ faults: [{ kind: 'auth' }] });
    const res = await fetch('https://api.anthropic.com/v1/models', { headers: { 'x-api-key': SECRET_KEY, 'anthropic-version': '2023-06-01' } });
    expect(res.status).toBe(200);
    const j = (await (await fetch('https://api.anthropic.com/__canary/requests?path=/v1/models')).json()) as { total: number; requests: Array<{ headers: Record<string, string> }> };
    expect(j.total).toBe(1);
    expect(j.requests[0]!.headers['x-api-key']).toBe('[redacted]');
    expect((await fetch('https://api.anthropic.com/__canary/reset', { method: 'POST' })).status).toBe(200);
    expect(sim.journal()).toEqual([]);
  } finally {
    server.close();
  }
});
