/**
 * Context guard: how full the model's context window will be, before sending.
 *
 * Local estimate (used unless the count_tokens endpoint is enabled): for every piece of text
 * (system prompt, message text blocks, tool results) ceil(chars / 4); for any non-text block or
 * tool definition, ceil(JSON length / 4); plus 4 tokens of framing per message and 8 per request.
 * chars/4 is the usual rule of thumb for English with Claude tokenizers; it is an estimate, and
 * the guard refuses only when the estimate is over the whole window (a prompt of exactly the
 * window's size goes out), and flags `high` strictly above the ratio (exactly 80% is not high).
 */
import type { Catalog } from '../shared/catalog.ts';

export const CHARS_PER_TOKEN = 4;
export const PER_MESSAGE_OVERHEAD = 4;
export const PER_REQUEST_OVERHEAD = 8;
/** Strictly above this share of the window a call is flagged `context_high`. */
export const CONTEXT_HIGH_RATIO = 0.8;

export interface ContextGuardOptions {
  /** `estimate` (default): local chars/4; `count_tokens`: ask the API (free, rate-limited); `off`. */
  mode?: 'estimate' | 'count_tokens' | 'off';
  /** Refuse calls whose input is over the window. Default true. */
  refuseOverflow?: boolean;
  /** Flag threshold as a share of the window, exclusive. Default 0.8. */
  highRatio?: number;
}

export interface ContextCheck {
  input_tokens: number;
  method: 'estimate' | 'count_tokens';
  /** The model's context window, null when the model is unknown. */
  window: number | null;
  /** input_tokens / window, null when the window is unknown. */
  utilisation: number | null;
  high: boolean;
  overflow: boolean;
}

interface ParamsLike {
  system?: unknown;
  messages: ReadonlyArray<{ content: unknown }>;
  tools?: unknown;
}

const ceilDiv = (n: number) => Math.ceil(n / CHARS_PER_TOKEN);

function blockTokens(block: unknown): number {
  if (typeof block === 'string') return ceilDiv(block.length);
  if (block) {
    const b = block as { type?: unknown; text?: unknown; content?: unknown };
    if (b.type === 'text' && typeof b.text === 'string') return ceilDiv(b.text.length);
    if (b.type === 'tool_result' && b.content !== undefined) return contentTokens(b.content);
  }
  return ceilDiv(JSON.stringify(block ?? '').length);
}

function contentTokens(content: unknown): number {
  if (Array.isArray(content)) return content.reduce<number>((n, b) => n + blockTokens(b), 0);
  return blockTokens(content);
}

/** The documented local estimate of input tokens for a Messages request. */
export function estimateInputTokens(params: ParamsLike): number {
  let n = PER_REQUEST_OVERHEAD;
  if (params.system !== undefined) n += contentTokens(params.system);
  for (const m of params.messages) {
    n += PER_MESSAGE_OVERHEAD + contentTokens(m.content);
  }
  if (params.tools !== undefined) n += ceilDiv(JSON.stringify(params.tools).length);
  return n;
}

/** The model's context window (widened by its long-context beta when `betas` names it), null when unknown. */
export function contextWindow(model: string, catalog: Catalog, betas?: string): number | null {
  const info = catalog.find(model);
  if (!info) return null;
  const lc = info.long_context;
  const widened = lc !== undefined && betas !== undefined && betas.split(',').some((b) => b.trim() === lc.beta);
  return widened ? lc.context_window : info.context_window;
}

/** The check of `inputTokens` against a known (or unknown: null) window. */
export function checkWindow(inputTokens: number, method: ContextCheck['method'], window: number | null, highRatio = CONTEXT_HIGH_RATIO): ContextCheck {
  // An unknown window gives no verdict: nothing flagged, nothing refused.
  if (window === null) return { input_tokens: inputTokens, method, window, utilisation: null, high: false, overflow: false };
  const utilisation = inputTokens / window;
  return { input_tokens: inputTokens, method, window, utilisation, high: utilisation > highRatio, overflow: utilisation > 1 };
}

export function assessContext(
  inputTokens: number,
  method: ContextCheck['method'],
  model: string,
  catalog: Catalog,
  highRatio = CONTEXT_HIGH_RATIO,
  /** The `anthropic-beta` header: a model's long-context beta (e.g. Sonnet 4.5's 1M) widens its window. */
  betas?: string,
): ContextCheck {
  return checkWindow(inputTokens, method, contextWindow(model, catalog, betas), highRatio);
}
