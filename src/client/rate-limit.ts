/**
 * Rate-limit headroom from the `anthropic-ratelimit-*` response headers (api-facts §5). Every
 * bucket is optional: Foundry and the simulator may send none of them.
 */
export const RATE_LIMIT_BUCKETS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;
export type RateLimitBucket = (typeof RATE_LIMIT_BUCKETS)[number];

export interface BucketHeadroom {
  limit: number | null;
  remaining: number | null;
  /** RFC 3339 time the bucket is full again, as sent. */
  reset: string | null;
}

export type RateLimitHeadroom = Partial<Record<RateLimitBucket, BucketHeadroom>>;

function num(v: string | null): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Headroom per bucket; null when no rate-limit header is present at all. */
export function parseRateLimit(headers: Headers | null | undefined): RateLimitHeadroom | null {
  if (!headers) return null;
  let out: RateLimitHeadroom | null = null;
  for (const b of RATE_LIMIT_BUCKETS) {
    const p = `anthropic-ratelimit-${b}-`;
    const limit = num(headers.get(`${p}limit`));
    const remaining = num(headers.get(`${p}remaining`));
    const reset = headers.get(`${p}reset`);
    if (limit === null && remaining === null && reset === null) continue;
    (out ??= {})[b] = { limit, remaining, reset };
  }
  return out;
}
