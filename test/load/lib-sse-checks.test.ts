import { describe, expect, it } from 'vitest';
import { classifyResponse, kindForStatus, K6_TIMEOUT_ERROR_CODE } from '../../scenarios/load/lib/checks.ts';
import { estimateTtftMs, parseSse, summariseStream } from '../../scenarios/load/lib/sse.ts';

const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
const START = frame('message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-haiku-4-5', stop_reason: null, usage: { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 100 } } });
const BLOCK = frame('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
const PING = 'event: ping\ndata: {"type": "ping"}\n\n';
const delta = (text: string) => frame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
const END = frame('content_block_stop', { type: 'content_block_stop', index: 0 }) +
  frame('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 15 } }) +
  frame('message_stop', { type: 'message_stop' });
const FULL = START + BLOCK + PING + delta('Hello') + delta('!') + END;

describe('SSE parsing', () => {
  it('splits frames, keeps event names, skips comments and joins multi-line data', () => {
    const events = parseSse(': comment\n\nevent: a\ndata: 1\ndata: 2\n\nevent: b\r\ndata: {}\r\n\r\n');
    expect(events.map((e) => [e.event, e.data])).toEqual([['a', '1\n2'], ['b', '{}']]);
  });

  it('summarises a complete stream: text, cumulative usage (last wins), stop reason', () => {
    const s = summariseStream(FULL);
    expect(s).toMatchObject({ complete: true, errorType: null, text: 'Hello!', inputTokens: 25, outputTokens: 15, cacheReadInputTokens: 100, stopReason: 'end_turn', model: 'claude-haiku-4-5', malformedFrames: 0 });
    expect(s.firstDeltaEnd).toBe((START + BLOCK + PING + delta('Hello')).length);
  });

  it('sees a mid-stream error event and a truncated stream', () => {
    const err = START + BLOCK + delta('Hel') + frame('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(summariseStream(err)).toMatchObject({ complete: false, errorType: 'overloaded_error' });
    expect(summariseStream(START + BLOCK + delta('Hel'))).toMatchObject({ complete: false, errorType: null });
  });

  it('estimates TTFT from k6 timings: first byte plus the share of the body before the first delta', () => {
    const s = summariseStream(FULL);
    const share = s.firstDeltaEnd! / s.length;
    expect(estimateTtftMs({ waiting: 300, receiving: 1000 }, s)).toBeCloseTo(300 + 1000 * share, 6);
    expect(estimateTtftMs({ waiting: 300, receiving: 0 }, s)).toBe(300);
    expect(estimateTtftMs({ waiting: 300, receiving: 1000 }, summariseStream(START + END))).toBeNull();
  });
});

describe('response checks', () => {
  const json = (body: unknown) => JSON.stringify(body);
  const err = (type: string, message: string) => json({ type: 'error', error: { type, message }, request_id: 'req_1' });

  it.each([
    [429, err('rate_limit_error', 'This request would exceed your organization\'s rate limit'), { 'retry-after': '2' }, 'rate_limited'],
    [429, err('rate_limit_error', 'You have reached your specified API usage limits.'), {}, 'spend_limited'],
    [529, err('overloaded_error', 'Overloaded'), {}, 'overloaded'],
    [500, err('api_error', 'Internal server error'), {}, 'server_error'],
    [503, err('api_error', 'Service unavailable'), {}, 'server_error'],
    [504, err('timeout_error', 'Request timeout'), {}, 'timeout'],
    [401, err('authentication_error', 'invalid x-api-key'), {}, 'auth'],
    [403, err('permission_error', 'no'), {}, 'permission'],
    [404, err('not_found_error', 'no'), {}, 'not_found'],
    [400, err('invalid_request_error', 'prompt is too long: 219898 tokens > 200000 maximum'), {}, 'context_overflow'],
    [400, err('invalid_request_error', 'max_tokens: 128001 > 64000, which is the maximum'), {}, 'invalid_max_tokens'],
    [400, err('invalid_request_error', 'messages: field required'), {}, 'invalid_request'],
  ] as const)('classifies HTTP %i (%s) as %s', (status, body, headers, kind) => {
    expect(kindForStatus(status, body, headers)).toBe(kind);
    expect(classifyResponse({ status, body, headers }, false)).toMatchObject({ ok: false, kind, status });
  });

  it('tells a k6 timeout from a dropped connection', () => {
    expect(classifyResponse({ status: 0, body: null, error_code: K6_TIMEOUT_ERROR_CODE }, false).kind).toBe('timeout');
    expect(classifyResponse({ status: 0, body: null, error_code: 1211 }, false).kind).toBe('connection');
  });

  it('accepts a Messages response and reads its usage', () => {
    const body = json({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn', usage: { input_tokens: 12, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } });
    expect(classifyResponse({ status: 200, body }, false)).toMatchObject({ ok: true, kind: null, usage: { input: 12, output: 40, cacheCreation: 0, cacheRead: 0 }, stopReason: 'end_turn', model: 'claude-haiku-4-5' });
  });

  it('flags a 200 whose body is not JSON, or JSON that is not a message, as malformed', () => {
    expect(classifyResponse({ status: 200, body: '{"type":"message","content":[' }, false)).toMatchObject({ ok: false, kind: 'malformed_response' });
    expect(classifyResponse({ status: 200, body: '{"hello":1}' }, false)).toMatchObject({ ok: false, kind: 'malformed_response' });
  });

  it('judges streams: complete is ok, error event and truncation are interrupted, bad JSON is malformed', () => {
    expect(classifyResponse({ status: 200, body: FULL }, true)).toMatchObject({ ok: true, usage: { input: 25, output: 15, cacheRead: 100 } });
    expect(classifyResponse({ status: 200, body: START + frame('error', { type: 'error', error: { type: 'api_error', message: 'x' } }) }, true)).toMatchObject({ ok: false, kind: 'stream_interrupted' });
    expect(classifyResponse({ status: 200, body: START + BLOCK + delta('a') }, true)).toMatchObject({ ok: false, kind: 'stream_interrupted' });
    expect(classifyResponse({ status: 200, body: START + 'event: content_block_delta\ndata: {oops\n\n' + END }, true)).toMatchObject({ ok: false, kind: 'malformed_response' });
  });
});
