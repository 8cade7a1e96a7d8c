/**
 * The simulated bill: every Messages response the simulator answered with a 200 adds its usage
 * to a one-minute cell keyed by API key id, workspace, model, service tier and context window
 * (the Admin API's own dimensions). The usage and cost reports (admin-reports.ts) are sums of
 * these cells, so what the bill shows is exactly what was served, minus or plus the plan's
 * `billing` skews. The API key itself is never kept: only a hash-derived id.
 *
 * Prices are the catalogue's (read as data; no cost code is shared with src/), priced by UTC day.
 */
import { createHash } from 'node:crypto';
import type { Catalog, ModelInfo } from '../../src/shared/catalog.ts';
import type { BillingSkew } from '../faults/plan.ts';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** The workspace the simulator bills everything to (the real API reports `null` for the default workspace). */
export const DEFAULT_WORKSPACE: string | null = null;

/** Token kinds as the usage and cost reports name them. */
export const TOKEN_TYPES = ['uncached_input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation.ephemeral_5m_input_tokens', 'cache_creation.ephemeral_1h_input_tokens'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export type ContextWindow = '0-200k' | '200k-1M';

/** One minute of usage for one combination of dimensions. */
export interface BillCell {
  minute: number;
  api_key_id: string;
  workspace_id: string | null;
  model: string;
  service_tier: string;
  context_window: ContextWindow;
  tokens: Record<TokenType, number>;
}

export interface BilledUsage {
  uncached_input: number;
  output: number;
  cache_read: number;
  cache_write_5m: number;
  cache_write_1h: number;
  service_tier?: string;
}

/** `apikey_` + 24 hex chars of the key's SHA-256: stable, and the key cannot be read back from it. */
export function apiKeyId(key: string): string {
  return `apikey_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

const LONG_CONTEXT_TOKENS = 200_000;

export class BillingLedger {
  private cells = new Map<string, BillCell>();

  /** Bills one answered request at `atMs`. */
  record(atMs: number, apiKey: string, model: string, u: BilledUsage): void {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    const id = apiKeyId(apiKey);
    const tier = u.service_tier ?? 'standard';
    const totalIn = u.uncached_input + u.cache_read + u.cache_write_5m + u.cache_write_1h;
    const ctx: ContextWindow = totalIn > LONG_CONTEXT_TOKENS ? '200k-1M' : '0-200k';
    const k = `${minute}|${id}|${model}|${tier}|${ctx}`;
    let c = this.cells.get(k);
    if (!c) {
      c = { minute, api_key_id: id, workspace_id: DEFAULT_WORKSPACE, model, service_tier: tier, context_window: ctx, tokens: { uncached_input_tokens: 0, output_tokens: 0, cache_read_input_tokens: 0, 'cache_creation.ephemeral_5m_input_tokens': 0, 'cache_creation.ephemeral_1h_input_tokens': 0 } };
      this.cells.set(k, c);
    }
    c.tokens.uncached_input_tokens += u.uncached_input;
    c.tokens.output_tokens += u.output;
    c.tokens.cache_read_input_tokens += u.cache_read;
    c.tokens['cache_creation.ephemeral_5m_input_tokens'] += u.cache_write_5m;
    c.tokens['cache_creation.ephemeral_1h_input_tokens'] += u.cache_write_1h;
  }

  /** Cells in [fromMs, toMs), without the models the skew leaves out of the bill. */
  cellsIn(fromMs: number, toMs: number, skew: BillingSkew | undefined): BillCell[] {
    const missing = new Set(skew?.missing_models ?? []);
    const out: BillCell[] = [];
    for (const c of this.cells.values()) if (c.minute >= fromMs && c.minute < toMs && !missing.has(c.model)) out.push(c);
    return out;
  }

  clear(): void {
    this.cells.clear();
  }
}

/** USD per million tokens of each token type, for a model on a UTC day, skews applied. */
export function ratesFor(catalog: Catalog, model: string, dayMs: number, ctx: ContextWindow, skew: BillingSkew | undefined): Record<TokenType, number> {
  const info: ModelInfo | undefined = catalog.find(model);
  const price = info ? catalog.priceAt(info, dayMs) : undefined;
  const m = catalog.multipliers;
  const lc = ctx === '200k-1M' ? price?.long_context : undefined;
  let input = lc?.input ?? price?.input ?? 0;
  let output = lc?.output ?? price?.output ?? 0;
  let w5 = input * (price?.cache_write_5m ?? m.cache_write_5m);
  let w1 = input * (price?.cache_write_1h ?? m.cache_write_1h);
  let read = input * (price?.cache_read ?? m.cache_read);
  const day = new Date(dayMs).toISOString().slice(0, 10);
  // The latest change in force that day wins; its unset cache rates follow its input rate.
  const change = (skew?.price_changes ?? [])
    .filter((p) => (p.model === model || catalog.find(p.model)?.id === model) && p.from <= day)
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .pop();
  if (change) {
    input = change.input ?? input;
    output = change.output ?? output;
    w5 = change.cache_write_5m ?? input * (price?.cache_write_5m ?? m.cache_write_5m);
    w1 = change.cache_write_1h ?? input * (price?.cache_write_1h ?? m.cache_write_1h);
    read = change.cache_read ?? input * (price?.cache_read ?? m.cache_read);
  }
  return { uncached_input_tokens: input, output_tokens: output, cache_read_input_tokens: read, 'cache_creation.ephemeral_5m_input_tokens': w5, 'cache_creation.ephemeral_1h_input_tokens': w1 };
}

const TOKEN_LABEL: Record<TokenType, string> = {
  uncached_input_tokens: 'Input Tokens',
  output_tokens: 'Output Tokens',
  cache_read_input_tokens: 'Cache Read Input Tokens',
  'cache_creation.ephemeral_5m_input_tokens': 'Cache Write (5m) Input Tokens',
  'cache_creation.ephemeral_1h_input_tokens': 'Cache Write (1h) Input Tokens',
};

/** The cost report's `description` for a token line, e.g. "Claude Haiku 4.5 Usage - Input Tokens". */
export function describeTokens(catalog: Catalog, model: string, t: TokenType): string {
  return `${catalog.find(model)?.display_name ?? model} Usage - ${TOKEN_LABEL[t]}`;
}
