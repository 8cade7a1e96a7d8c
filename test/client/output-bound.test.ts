import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { NO_LATENCY, startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { ClaudeCallError, createClient } from '../../src/client/index.ts';
import { harness, MODEL, type Harness } from './helpers.ts';

let h: Harness | undefined;
let http: HttpSimulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await h?.close();
  await http?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  h = http = server = undefined;
});

const params = { model: MODEL, max_tokens: 64, stream: true, messages: [{ role: 'user' as const, content: 'Describe a healthy canary in detail.' }] };

test('an endless stream on max_tokens 64 is cut by the client, classified malformed_response, and accounted at most 64 output tokens per attempt', async () => {
  h = await harness({ faults: [{ kind: 'stream_runaway' }] });
  const err = (await h.client.call(params).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err).toBeInstanceOf(ClaudeCallError);
  const r = err.record;
  expect(r.error_kind).toBe('malformed_response');
  expect(r.error_message).toMatch(/output ran past max_tokens \(64\): \d+ characters streamed without message_stop; cut by the client/);
  // Retried like any contract breach, every attempt cut the same way, none left to a timeout.
  expect(r.attempts.map((a) => a.error_kind)).toEqual(['malformed_response', 'malformed_response', 'malformed_response']);
  expect(r.partial_attempts_billed).toBe(3);
  expect(r.usage!.output_tokens).toBe(3 * 64);
  expect(r.usage!.output_tokens).toBeLessThanOrEqual(r.attempts.length * 64);
});

test('a stream that reports its own output count past max_tokens is cut at that report', async () => {
  h = await harness({ faults: [{ kind: 'stream_runaway', usage_every: 4 }] }, { retry: { maxRetries: 0 } });
  const err = (await h.client.call(params).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err.record.error_kind).toBe('malformed_response');
  expect(err.record.error_message).toMatch(/the stream reported (\d+) output tokens/);
  expect(Number(/reported (\d+)/.exec(err.record.error_message!)![1])).toBeGreaterThan(64);
  expect(err.record.usage!.output_tokens).toBe(64);
});

test('text already delivered to the caller is never delivered twice: a runaway after text is cut and not retried', async () => {
  h = await harness({ faults: [{ kind: 'stream_runaway' }] });
  let delivered = '';
  const err = (await h.client.call(params, { onText: (t) => void (delivered += t) }).catch((e: unknown) => e)) as ClaudeCallError;
  expect(err.record.attempts).toHaveLength(1);
  expect(err.record.attempts[0]!.stop_reason).toBe('stream_text_delivered');
  expect(delivered.length).toBeGreaterThan(64 * 4);
  expect(err.record.usage!.output_tokens).toBe(64);
});

test('over real HTTP on the system clock, the endless stream ends when the client cuts it', async () => {
  http = await startHttpSimulator({ latency: NO_LATENCY, plan: { faults: [{ kind: 'stream_runaway' }] } });
  const client = createClient({ apiKey: 'sk-ant-test', baseURL: http.url, retry: { maxRetries: 1 }, circuitBreaker: false });
  const r = await client.tryCall(params);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.record!.error_kind).toBe('malformed_response');
  expect(r.record!.usage!.output_tokens).toBe(2 * 64);
  // Both requests reached the simulator; the server kept serving (the endless writers stopped).
  const again = await client.tryCall({ ...params, stream: false });
  expect(again.ok).toBe(true);
});

test('a non-streaming response claiming more output than max_tokens is malformed_response, accounted at max_tokens', async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_overclaim' });
      res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: MODEL, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 12, output_tokens: 39_500_000 } }));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const client = createClient({ apiKey: 'sk-ant-test', baseURL: `http://127.0.0.1:${port}`, retry: { maxRetries: 0 }, circuitBreaker: false });
  const r = await client.tryCall({ ...params, stream: false });
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.record).toMatchObject({ error_kind: 'malformed_response', request_id: 'req_overclaim', partial_attempts_billed: 1 });
  expect(r.record!.error_message).toMatch(/the response reported 39500000 output tokens/);
  expect(r.record!.usage).toMatchObject({ input_tokens: 12, output_tokens: 64 });
});
