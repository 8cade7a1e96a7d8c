export {
  createClient,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_DEADLINE_MS,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  DEFAULT_BASE_URL,
  type ClaudeClient,
} from './create-client.ts';
export type { AttemptRecord, CallOptions, CallParams, CallRecord, CallResult, ClientOptions, Message, TryCallResult } from './types.ts';
export { ClaudeCallError } from './errors.ts';
export { classifyError, parseRetryAfter, type Classified } from './taxonomy.ts';
export { computeCost, type CostOptions, type CostResult, type PriceOverride } from './cost.ts';
export { normaliseUsage, totalInputTokens, type WireUsage } from './usage.ts';
export { decideRetry, backoffMs, backoffCeilingMs, DEFAULT_RETRY, RETRYABLE_KINDS, type RetryOptions, type RetryDecision, type RetryInput, type RetryPolicy, type StopReason } from './retry-policy.ts';
export { CircuitBreaker, DEFAULT_BREAKER, OVERLOAD_KINDS, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.ts';
export {
  estimateInputTokens,
  assessContext,
  CHARS_PER_TOKEN,
  PER_MESSAGE_OVERHEAD,
  PER_REQUEST_OVERHEAD,
  CONTEXT_HIGH_RATIO,
  type ContextCheck,
  type ContextGuardOptions,
} from './context-guard.ts';
export { parseRateLimit, RATE_LIMIT_BUCKETS, type RateLimitHeadroom, type BucketHeadroom, type RateLimitBucket } from './rate-limit.ts';
export { messageText } from './stream-accumulator.ts';
