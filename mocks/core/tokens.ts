/**
 * Token estimates. The simulator has no tokenizer; it uses the rule of thumb Anthropic documents
 * for English text, about 4 characters per token, rounded up per piece of text, plus a small fixed
 * overhead per message (role and framing) and per request. The same estimate drives usage,
 * count_tokens, the context-window check and caching, so the numbers agree with each other.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REQUEST = 4;

export function textTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** Tokens of an arbitrary content value (string, blocks, tool inputs): text length of its JSON. */
export function contentTokens(content: unknown): number {
  if (typeof content === 'string') return textTokens(content);
  if (Array.isArray(content)) return content.reduce((n: number, b) => n + blockTokens(b), 0);
  return 0;
}

function blockTokens(block: unknown): number {
  if (!block || typeof block !== 'object') return 0;
  const b = block as Record<string, unknown>;
  switch (b['type']) {
    case 'text':
      return textTokens(String(b['text'] ?? ''));
    case 'image':
    case 'document':
      return 1_600; // a typical image or page, fixed: the simulator does not decode media
    case 'tool_use':
      return textTokens(JSON.stringify(b['input'] ?? {})) + 8;
    case 'tool_result':
      return contentTokens(b['content']) + 4;
    default:
      return textTokens(JSON.stringify(b));
  }
}
