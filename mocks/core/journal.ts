/**
 * The request journal: what reached the simulator and what it answered, newest last, bounded
 * (a ring buffer: once full, each request overwrites the oldest entry in O(1)). Header values
 * that could carry a credential are replaced by `[redacted]` before they are stored: a key
 * never enters the journal, so it cannot leak through `GET /__canary/requests` or a report.
 */
import type { SimLogEntry } from './types.ts';

/** Characters kept of the system prompt and of the last user message. */
export const PREVIEW_CHARS = 200;
export const REDACTED = '[redacted]';

const SECRET_NAME = /key|token|secret|password|auth|cookie|credential|signature/i;
const SECRET_VALUE = /sk-ant-|bearer\s/i;

/**
 * Transport noise, not kept: connection headers, and the SDK's platform headers (x-stainless-*
 * except the retry count and timeout, which show retries). Fewer headers per entry is what keeps
 * the journal cheap at load (copying every header doubled the core's cost per request).
 */
const NOISE = /^(?:host|connection|keep-alive|accept|accept-encoding|accept-language|content-length|transfer-encoding|sec-fetch-.*|x-stainless-(?!retry-count$|timeout$).*)$/;

type Kind = 'keep' | 'secret' | 'noise';
// Header names repeat on every request: classify each name once (hot path of the HTTP simulator).
const kinds = new Map<string, Kind>();
function kindOf(k: string): Kind {
  let c = kinds.get(k);
  if (c === undefined) {
    c = NOISE.test(k) ? 'noise' : SECRET_NAME.test(k) ? 'secret' : 'keep';
    if (kinds.size < 1_000) kinds.set(k, c);
  }
  return c;
}

/** Request headers as stored: the ones that matter, credentials redacted by name or by value. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v === undefined) continue;
    const c = kindOf(k);
    if (c === 'noise') continue;
    out[k] = c === 'secret' || SECRET_VALUE.test(v) ? REDACTED : v;
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b) => (isObj(b) && typeof b['text'] === 'string' ? b['text'] : '')).filter(Boolean).join('\n');
}

const preview = (s: string) => (s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS)}…` : s);

/** The body fields worth asserting on, read leniently (an invalid body is journaled too). */
export function summariseBody(body: unknown): SimLogEntry['body'] {
  if (!isObj(body)) return undefined;
  const out: NonNullable<SimLogEntry['body']> = {};
  if (typeof body['max_tokens'] === 'number') out.max_tokens = body['max_tokens'];
  const md = body['metadata'];
  if (isObj(md) && typeof md['user_id'] === 'string') out.metadata_user_id = md['user_id'];
  if (body['system'] !== undefined) out.system = preview(textOf(body['system']));
  if (Array.isArray(body['tools'])) out.tools = body['tools'].map((t) => (isObj(t) ? String(t['name']) : '?'));
  const tc = body['tool_choice'];
  if (isObj(tc)) out.tool_choice = tc['type'] === 'tool' ? `tool:${String(tc['name'])}` : String(tc['type']);
  const th = body['thinking'];
  if (isObj(th)) out.thinking = th['type'] === 'enabled' ? `enabled:${String(th['budget_tokens'])}` : String(th['type']);
  const msgs = body['messages'];
  if (Array.isArray(msgs)) {
    out.messages = msgs.length;
    for (let i = msgs.length - 1; i >= 0; i--) {
      const m = msgs[i];
      if (isObj(m) && m['role'] === 'user') {
        out.last_user = preview(textOf(m['content']));
        break;
      }
    }
  }
  return out;
}

/** The same fields from a validated request, without walking the body again (hot path). */
export function summariseRequest(req: {
  max_tokens: number;
  metadata_user_id?: string;
  system?: unknown;
  tool_defs?: ReadonlyArray<{ name: string }>;
  tool_choice?: { type: string; name?: string };
  thinking?: { type: string; budget_tokens?: number };
  messages: readonly unknown[];
  last_user_text: string;
}): NonNullable<SimLogEntry['body']> {
  const out: NonNullable<SimLogEntry['body']> = { max_tokens: req.max_tokens, messages: req.messages.length, last_user: preview(req.last_user_text) };
  if (req.metadata_user_id !== undefined) out.metadata_user_id = req.metadata_user_id;
  if (req.system !== undefined) out.system = preview(textOf(req.system));
  if (req.tool_defs) out.tools = req.tool_defs.map((t) => t.name);
  if (req.tool_choice) out.tool_choice = req.tool_choice.type === 'tool' ? `tool:${req.tool_choice.name}` : req.tool_choice.type;
  if (req.thinking) out.thinking = req.thinking.type === 'enabled' ? `enabled:${req.thinking.budget_tokens}` : req.thinking.type;
  return out;
}

/** Which journal entries to return; every given field must match. */
export interface JournalFilter {
  path?: string;
  method?: string;
  model?: string;
  status?: number;
  stream?: boolean;
  /** Exact fault name as journaled (e.g. `rate_limit`, `slow_first_token+short`). */
  fault?: string;
  reply_rule?: string;
  /** Only entries at or after this time (ms, the simulator's clock). */
  since?: number;
  /** Only the newest N of the matching entries. */
  limit?: number;
}

export class Journal {
  private ring: SimLogEntry[] = [];
  private oldest = 0;
  /** Entries overwritten since the last clear (the journal is bounded). */
  dropped = 0;

  constructor(private readonly limit: number) {}

  record(e: SimLogEntry): void {
    if (this.limit <= 0) return;
    if (this.ring.length < this.limit) {
      this.ring.push(e);
      return;
    }
    this.ring[this.oldest] = e;
    this.oldest = (this.oldest + 1) % this.limit;
    this.dropped++;
  }

  /** Every entry, oldest first (a copy). */
  all(): SimLogEntry[] {
    return this.oldest === 0 ? this.ring.slice() : [...this.ring.slice(this.oldest), ...this.ring.slice(0, this.oldest)];
  }

  find(f: JournalFilter = {}): SimLogEntry[] {
    const out = this.all().filter(
      (e) =>
        (f.path === undefined || e.path === f.path) &&
        (f.method === undefined || e.method === f.method.toUpperCase()) &&
        (f.model === undefined || e.model === f.model) &&
        (f.status === undefined || e.status === f.status) &&
        (f.stream === undefined || e.stream === f.stream) &&
        (f.fault === undefined || e.fault === f.fault) &&
        (f.reply_rule === undefined || e.reply_rule === f.reply_rule) &&
        (f.since === undefined || e.at >= f.since),
    );
    return f.limit !== undefined ? out.slice(Math.max(0, out.length - f.limit)) : out;
  }

  clear(): void {
    this.ring = [];
    this.oldest = 0;
    this.dropped = 0;
  }
}
