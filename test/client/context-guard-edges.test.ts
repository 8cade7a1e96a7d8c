import { describe, expect, test } from 'vitest';
import { assessContext, checkWindow, CONTEXT_HIGH_RATIO, contextWindow, estimateInputTokens } from '../../src/client/context-guard.ts';
import { defaultCatalog } from '../../src/shared/catalog.ts';

const HAIKU = 'claude-haiku-4-5'; // 200K window

describe('context guard thresholds', () => {
  test('exactly 80% of the window is not high; one token more is', () => {
    expect(CONTEXT_HIGH_RATIO).toBe(0.8);
    expect(assessContext(160_000, 'estimate', HAIKU, defaultCatalog)).toMatchObject({ utilisation: 0.8, high: false });
    expect(assessContext(160_001, 'estimate', HAIKU, defaultCatalog).high).toBe(true);
  });
  test('a prompt exactly the size of the window is not refused; one token more is', () => {
    expect(assessContext(200_000, 'estimate', HAIKU, defaultCatalog)).toMatchObject({ utilisation: 1, high: true, overflow: false });
    expect(assessContext(200_001, 'estimate', HAIKU, defaultCatalog).overflow).toBe(true);
  });
  test('the flag threshold is the caller’s when given', () => {
    expect(assessContext(100_001, 'estimate', HAIKU, defaultCatalog, 0.5).high).toBe(true);
    expect(assessContext(100_000, 'estimate', HAIKU, defaultCatalog, 0.5).high).toBe(false);
    expect(checkWindow(95, 'count_tokens', 100, 0.9)).toEqual({ input_tokens: 95, method: 'count_tokens', window: 100, utilisation: 0.95, high: true, overflow: false });
    expect(checkWindow(85, 'estimate', 100)).toMatchObject({ high: true });
  });
  test('no window, no verdict', () => {
    expect(checkWindow(1e9, 'estimate', null, 0)).toEqual({ input_tokens: 1e9, method: 'estimate', window: null, utilisation: null, high: false, overflow: false });
  });
});

describe('context window', () => {
  test('the long-context beta is matched as one whole entry of a comma list, spaces trimmed', () => {
    expect(contextWindow('claude-sonnet-4-5', defaultCatalog)).toBe(200_000);
    expect(contextWindow('claude-sonnet-4-5', defaultCatalog, 'context-1m-2025-08-07')).toBe(1_000_000);
    expect(contextWindow('claude-sonnet-4-5', defaultCatalog, '  context-1m-2025-08-07  ,other')).toBe(1_000_000);
    expect(contextWindow('claude-sonnet-4-5', defaultCatalog, 'context-1m-2025-08-07-preview')).toBe(200_000);
    expect(contextWindow('claude-sonnet-4-5', defaultCatalog, '')).toBe(200_000);
    expect(contextWindow('claude-unknown', defaultCatalog, 'context-1m-2025-08-07')).toBeNull();
  });
});

describe('local estimate by block type', () => {
  const only = (content: unknown) => estimateInputTokens({ messages: [{ content }] }) - 8 - 4;
  test('a string inside a content array counts as text', () => {
    expect(only(['abcde'])).toBe(2);
  });
  test('a tool result counts its content (text or blocks), not its JSON', () => {
    expect(only([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x'.repeat(40) }])).toBe(10);
    expect(only([{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'y'.repeat(12) }, { type: 'text', text: 'z' }] }])).toBe(3 + 1);
  });
  test('a tool result without content, an image, a text block without text: their JSON length', () => {
    const noContent = { type: 'tool_result', tool_use_id: 'toolu_1' };
    expect(only([noContent])).toBe(Math.ceil(JSON.stringify(noContent).length / 4));
    const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } };
    expect(only([image])).toBe(Math.ceil(JSON.stringify(image).length / 4));
    const odd = { type: 'text', text: 42 };
    expect(only([odd])).toBe(Math.ceil(JSON.stringify(odd).length / 4));
  });
  test('a null block counts as an empty string’s JSON (one token), content given as one block too', () => {
    expect(only([null])).toBe(1);
    expect(only({ type: 'text', text: 'abcdefgh' })).toBe(2);
  });
  test('a system prompt as text blocks; no system, no tools: only the framing', () => {
    expect(estimateInputTokens({ system: [{ type: 'text', text: 'a'.repeat(17) }], messages: [] })).toBe(8 + 5);
    expect(estimateInputTokens({ messages: [] })).toBe(8);
    expect(estimateInputTokens({ messages: [{ content: '' }, { content: [] }] })).toBe(8 + 4 + 4);
  });
});

describe('only text blocks count by their text, only tool results by their content', () => {
  const only = (content: unknown) => estimateInputTokens({ messages: [{ content }] }) - 8 - 4;
  test('another block type with a text or content field counts by its JSON', () => {
    const withText = { type: 'document', text: 'x', source: { type: 'text', media_type: 'text/plain', data: 'y'.repeat(80) } };
    expect(only([withText])).toBe(Math.ceil(JSON.stringify(withText).length / 4));
    const withContent = { type: 'search_result', title: 't', source: 'https://example.com', content: 'x' };
    expect(only([withContent])).toBe(Math.ceil(JSON.stringify(withContent).length / 4));
  });
});
