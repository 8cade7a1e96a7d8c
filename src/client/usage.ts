import type { Usage } from '../shared/types.ts';

/** The usage object as the SDK hands it over (non-streaming `Message.usage` or accumulated stream usage). */
export interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
}

/**
 * Normalises wire usage. When the API omits the TTL split (`cache_creation` null) every cache
 * write counts as a 5-minute write (api-facts §8.3); when the split disagrees with the total, the
 * remainder is assigned to 5-minute writes so no token goes unpriced.
 */
export function normaliseUsage(u: WireUsage | null | undefined): Usage {
  const writes = u?.cache_creation_input_tokens ?? 0;
  const w1h = u?.cache_creation?.ephemeral_1h_input_tokens ?? 0;
  const w5m = Math.max(u?.cache_creation?.ephemeral_5m_input_tokens ?? 0, writes - w1h);
  return {
    input_tokens: u?.input_tokens ?? 0,
    output_tokens: u?.output_tokens ?? 0,
    cache_creation_input_tokens: Math.max(writes, w5m + w1h),
    cache_read_input_tokens: u?.cache_read_input_tokens ?? 0,
    cache_write_5m_tokens: w5m,
    cache_write_1h_tokens: w1h,
  };
}

/**
 * Total input as the GenAI conventions define `gen_ai.usage.input_tokens`: uncached input plus
 * cache writes plus cache reads (the API's `input_tokens` excludes both).
 */
export function totalInputTokens(u: Usage): number {
  return u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
}

/** Sum of two usages (a call whose earlier attempts were billed before they broke). */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    cache_creation_input_tokens: a.cache_creation_input_tokens + b.cache_creation_input_tokens,
    cache_read_input_tokens: a.cache_read_input_tokens + b.cache_read_input_tokens,
    cache_write_5m_tokens: a.cache_write_5m_tokens + b.cache_write_5m_tokens,
    cache_write_1h_tokens: a.cache_write_1h_tokens + b.cache_write_1h_tokens,
  };
}
