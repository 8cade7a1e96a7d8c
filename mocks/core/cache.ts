/**
 * Prompt caching. Each `cache_control` block is a breakpoint; the prefix up to it (tools, then
 * system, then messages, in order) is a cache entry keyed by model and content. The longest
 * live entry is read; the rest of the prefix up to the last breakpoint is written, split by TTL.
 * Prefixes under {@link MIN_CACHEABLE_TOKENS} are not cached, as with the real API. Entries
 * expire after their TTL on the simulator's clock; a read refreshes them.
 */
import { hash32 } from './text.ts';
import { contentTokens, TOKENS_PER_MESSAGE, TOKENS_PER_REQUEST, textTokens } from './tokens.ts';
import type { ContentBlock, MessagesRequest } from './validate.ts';

/** Documented minimum for Sonnet and Opus; the simulator applies it to every model. */
export const MIN_CACHEABLE_TOKENS = 1024;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;

export interface CacheUsage {
  read: number;
  write5m: number;
  write1h: number;
}

interface Breakpoint {
  tokens: number;
  key: string;
  ttl: '5m' | '1h';
}

function ttlOf(cc: { ttl?: string } | null | undefined): '5m' | '1h' {
  return cc?.ttl === '1h' ? '1h' : '5m';
}

function breakpoints(req: MessagesRequest): Breakpoint[] {
  const out: Breakpoint[] = [];
  let tokens = TOKENS_PER_REQUEST;
  let h = hash32(req.info.id);
  const add = (json: string, n: number, cc: { ttl?: string } | null | undefined) => {
    tokens += n;
    h = hash32(`${h}|${json}`);
    if (cc) out.push({ tokens, key: `${req.info.id}:${h}:${tokens}`, ttl: ttlOf(cc) });
  };
  if (req.tools && req.tools.length > 0) {
    const last = req.tools[req.tools.length - 1] as { cache_control?: { ttl?: string } } | undefined;
    add(JSON.stringify(req.tools), textTokens(JSON.stringify(req.tools)), last?.cache_control);
  }
  const sys = req.system;
  if (typeof sys === 'string') add(sys, textTokens(sys), undefined);
  else if (sys) for (const b of sys) add(JSON.stringify(b), contentTokens([b]), b.cache_control);
  for (const m of req.messages) {
    tokens += TOKENS_PER_MESSAGE;
    if (typeof m.content === 'string') add(m.content, textTokens(m.content), undefined);
    else for (const b of m.content as ContentBlock[]) add(JSON.stringify(b), contentTokens([b]), b.cache_control);
  }
  // Automatic caching: a top-level cache_control marks the end of the whole prompt.
  if (req.cache_control) out.push({ tokens, key: `${req.info.id}:${h}:${tokens}`, ttl: ttlOf(req.cache_control) });
  return out.filter((b) => b.tokens >= MIN_CACHEABLE_TOKENS);
}

function blocksMarked(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((b) => typeof b === 'object' && b !== null && (b as ContentBlock).cache_control);
}

/** Cheap pre-check so requests without any breakpoint skip the hashing. */
function hasCacheControl(req: MessagesRequest): boolean {
  return !!req.cache_control || blocksMarked(req.tools) || blocksMarked(req.system) || req.messages.some((m) => blocksMarked(m.content));
}

export class PromptCache {
  private entries = new Map<string, number>();

  /** Computes the cache usage of a request and updates the cache at time `now`. */
  use(req: MessagesRequest, now: number): CacheUsage {
    const usage: CacheUsage = { read: 0, write5m: 0, write1h: 0 };
    if (!hasCacheControl(req)) return usage;
    const bps = breakpoints(req);
    if (bps.length === 0) return usage;
    let readIdx = -1;
    for (let i = bps.length - 1; i >= 0; i--) {
      const exp = this.entries.get(bps[i]!.key);
      if (exp !== undefined && exp > now) {
        readIdx = i;
        break;
      }
    }
    let covered = 0;
    if (readIdx >= 0) {
      usage.read = bps[readIdx]!.tokens;
      covered = usage.read;
    }
    for (let i = 0; i < bps.length; i++) {
      const bp = bps[i]!;
      if (i > readIdx) {
        const seg = bp.tokens - covered;
        if (bp.ttl === '1h') usage.write1h += seg;
        else usage.write5m += seg;
        covered = bp.tokens;
      }
      this.entries.set(bp.key, now + TTL_MS[bp.ttl]);
    }
    if (this.entries.size > 10_000) this.prune(now);
    return usage;
  }

  private prune(now: number): void {
    for (const [k, exp] of this.entries) if (exp <= now) this.entries.delete(k);
  }
}
