/**
 * Content capture against the GenAI conventions' own JSON schemas (test/fixtures/semconv/, with
 * their source): with `captureContent` on, `gen_ai.input.messages`, `gen_ai.output.messages` and
 * `gen_ai.system_instructions` on the call span and on the opt-in details event validate, every
 * part is one of the schema's named part types (not only the catch-all GenericPart), and the
 * output carries its finish reason. Off (the default): no content anywhere.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterEach, describe, expect, test } from 'vitest';
import { harness, params, type Harness } from './helpers.ts';

const SCHEMA_DIR = new URL('../fixtures/semconv/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;

/** The schema without its GenericPart fallback: a part must be text, tool_call, reasoning, ... */
function strict(schema: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema), (_k, v: unknown) =>
    Array.isArray(v) ? v.filter((x) => !(x && typeof x === 'object' && (x as { $ref?: unknown }).$ref === '#/$defs/GenericPart')) : v,
  ) as Record<string, unknown>;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const SCHEMAS = {
  'gen_ai.input.messages': 'gen-ai-input-messages.json',
  'gen_ai.output.messages': 'gen-ai-output-messages.json',
  'gen_ai.system_instructions': 'gen-ai-system-instructions.json',
} as const;
type ContentAttr = keyof typeof SCHEMAS;
const validators = Object.fromEntries(
  Object.entries(SCHEMAS).map(([attr, file]) => [attr, { loose: ajv.compile(load(file)), strict: ajv.compile(strict(load(file))) }]),
) as Record<ContentAttr, { loose: ValidateFunction; strict: ValidateFunction }>;

/** On spans a JSON string; on events structured (the conventions: events MUST record them structured). */
function expectValid(attr: ContentAttr, value: unknown, form: 'json' | 'structured' = 'json'): unknown[] {
  if (form === 'json') expect(typeof value, `${attr} is a JSON string`).toBe('string');
  else expect(Array.isArray(value), `${attr} is structured`).toBe(true);
  const doc = (form === 'json' ? JSON.parse(value as string) : value) as unknown[];
  for (const mode of ['loose', 'strict'] as const) {
    const v = validators[attr][mode];
    expect(v(doc), `${attr} (${mode}): ${ajv.errorsText(v.errors)}\n${value as string}`).toBe(true);
  }
  return doc;
}

const CONTENT_ATTRS = ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.definitions'];
const PROMPT = 'CONTENTSENTINEL what is the weather in Paris?';
const TOOLS = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }];

/** A conversation that uses every block our mapping knows on the input side: text, tool_use, tool_result, thinking. */
async function exercise(h: Harness): Promise<void> {
  const system = [{ type: 'text' as const, text: 'You are terse. CONTENTSENTINEL' }];
  // 1. A forced tool call (tool_use out), non-streaming.
  const first = await h.client.call(params({ system, tools: TOOLS, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: PROMPT }] }), { conversationId: 'conv-1' });
  const toolUse = first.message.content.find((b) => b.type === 'tool_use')!;
  // 2. The tool result back (tool_use and tool_result in), streamed.
  await h.client.call(
    params({
      system,
      tools: TOOLS,
      stream: true,
      messages: [
        { role: 'user', content: PROMPT },
        { role: 'assistant', content: first.message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '18 C, clear' }] },
      ],
    }),
    { onText: () => {}, conversationId: 'conv-1' },
  );
  // 3. Thinking (reasoning out), system as a string.
  await h.client.call(params({ system: 'Think first. CONTENTSENTINEL', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: PROMPT }] }));
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('content capture on', () => {
  test('input, output and system content validate against the conventions\' schemas, with finish reasons and every part type mapped', async () => {
    h = await harness(undefined, { captureContent: true, captureToolDefinitions: true, inferenceEvents: true });
    await exercise(h);
    await h.tel.flush();
    const spans = h.tel.spans().filter((s) => s.name.startsWith('chat '));
    expect(spans).toHaveLength(3);
    const seenParts = new Set<string>();
    const finish: unknown[] = [];
    for (const s of spans) {
      for (const attr of Object.keys(SCHEMAS) as ContentAttr[]) {
        const doc = expectValid(attr, s.attributes[attr]);
        for (const m of doc) {
          const parts = attr === 'gen_ai.system_instructions' ? [m] : ((m as { parts: Array<{ type: string }> }).parts);
          for (const p of parts) seenParts.add(`${attr}:${(p as { type: string }).type}`);
          if (attr === 'gen_ai.output.messages') finish.push((m as { finish_reason: unknown }).finish_reason);
        }
      }
    }
    // Tools on the first two calls only.
    expect(spans.map((s) => (s.attributes['gen_ai.tool.definitions'] === undefined ? null : JSON.parse(s.attributes['gen_ai.tool.definitions'] as string)))).toEqual([
      [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: TOOLS[0]!.input_schema }],
      [{ type: 'function', name: 'get_weather', description: 'Weather for a city', parameters: TOOLS[0]!.input_schema }],
      null,
    ]);
    expect([...seenParts].sort()).toEqual(
      [
        'gen_ai.input.messages:text',
        'gen_ai.input.messages:tool_call',
        'gen_ai.input.messages:tool_call_response',
        'gen_ai.output.messages:reasoning',
        'gen_ai.output.messages:text',
        'gen_ai.output.messages:tool_call',
        'gen_ai.system_instructions:text',
      ].sort(),
    );
    // tool_use -> tool_call; the streamed answer and the thinking one end naturally -> stop.
    expect(finish).toEqual(['tool_call', 'stop', 'stop']);
    expect(spans.map((s) => s.attributes['gen_ai.conversation.id'])).toEqual(['conv-1', 'conv-1', undefined]);

    // The details event: one per call, in the call span's trace, with the same content.
    const events = h.tel.logRecords().filter((r) => r.eventName === 'gen_ai.client.inference.operation.details');
    expect(events).toHaveLength(3);
    for (const [i, e] of events.entries()) {
      expect(e.spanContext?.traceId).toBe(spans[i]!.spanContext().traceId);
      expect(e.spanContext?.spanId).toBe(spans[i]!.spanContext().spanId);
      for (const attr of Object.keys(SCHEMAS) as ContentAttr[]) {
        expect(expectValid(attr, e.attributes[attr], 'structured')).toEqual(JSON.parse(spans[i]!.attributes[attr] as string));
      }
      expect(e.attributes['gen_ai.operation.name']).toBe('chat');
      expect(e.attributes['gen_ai.provider.name']).toBe('anthropic');
      expect(e.attributes['gen_ai.usage.input_tokens']).toBe(spans[i]!.attributes['gen_ai.usage.input_tokens']);
    }
  });

  test('a tool call\'s arguments and id survive the mapping', async () => {
    h = await harness(undefined, { captureContent: true });
    const r = await h.client.call(params({ tools: TOOLS, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: PROMPT }] }));
    await h.tel.flush();
    const call = h.tel.spans().find((s) => s.name.startsWith('chat '))!;
    const out = JSON.parse(call.attributes['gen_ai.output.messages'] as string) as Array<{ parts: unknown[] }>;
    const tu = r.message.content.find((b) => b.type === 'tool_use')!;
    expect(out[0]!.parts).toContainEqual({ type: 'tool_call', id: tu.id, name: 'get_weather', arguments: tu.input });
  });
});

describe('content capture off (the default)', () => {
  test('no content on spans, events, logs or metrics; the details event still carries the call without it', async () => {
    h = await harness(undefined, { inferenceEvents: true });
    await exercise(h);
    await h.tel.flush();
    const spans = h.tel.spans();
    const events = h.tel.logRecords();
    expect(events).toHaveLength(3);
    const everything = [
      ...h.lines,
      ...spans.map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      ...events.map((e) => JSON.stringify({ body: e.body, attributes: e.attributes })),
      ...h.tel.points().map((p) => JSON.stringify(p)),
    ].join('\n');
    expect(everything).not.toContain('CONTENTSENTINEL');
    expect(everything).not.toContain('18 C, clear');
    for (const attr of CONTENT_ATTRS) expect(everything).not.toContain(attr);
    expect(events[0]!.attributes['gen_ai.request.model']).toBe(spans.find((s) => s.name.startsWith('chat '))!.attributes['gen_ai.request.model']);
  });

  test('no details event unless asked for', async () => {
    h = await harness(undefined, { captureContent: true });
    await h.client.call(params());
    await h.tel.flush();
    expect(h.tel.logRecords()).toEqual([]);
  });
});
