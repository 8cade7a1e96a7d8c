/**
 * The Anthropic-to-conventions content mapping, block by block (table-driven), each result
 * validated against the conventions' schema without its GenericPart fallback, so a block
 * mapped to a made-up part type fails here.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { expect, test } from 'vitest';
import { blockPart, finishReason, inputMessages, outputMessages, systemInstructions, toolDefinitions } from '../../src/telemetry/genai-content.ts';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/semconv/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const noGeneric = (s: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(s), (_k, v: unknown) => (Array.isArray(v) ? v.filter((x) => (x as { $ref?: unknown } | null)?.$ref !== '#/$defs/GenericPart') : v)) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const validInput = ajv.compile(noGeneric(schema('gen-ai-input-messages.json')));
const validOutput = ajv.compile(noGeneric(schema('gen-ai-output-messages.json')));
const validSystem = ajv.compile(noGeneric(schema('gen-ai-system-instructions.json')));

test.each([
  ['text', { type: 'text', text: 'hi' }, { type: 'text', content: 'hi' }],
  ['thinking', { type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'reasoning', content: 'hmm' }],
  ['redacted thinking', { type: 'redacted_thinking', data: 'opaque' }, { type: 'reasoning', content: '', redacted: true }],
  ['tool_use', { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } }, { type: 'tool_call', id: 'toolu_1', name: 'f', arguments: { a: 1 } }],
  ['tool_result text', { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'ok' }] }, { type: 'tool_call_response', id: 'toolu_1', response: 'ok' }],
  ['tool_result error', { type: 'tool_result', tool_use_id: 'toolu_1', content: 'bad', is_error: true }, { type: 'tool_call_response', id: 'toolu_1', response: 'bad', is_error: true }],
  ['image base64', { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA=' } }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'AAA=' }],
  ['image url', { type: 'image', source: { type: 'url', url: 'https://x/y.png' } }, { type: 'uri', modality: 'image', uri: 'https://x/y.png' }],
  ['document file', { type: 'document', source: { type: 'file', file_id: 'file_1' } }, { type: 'file', modality: 'document', file_id: 'file_1' }],
  ['server tool use', { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } }, { type: 'server_tool_call', id: 'srvtoolu_1', name: 'web_search', server_tool_call: { type: 'web_search', arguments: { query: 'q' } } }],
  ['server tool result', { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] }, { type: 'server_tool_call_response', id: 'srvtoolu_1', server_tool_call_response: { type: 'web_search_tool_result', content: [] } }],
])('%s block maps to its part and validates', (_name, block, part) => {
  expect(blockPart(block)).toEqual(part);
  const messages = inputMessages([{ role: 'user', content: [block] }]);
  expect(validInput(messages), ajv.errorsText(validInput.errors)).toBe(true);
});

test('a string message or system prompt is one text part; an output message carries its finish reason', () => {
  expect(inputMessages([{ role: 'user', content: 'hello' }])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hello' }] }]);
  expect(systemInstructions('be brief')).toEqual([{ type: 'text', content: 'be brief' }]);
  expect(validSystem(systemInstructions([{ type: 'text', text: 'be brief' }]))).toBe(true);
  const out = outputMessages({ content: [{ type: 'text', text: 'ok' }], stop_reason: 'max_tokens' });
  expect(out).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'ok' }], finish_reason: 'length' }]);
  expect(validOutput(out), ajv.errorsText(validOutput.errors)).toBe(true);
});

test.each([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_call'],
  ['refusal', 'content_filter'],
  ['pause_turn', 'pause_turn'],
  [null, 'error'],
])('stop reason %s -> finish reason %s', (stop, finish) => {
  expect(finishReason(stop)).toBe(finish);
});

test('tool definitions: client tools as functions with their schema, server tools by type and name', () => {
  expect(
    toolDefinitions([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
      { type: 'web_search_20250305', name: 'web_search' },
    ]),
  ).toEqual([
    { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
    { type: 'web_search_20250305', name: 'web_search' },
  ]);
});
