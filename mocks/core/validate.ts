/**
 * Request validation as the real API does it: the first problem found becomes a 400
 * `invalid_request_error` (or 404 for an unknown model), with the API's own wording where it is
 * known (api-facts.md §4.4). Hand-written rather than zod: it runs on every request of the HTTP
 * simulator's hot path and must phrase messages the API's way.
 */
import type { Catalog, ModelInfo } from '../../src/shared/catalog.ts';
import { contentTokens, textTokens, TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST } from './tokens.ts';
import { validateToolsAndThinking, type ToolFacts } from './validate-tools.ts';
import type { ApiErrorSpec } from './wire.ts';

export interface ContentBlock {
  type: string;
  text?: string;
  cache_control?: { type: string; ttl?: string } | null;
  [k: string]: unknown;
}

export interface MessageParam {
  role: 'user' | 'assistant';
  content: string | ContentBlock[];
}

export interface MessagesRequest extends ToolFacts {
  model: string;
  info: ModelInfo;
  max_tokens: number;
  messages: MessageParam[];
  system?: string | ContentBlock[];
  stop_sequences?: string[];
  stream: boolean;
  /** As sent (token estimate, caching); `tool_defs` is the validated list. */
  tools?: unknown[];
  /** `metadata.user_id`, when given. */
  metadata_user_id?: string;
  cache_control?: { type: string; ttl?: string } | null;
  /** Estimated input tokens (see tokens.ts). */
  input_tokens: number;
  /** The last user turn's text, for intents and seeding. */
  last_user_text: string;
}

export type Validated = { ok: true; req: MessagesRequest } | { ok: false; error: ApiErrorSpec };

const bad = (message: string): Validated => ({ ok: false, error: { status: 400, type: 'invalid_request_error', message } });

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkContent(content: unknown, path: string): string | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `${path}: Input should be a valid string or a valid list`;
  for (let i = 0; i < content.length; i++) {
    const b = content[i];
    if (!isObj(b) || typeof b['type'] !== 'string') return `${path}.${i}.type: Field required`;
    if (b['type'] === 'text' && typeof b['text'] !== 'string') return `${path}.${i}.text: Field required`;
  }
  return undefined;
}

function textOf(content: string | ContentBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  // A tool_result's text counts as what the user said: the reply after a tool call refers to it.
  return content.map((b) => (typeof b.text === 'string' ? b.text : b.type === 'tool_result' ? textOf(b['content'] as string | ContentBlock[] | undefined) : '')).join('\n');
}

/** Estimated input tokens of a (validated) request body. */
export function estimateInputTokens(body: { system?: unknown; messages: MessageParam[]; tools?: unknown[] }): number {
  let n = TOKENS_PER_REQUEST + contentTokens(body.system ?? '');
  for (const m of body.messages) n += TOKENS_PER_MESSAGE + contentTokens(m.content);
  if (body.tools) n += textTokens(JSON.stringify(body.tools));
  return n;
}

/**
 * Validates a Messages (or count_tokens, with `forCount`) body. `betas` is the
 * `anthropic-beta` header, which can widen a model's context window.
 */
export function validateMessages(raw: string, catalog: Catalog, opts: { forCount?: boolean; betas?: string } = {}): Validated {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return bad('There was an issue with the format of your request body: it is not valid JSON');
  }
  if (!isObj(body)) return bad('Input should be a valid dictionary');
  const model = body['model'];
  if (model === undefined) return bad('model: Field required');
  if (typeof model !== 'string') return bad('model: Input should be a valid string');
  const mt = body['max_tokens'];
  if (!opts.forCount) {
    if (mt === undefined) return bad('max_tokens: Field required');
    if (typeof mt !== 'number' || !Number.isInteger(mt)) return bad('max_tokens: Input should be a valid integer');
    if (mt < 0) return bad('max_tokens: Input should be greater than or equal to 0');
  }
  const messages = body['messages'];
  if (messages === undefined) return bad('messages: Field required');
  if (!Array.isArray(messages)) return bad('messages: Input should be a valid list');
  if (messages.length === 0) return bad('messages: at least one message is required');
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObj(m)) return bad(`messages.${i}: Input should be a valid dictionary`);
    if (m['role'] !== 'user' && m['role'] !== 'assistant') return bad(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    if (m['content'] === undefined) return bad(`messages.${i}.content: Field required`);
    const e = checkContent(m['content'], `messages.${i}.content`);
    if (e) return bad(e);
  }
  const system = body['system'];
  if (system !== undefined) {
    const e = checkContent(system, 'system');
    if (e) return bad(e);
  }
  const stop = body['stop_sequences'];
  if (stop !== undefined && (!Array.isArray(stop) || stop.some((s) => typeof s !== 'string'))) {
    return bad('stop_sequences: Input should be a valid list of strings');
  }
  const stream = body['stream'];
  if (stream !== undefined && typeof stream !== 'boolean') return bad('stream: Input should be a valid boolean');
  const temperature = body['temperature'];
  if (temperature !== undefined && (typeof temperature !== 'number' || temperature < 0 || temperature > 1)) {
    return bad('temperature: Input should be less than or equal to 1');
  }
  const tools = body['tools'];
  if (tools !== undefined && !Array.isArray(tools)) return bad('tools: Input should be a valid list');
  const metadata = body['metadata'];
  if (metadata !== undefined && metadata !== null && (!isObj(metadata) || (metadata['user_id'] != null && typeof metadata['user_id'] !== 'string'))) {
    return bad('metadata.user_id: Input should be a valid string');
  }
  const facts = validateToolsAndThinking(body, messages as MessageParam[], typeof mt === 'number' ? mt : 0, opts.forCount === true);
  if (typeof facts === 'string') return bad(facts);

  const info = catalog.find(model);
  if (!info || info.status === 'retired') return { ok: false, error: { status: 404, type: 'not_found_error', message: `model: ${model}` } };
  const maxTokens = typeof mt === 'number' ? mt : 0;
  if (!opts.forCount && maxTokens > info.max_output) {
    return bad(`max_tokens: ${maxTokens} > ${info.max_output}, which is the maximum allowed number of output tokens for ${info.id}`);
  }
  const msgs = messages as MessageParam[];
  const input = estimateInputTokens({ system, messages: msgs, ...(tools ? { tools: tools as unknown[] } : {}) });
  const window =
    info.long_context && opts.betas?.split(',').map((s) => s.trim()).includes(info.long_context.beta)
      ? info.long_context.context_window
      : info.context_window;
  if (input > window) return bad(`prompt is too long: ${input} tokens > ${window} maximum`);

  let lastUser = '';
  for (let i = msgs.length - 1; i >= 0; i--) {
    if (msgs[i]!.role === 'user') {
      lastUser = textOf(msgs[i]!.content);
      break;
    }
  }
  return {
    ok: true,
    req: {
      model,
      info,
      max_tokens: maxTokens,
      messages: msgs,
      ...(system !== undefined ? { system: system as string | ContentBlock[] } : {}),
      ...(stop !== undefined ? { stop_sequences: stop as string[] } : {}),
      stream: stream === true,
      ...(tools !== undefined ? { tools: tools as unknown[] } : {}),
      ...facts,
      ...(isObj(metadata) && typeof metadata['user_id'] === 'string' ? { metadata_user_id: metadata['user_id'] } : {}),
      ...(isObj(body['cache_control']) ? { cache_control: body['cache_control'] as { type: string; ttl?: string } } : {}),
      input_tokens: input,
      last_user_text: lastUser,
    },
  };
}
