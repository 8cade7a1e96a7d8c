import { expect, test } from 'vitest';
import { assessContext, estimateInputTokens } from '../../src/client/context-guard.ts';
import { defaultCatalog } from '../../src/shared/catalog.ts';

test('local estimate: ceil(chars/4) per text, 4 per message, 8 per request', () => {
  const n = estimateInputTokens({
    system: 'abcde', // 2
    messages: [
      { content: 'x'.repeat(8) }, // 4 + 2
      { content: [{ type: 'text', text: 'y'.repeat(9) }, { type: 'text', text: 'z' }] }, // 4 + 3 + 1
    ],
  });
  expect(n).toBe(8 + 2 + 6 + 8);
});

test('non-text blocks and tools count by their JSON length', () => {
  const tools = [{ name: 't', input_schema: { type: 'object' } }];
  const withTools = estimateInputTokens({ messages: [{ content: 'hi' }], tools });
  expect(withTools - estimateInputTokens({ messages: [{ content: 'hi' }] })).toBe(Math.ceil(JSON.stringify(tools).length / 4));
});

test('utilisation against the catalogue window; high above 80%, overflow above 100%', () => {
  expect(assessContext(100_000, 'estimate', 'claude-haiku-4-5', defaultCatalog)).toMatchObject({ window: 200_000, utilisation: 0.5, high: false, overflow: false });
  expect(assessContext(160_001, 'estimate', 'claude-haiku-4-5', defaultCatalog)).toMatchObject({ high: true, overflow: false });
  expect(assessContext(200_001, 'count_tokens', 'claude-haiku-4-5', defaultCatalog)).toMatchObject({ high: true, overflow: true, method: 'count_tokens' });
  expect(assessContext(500_000, 'estimate', 'claude-sonnet-4-6', defaultCatalog)).toMatchObject({ window: 1_000_000, overflow: false });
});

test('an unknown model has no window: no utilisation, never refused', () => {
  expect(assessContext(10_000_000, 'estimate', 'claude-unknown', defaultCatalog)).toMatchObject({ window: null, utilisation: null, high: false, overflow: false });
});

test("Sonnet 4.5's 1M long-context beta widens the window; without it 300K tokens overflow", () => {
  const plain = assessContext(300_000, 'estimate', 'claude-sonnet-4-5', defaultCatalog);
  expect(plain).toMatchObject({ window: 200_000, overflow: true });
  const beta = assessContext(300_000, 'estimate', 'claude-sonnet-4-5', defaultCatalog, 0.8, 'prompt-caching-2024-07-31, context-1m-2025-08-07');
  expect(beta).toMatchObject({ window: 1_000_000, overflow: false, high: false });
  expect(assessContext(300_000, 'estimate', 'claude-haiku-4-5', defaultCatalog, 0.8, 'context-1m-2025-08-07').window).toBe(200_000);
});
