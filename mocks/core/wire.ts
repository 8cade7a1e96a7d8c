/** Wire details shared by every response: ids, error bodies, rate-limit headers, SSE frames. */
import { randomBytes } from 'node:crypto';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * An id factory with the real shapes (`req_011C…`, `msg_01…`). Ids are random (many runners may
 * report into one backend, so two simulators must not hand out the same request id); replies,
 * not ids, are what the seed makes deterministic.
 */
export function idFactory(): (prefix: 'req_011C' | 'msg_01' | 'toolu_01') => string {
  let pool = randomBytes(4096);
  let at = 0;
  return (prefix) => {
    let s = prefix;
    const n = 24 - (prefix.length - prefix.indexOf('_') - 1);
    if (at + n > pool.length) {
      pool = randomBytes(4096);
      at = 0;
    }
    for (let i = 0; i < n; i++) s += B62[pool[at++]! % 62];
    return s;
  };
}

export interface ApiErrorSpec {
  status: number;
  type: string;
  message: string;
  headers?: Record<string, string>;
}

export function errorBody(type: string, message: string, requestId: string): string {
  return JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId });
}

export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface RateLimits {
  requests_per_minute: number;
  input_tokens_per_minute: number;
  output_tokens_per_minute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  requests_per_minute: 4_000,
  input_tokens_per_minute: 2_000_000,
  output_tokens_per_minute: 400_000,
};

let lastSecond = -1;
let lastStamp = '';
/** RFC 3339 at whole-second precision, memoised for the current second (hot path). */
function rfc3339Seconds(second: number): string {
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastStamp;
}

/** Token buckets with continuous refill, as the real API describes its limits. */
export class RateLimitBuckets {
  private level: { requests: number; input: number; output: number };
  private last: number;

  constructor(
    private readonly limits: RateLimits,
    now: number,
  ) {
    this.level = { requests: limits.requests_per_minute, input: limits.input_tokens_per_minute, output: limits.output_tokens_per_minute };
    this.last = now;
  }

  /** Takes one request and its tokens from the buckets (never below zero). */
  take(now: number, input: number, output: number): void {
    this.refill(now);
    this.level.requests = Math.max(0, this.level.requests - 1);
    this.level.input = Math.max(0, this.level.input - input);
    this.level.output = Math.max(0, this.level.output - output);
  }

  /** The nine documented `anthropic-ratelimit-*` headers; `exhausted` reports zero remaining. */
  headers(now: number, exhausted = false): Record<string, string> {
    this.refill(now);
    const l = this.limits;
    const out: Record<string, string> = {};
    const put = (name: string, limit: number, level: number, roundThousands: boolean) => {
      const remaining = exhausted ? 0 : Math.floor(level);
      const refillMs = ((limit - remaining) / limit) * 60_000;
      out[`anthropic-ratelimit-${name}-limit`] = String(limit);
      out[`anthropic-ratelimit-${name}-remaining`] = String(roundThousands ? Math.round(remaining / 1000) * 1000 : remaining);
      out[`anthropic-ratelimit-${name}-reset`] = rfc3339Seconds(Math.ceil((now + refillMs) / 1000));
    };
    put('requests', l.requests_per_minute, this.level.requests, false);
    put('tokens', l.input_tokens_per_minute + l.output_tokens_per_minute, Math.min(this.level.input + this.level.output, l.input_tokens_per_minute + l.output_tokens_per_minute), true);
    put('input-tokens', l.input_tokens_per_minute, this.level.input, true);
    put('output-tokens', l.output_tokens_per_minute, this.level.output, true);
    return out;
  }

  private refill(now: number): void {
    const dt = Math.max(0, now - this.last) / 60_000;
    this.last = now;
    const l = this.limits;
    this.level.requests = Math.min(l.requests_per_minute, this.level.requests + dt * l.requests_per_minute);
    this.level.input = Math.min(l.input_tokens_per_minute, this.level.input + dt * l.input_tokens_per_minute);
    this.level.output = Math.min(l.output_tokens_per_minute, this.level.output + dt * l.output_tokens_per_minute);
  }
}
