import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { contractSuite } from './contract-suite.ts';

let http: HttpSimulator;
beforeAll(async () => {
  http = await startHttpSimulator({ latency: NO_LATENCY });
});
afterAll(() => http.close());

contractSuite(() => ({
  client(fault, options = {}) {
    let n = 0;
    const sdk = new Anthropic({
      apiKey: 'sk-ant-test-http',
      baseURL: http.url,
      fetch: (input, init) => {
        n++;
        return fetch(input, init);
      },
      ...(fault ? { defaultHeaders: { 'x-canary-fault': fault } } : {}),
      ...options,
    });
    return { sdk, attempts: () => n };
  },
}));

const post = (headers: Record<string, string>, body: unknown) =>
  fetch(`${http.url}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

test('binds 127.0.0.1', () => {
  expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('raw SSE: every frame has an event line, ping after content_block_start, data type equals the event', async () => {
  const res = await post({}, { model: 'claude-haiku-4-5', max_tokens: 50, stream: true, messages: [{ role: 'user', content: 'hi' }] });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const frames = (await res.text()).trim().split('\n\n');
  const events = frames.map((f) => {
    const [ev, data] = f.split('\n');
    const name = ev!.replace(/^event: /, '');
    expect(JSON.parse(data!.replace(/^data: /, '')).type).toBe(name);
    return name;
  });
  expect(events.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
  expect(events.at(-1)).toBe('message_stop');
});

test('an unknown fault kind in the header: 400 naming the field and allowed values; the server keeps serving', async () => {
  const bad = await post({ 'x-canary-fault': 'meltdown' }, { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  expect(bad.status).toBe(400);
  const body = (await bad.json()) as { error: { type: string; message: string } };
  expect(body.error.type).toBe('invalid_request_error');
  expect(body.error.message).toContain('x-canary-fault: unknown fault kind "meltdown"');
  expect(body.error.message).toContain('rate_limit, spend_limit, overloaded');
  const badParam = await post({ 'x-canary-fault': 'rate_limit; retry_after=soon' }, { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  expect(((await badParam.json()) as { error: { message: string } }).error.message).toMatch(/retry_after/);
  const good = await post({}, { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
  expect(good.status).toBe(200);
});

test('x-canary-fault times=2: the first two requests with that value fail, later ones succeed', async () => {
  const h = { 'x-canary-fault': 'overloaded; times=2; tag=times-test' };
  const body = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await post(h, body)).status);
  expect(statuses).toEqual([529, 529, 200, 200]);
});
