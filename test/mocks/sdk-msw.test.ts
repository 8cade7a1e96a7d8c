import Anthropic from '@anthropic-ai/sdk';
import { afterAll, expect, test } from 'vitest';
import { createSimulator, NO_LATENCY, startInProcessSimulator } from '../../mocks/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { contractSuite } from './contract-suite.ts';

const sim = startInProcessSimulator({ latency: NO_LATENCY });
afterAll(() => sim.close());

contractSuite(() => ({
  client(fault, options = {}) {
    let n = 0;
    const sdk = new Anthropic({
      apiKey: 'sk-ant-test-msw',
      baseURL: 'https://api.anthropic.com',
      fetch: (input, init) => {
        n++;
        return sim.fetch(input, init);
      },
      ...(fault ? { defaultHeaders: { 'x-canary-fault': fault } } : {}),
      ...options,
    });
    return { sdk, attempts: () => n };
  },
}));

test('a request without x-api-key gets 401 authentication_error', async () => {
  const res = await sim.fetch('https://api.anthropic.com/v1/messages', {
    method: 'POST',
    headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { type: string }; request_id: string };
  expect(body.error.type).toBe('authentication_error');
  expect(body.request_id).toBe(res.headers.get('request-id'));
});

test('virtual time: a 60 s first token and a 30 s retry-after take no wall time, yet the clock moves', async () => {
  const clock = new VirtualClock();
  const core = createSimulator({ clock, plan: { faults: [{ kind: 'slow_first_token', delay_ms: 60_000 }] } });
  const { toFetchResponse } = await import('../../mocks/msw/handlers.ts');
  const t0 = clock.now();
  const wall = Date.now();
  const planned = core.handle({
    method: 'POST',
    path: '/v1/messages',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ ...{ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }, stream: true }),
  });
  const res = await toFetchResponse(planned, clock, new AbortController().signal);
  const text = await res.text();
  expect(text).toContain('event: message_stop');
  expect(clock.now() - t0).toBeGreaterThanOrEqual(60_000);
  expect(Date.now() - wall).toBeLessThan(2_000);
  await clock.sleep(30_000);
  expect(clock.now() - t0).toBeGreaterThanOrEqual(90_000);
});
