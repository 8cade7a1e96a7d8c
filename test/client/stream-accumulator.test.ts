/**
 * The stream accumulator against the documented SSE event order (api-facts §2.1): text, tool
 * input JSON, thinking and citations by block index; message_delta usage is cumulative and
 * overwrites, never adds; only message_stop makes a stream complete.
 */
import { expect, test } from 'vitest';
import { messageText, StreamAccumulator } from '../../src/client/stream-accumulator.ts';

type Ev = Parameters<StreamAccumulator['apply']>[0];
const ev = (e: Record<string, unknown>) => e as unknown as Ev;

function events(): Ev[] {
  return [
    ev({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 5 } } }),
    ev({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } }),
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } }),
    ev({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } }),
    ev({ type: 'content_block_stop', index: 0 }),
    ev({ type: 'ping' }),
    ev({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
    ev({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hello' } }),
    ev({ type: 'content_block_delta', index: 1, delta: { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'x' } } }),
    ev({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: ', world.' } }),
    ev({ type: 'content_block_stop', index: 1 }),
    ev({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } }),
    ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } }),
    ev({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }),
    ev({ type: 'content_block_stop', index: 2 }),
    ev({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 42, input_tokens: null } }),
    ev({ type: 'message_delta', delta: {}, usage: { output_tokens: 57 } }),
    ev({ type: 'message_stop' }),
  ];
}

test('builds the final message block by block, returning only text deltas', () => {
  const acc = new StreamAccumulator();
  const texts: string[] = [];
  const all = events();
  for (const [i, e] of all.entries()) {
    texts.push(acc.apply(e));
    expect(acc.complete).toBe(i === all.length - 1);
  }
  expect(texts.filter(Boolean)).toEqual(['Hello', ', world.']);
  const m = acc.message!;
  expect(m.content).toEqual([
    { type: 'thinking', thinking: 'Let me think.', signature: 'sig' },
    { type: 'text', text: 'Hello, world.', citations: [{ type: 'char_location', cited_text: 'x' }] },
    { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
  ]);
  expect(messageText(m)).toBe('Hello, world.');
  expect(m.stop_reason).toBe('tool_use');
  // Cumulative: the last count wins; a null in a delta does not erase the start's value.
  expect(m.usage).toMatchObject({ input_tokens: 20, output_tokens: 57, cache_read_input_tokens: 5 });
});

test('a stream cut before message_stop is incomplete, keeps what arrived, and bad tool JSON stays as text', () => {
  const acc = new StreamAccumulator();
  const cut = events().slice(0, 14); // up to the first tool-input fragment
  for (const e of cut) acc.apply(e);
  acc.apply(ev({ type: 'content_block_stop', index: 2 }));
  expect(acc.complete).toBe(false);
  expect(messageText(acc.message!)).toBe('Hello, world.');
  expect((acc.message!.content[2] as unknown as { input: unknown }).input).toBe('{"city": "Pa');
});

test('deltas before message_start, unknown events and unknown delta types are ignored', () => {
  const acc = new StreamAccumulator();
  expect(acc.apply(ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'early' } }))).toBe('');
  acc.apply(events()[0]!);
  acc.apply(ev({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
  expect(acc.apply(ev({ type: 'content_block_delta', index: 0, delta: { type: 'future_delta', x: 1 } }))).toBe('');
  acc.apply(ev({ type: 'brand_new_event' }));
  expect(acc.apply(ev({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } }))).toBe('ok');
  expect(messageText(acc.message!)).toBe('ok');
});
