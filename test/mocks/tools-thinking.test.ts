import { BadRequestError } from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TRANSPORTS, type SimHandle } from './sim-transports.ts';

const MODEL = 'claude-sonnet-4-6';
const WEATHER: Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'unit', 'days'] },
};
const CLOCK: Tool = { name: 'get_time', description: 'Time now', input_schema: { type: 'object', properties: {} } };

/** Content without the random ids, to compare a streamed message with a non-streamed one. */
const shape = (m: Message) => m.content.map((b) => (b.type === 'tool_use' ? { ...b, id: 'toolu_' } : b));

async function raw(h: SimHandle, body: Record<string, unknown>): Promise<Array<{ event: string; data: any }>> {
  const res = await h.fetch(`${h.baseURL}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  return (await res.text())
    .trim()
    .split('\n\n')
    .map((f) => {
      const [ev, data] = f.split('\n');
      return { event: ev!.slice('event: '.length), data: JSON.parse(data!.slice('data: '.length)) };
    });
}

describe.each(TRANSPORTS)('tool use and extended thinking through the official SDK, %s', (_name, start) => {
  let h: SimHandle;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.close());

  const forced: MessageCreateParamsNonStreaming = {
    model: MODEL,
    max_tokens: 400,
    tools: [WEATHER, CLOCK],
    tool_choice: { type: 'tool', name: 'get_weather' },
    messages: [{ role: 'user', content: 'Weather in Paris?' }],
  };

  test('tool_choice tool: a tool_use block with an input that fits the schema, stop_reason tool_use; streamed the same, usage equal', async () => {
    const m = await h.sdk().messages.create(forced);
    expect(m.stop_reason).toBe('tool_use');
    expect(m.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_01\w{22}$/), name: 'get_weather', input: { city: 'example', unit: 'celsius', days: 1 }, caller: { type: 'direct' } }]);
    const s = h.sdk().messages.stream(forced);
    const partial: string[] = [];
    s.on('inputJson', (delta) => partial.push(delta));
    const f = await s.finalMessage();
    expect(shape(f)).toEqual(shape(m));
    expect(f.stop_reason).toBe('tool_use');
    expect(f.usage).toEqual(m.usage);
    expect(JSON.parse(partial.join(''))).toEqual({ city: 'example', unit: 'celsius', days: 1 });
  });

  test('raw stream: tool_use block starts with input {}, input_json_delta fragments begin with "" and join to the input', async () => {
    const frames = await raw(h, forced as never);
    const start = frames.find((f) => f.event === 'content_block_start')!;
    expect(start.data.content_block).toMatchObject({ type: 'tool_use', name: 'get_weather', input: {} });
    const deltas = frames.filter((f) => f.event === 'content_block_delta').map((f) => f.data.delta);
    expect(deltas.every((d) => d.type === 'input_json_delta')).toBe(true);
    expect(deltas[0].partial_json).toBe('');
    expect(JSON.parse(deltas.map((d) => d.partial_json).join(''))).toEqual({ city: 'example', unit: 'celsius', days: 1 });
    expect(frames.find((f) => f.event === 'message_delta')!.data.delta.stop_reason).toBe('tool_use');
  });

  test('an agent loop: auto calls the tool the user names, a tool_result turn is accepted, the answer refers to it', async () => {
    const sdk = h.sdk();
    const first = await sdk.messages.create({ model: MODEL, max_tokens: 300, tools: [WEATHER], messages: [{ role: 'user', content: 'Use get_weather for Oslo please' }] });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((b) => b.type)).toEqual(['text', 'tool_use']);
    const call = first.content.find((b) => b.type === 'tool_use')!;
    const second = await sdk.messages.create({
      model: MODEL,
      max_tokens: 300,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'Use get_weather for Oslo please' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Oslo: 4 degrees and rain.' }] },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content).toEqual([expect.objectContaining({ type: 'text' })]);
  });

  test('tool_result not answering the previous turn, and a tool_use left unanswered: 400 with the API wording', async () => {
    const sdk = h.sdk();
    const assistant = { role: 'assistant' as const, content: [{ type: 'tool_use' as const, id: 'toolu_01A', name: 'get_weather', input: { city: 'Oslo' } }] };
    const wrong = sdk.messages.create({
      model: MODEL,
      max_tokens: 100,
      tools: [WEATHER],
      messages: [
        { role: 'user', content: 'weather?' },
        assistant,
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01A', content: 'x' }, { type: 'tool_result', tool_use_id: 'toolu_01B', content: 'y' }] },
      ],
    });
    await expect(wrong).rejects.toBeInstanceOf(BadRequestError);
    await expect(wrong).rejects.toThrow(
      'messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01B. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    );
    const unanswered = sdk.messages.create({ model: MODEL, max_tokens: 100, tools: [WEATHER], messages: [{ role: 'user', content: 'weather?' }, assistant, { role: 'user', content: 'well?' }] });
    await expect(unanswered).rejects.toThrow('messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01A.');
  });

  test('tool_choice: none never calls, any calls the first tool, and tool_choice without tools or an unknown type is a 400', async () => {
    const sdk = h.sdk();
    const none = await sdk.messages.create({ model: MODEL, max_tokens: 200, tools: [WEATHER], tool_choice: { type: 'none' }, messages: [{ role: 'user', content: 'Use get_weather for Oslo' }] });
    expect(none.content.map((b) => b.type)).toEqual(['text']);
    expect(none.stop_reason).toBe('end_turn');
    const any = await sdk.messages.create({ model: MODEL, max_tokens: 200, tools: [CLOCK, WEATHER], tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'hello' }] });
    expect(any.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_time', input: {} })]);
    await expect(sdk.messages.create({ model: MODEL, max_tokens: 50, tool_choice: { type: 'auto' }, messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(
      'tool_choice may only be specified while providing tools.',
    );
    await expect(sdk.messages.create({ model: MODEL, max_tokens: 50, tools: [WEATHER], tool_choice: { type: 'maybe' } as never, messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(
      "tool_choice: Input tag 'maybe' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'",
    );
  });

  const thinking: MessageCreateParamsNonStreaming = { model: MODEL, max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'Why is the sky blue?' }] };

  test('thinking: a thinking block with a signature before the text; thinking tokens billed as output; streamed equals non-streamed', async () => {
    const m = await h.sdk().messages.create(thinking);
    expect(m.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const t = m.content[0]!;
    if (t.type !== 'thinking') throw new Error('no thinking block');
    expect(t.thinking.length).toBeGreaterThan(0);
    expect(t.signature).toMatch(/^[A-Za-z0-9+/=]{200,}$/);
    const text = m.content[1]!.type === 'text' ? m.content[1]!.text : '';
    const thinkingTokens = m.usage.output_tokens_details?.thinking_tokens ?? 0;
    expect(thinkingTokens).toBe(Math.ceil(t.thinking.length / 4));
    expect(m.usage.output_tokens).toBe(thinkingTokens + Math.ceil(text.length / 4));
    const s = h.sdk().messages.stream(thinking);
    let thought = '';
    let signature = '';
    s.on('thinking', (d) => (thought += d));
    s.on('signature', (sig) => (signature = sig));
    const f = await s.finalMessage();
    expect(f.content).toEqual(m.content);
    expect(f.usage).toEqual(m.usage);
    expect(thought).toBe(t.thinking);
    expect(signature).toBe(t.signature);
  });

  test('raw stream: thinking block starts empty, thinking_delta frames, then one signature_delta just before content_block_stop', async () => {
    const frames = await raw(h, thinking as never);
    const ofBlock0 = frames.filter((f) => f.data.index === 0).map((f) => (f.event === 'content_block_delta' ? f.data.delta.type : f.event));
    expect(ofBlock0[0]).toBe('content_block_start');
    expect(frames.find((f) => f.event === 'content_block_start')!.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(ofBlock0.slice(-2)).toEqual(['signature_delta', 'content_block_stop']);
    expect(new Set(ofBlock0.slice(1, -2))).toEqual(new Set(['thinking_delta']));
  });

  test('thinking with tools: thinking, then the tool call; usage equal streamed and not', async () => {
    const p: MessageCreateParamsNonStreaming = { ...thinking, tools: [WEATHER], messages: [{ role: 'user', content: 'Call get_weather for Rome' }] };
    const m = await h.sdk().messages.create(p);
    expect(m.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const f = await h.sdk().messages.stream(p).finalMessage();
    expect(shape(f)).toEqual(shape(m));
    expect(f.usage).toEqual(m.usage);
  });

  test('thinking with tools, the next turn: the assistant turn passed back as received (thinking block intact) with the tool result is accepted', async () => {
    const sdk = h.sdk();
    const ask = { role: 'user' as const, content: 'Call get_weather for Rome' };
    const first = await sdk.messages.create({ ...thinking, tools: [WEATHER], messages: [ask] });
    const call = first.content.find((b) => b.type === 'tool_use')!;
    const next = await sdk.messages.create({
      ...thinking,
      tools: [WEATHER],
      messages: [ask, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'Rome: 21 degrees' }] }],
    });
    expect(next.stop_reason).toBe('end_turn');
    expect(next.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const unsigned = sdk.messages.create({
      ...thinking,
      messages: [ask, { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm' } as never, { type: 'text', text: 'ok' }] }, { role: 'user', content: 'and?' }],
    });
    await expect(unsigned).rejects.toThrow('messages.1.content.0.thinking.signature: Field required');
  });

  test('thinking validation with the API wording: budget under 1024, budget not under max_tokens, forced tool use', async () => {
    const sdk = h.sdk();
    await expect(sdk.messages.create({ ...thinking, thinking: { type: 'enabled', budget_tokens: 1000 } })).rejects.toThrow('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    await expect(sdk.messages.create({ ...thinking, max_tokens: 2048 })).rejects.toThrow('`max_tokens` must be greater than `thinking.budget_tokens`.');
    await expect(sdk.messages.create({ ...thinking, tools: [WEATHER], tool_choice: { type: 'any' } })).rejects.toThrow('Thinking may not be enabled when tool_choice forces tool use.');
    await expect(sdk.messages.create({ ...thinking, thinking: { type: 'disabled' } })).resolves.toMatchObject({ content: [expect.objectContaining({ type: 'text' })] });
  });
});
