/**
 * Retry decisions, pure: given the classified failure, the attempt number and the time left,
 * either a wait or a reason to stop. Backoff is capped exponential with FULL jitter
 * (wait = random in [0, min(cap, base × 2^n)]), which spreads retries of many clients the best
 * (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */
import type { ErrorKind } from '../shared/types.ts';
import type { Classified } from './taxonomy.ts';

export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (3 attempts), like the SDK. */
  maxRetries?: number;
  /** Backoff base in ms. Default 500. */
  baseDelayMs?: number;
  /** Backoff cap in ms. Default 8000. */
  maxDelayMs?: number;
  /** Longest server `retry-after` we sleep for, inclusive (exactly the cap is honoured); above it the call stops with `retry_after_too_long`. Default 60000. */
  maxRetryAfterMs?: number;
  /** Honour `x-should-retry` (it wins over the kind, like the SDK). Default true. */
  respectShouldRetry?: boolean;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
  respectShouldRetry: true,
};

/** Kinds worth another attempt. Everything else is permanent and fails fast. */
export const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'connection',
  'stream_interrupted',
  'malformed_response',
]);

/** Upper bound of the full-jitter window for retry `n` (0-based). */
export function backoffCeilingMs(n: number, opts: Required<RetryOptions>): number {
  return Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** n);
}

/** Full jitter: a uniform draw in [0, ceiling]. */
export function backoffMs(n: number, opts: Required<RetryOptions>, random: () => number): number {
  return Math.floor(random() * backoffCeilingMs(n, opts));
}

export type StopReason =
  | 'permanent'
  | 'should_retry_false'
  | 'retries_exhausted'
  | 'retry_after_too_long'
  | 'deadline'
  | 'stream_text_delivered'
  | 'stream_policy'
  /** The policy would retry, but the caller's `beforeRetry` refused (the probe runner: the spend cap). */
  | 'budget';

export type RetryDecision =
  | { retry: true; wait_ms: number; source: 'retry_after' | 'backoff' }
  | { retry: false; reason: StopReason };

export interface RetryInput {
  failure: Classified;
  /** Retries already done (0 after the first attempt). */
  retriesDone: number;
  /** Ms left before the call deadline. */
  remainingMs: number;
  /** True when the failing attempt already delivered text to the caller (streams). */
  textDelivered: boolean;
}

/** The shape of {@link decideRetry}; `ClientOptions.retryPolicy` can wrap it (the chaos suite's broken variants do). */
export type RetryPolicy = (input: RetryInput, opts: Required<RetryOptions>, random: () => number) => RetryDecision;

/**
 * The retry decision, in this order: text already delivered stops (never text twice); an
 * `x-should-retry` header (when honoured) stops or allows whatever the kind; else only
 * {@link RETRYABLE_KINDS} retry; then at most `maxRetries` retries; the server's retry hint is
 * the wait when it has one (a hint of exactly `maxRetryAfterMs` is honoured, more stops the call),
 * else a full-jitter backoff draw. A wait that would reach the deadline (`wait >= remainingMs`)
 * is not taken: the retry would start with no time left.
 */
export function decideRetry(input: RetryInput, opts: Required<RetryOptions>, random: () => number): RetryDecision {
  const { failure } = input;
  if (input.textDelivered) return { retry: false, reason: 'stream_text_delivered' };
  const hinted = opts.respectShouldRetry ? failure.should_retry : null;
  if (hinted === false) return { retry: false, reason: 'should_retry_false' };
  if (hinted !== true && !RETRYABLE_KINDS.has(failure.kind)) return { retry: false, reason: 'permanent' };
  if (input.retriesDone >= opts.maxRetries) return { retry: false, reason: 'retries_exhausted' };
  let wait: number;
  let source: 'retry_after' | 'backoff';
  if (failure.retry_after_ms !== null) {
    if (failure.retry_after_ms > opts.maxRetryAfterMs) return { retry: false, reason: 'retry_after_too_long' };
    wait = failure.retry_after_ms;
    source = 'retry_after';
  } else {
    wait = backoffMs(input.retriesDone, opts, random);
    source = 'backoff';
  }
  if (wait >= input.remainingMs) return { retry: false, reason: 'deadline' };
  return { retry: true, wait_ms: wait, source };
}
