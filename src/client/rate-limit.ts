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
  // `Headers` values come trimmed: blank is ''.
  if (v === null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Header names per bucket, built once (not three template strings per bucket per response). */
const BUCKET_HEADERS = RATE_LIMIT_BUCKETS.map((b) => {
  const p = `anthropic-ratelimit-${b}-`;
  return [b, `${p}limit`, `${p}remaining`, `${p}reset`] as const;
});

/**
 * Headroom per bucket; null when no rate-limit header is present at all. A count that is blank or
 * not a finite number reads as null, and a bucket with nothing readable is left out.
 */
export function parseRateLimit(headers: Headers | null | undefined): RateLimitHeadroom | null {
  if (!headers) return null;
  let out: RateLimitHeadroom | null = null;
  for (const [b, limitName, remainingName, resetName] of BUCKET_HEADERS) {
    const limit = num(headers.get(limitName));
    const remaining = num(headers.get(remainingName));
    const reset = headers.get(resetName);
    if (limit === null && remaining === null && reset === null) continue;
    (out ??= {})[b] = { limit, remaining, reset };
  }
  return out;
}
