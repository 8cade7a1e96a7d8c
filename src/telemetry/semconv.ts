/**
 * GenAI semantic conventions v1.41.0 names and bucket boundaries (api-facts §9), plus our own
 * names under the `claude_canary.` prefix. Literal strings here, not the
 * @opentelemetry/semantic-conventions package: GenAI names are Development-stability and the
 * package's incubating exports move between releases.
 */
export const SEMCONV_VERSION = '1.41.0';

export const ATTR = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestTopK: 'gen_ai.request.top_k',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestStream: 'gen_ai.request.stream',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  /** Thinking tokens, included in `gen_ai.usage.output_tokens` (v1.41.0). */
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  outputType: 'gen_ai.output.type',
  conversationId: 'gen_ai.conversation.id',
  toolDefinitions: 'gen_ai.tool.definitions',
  tokenType: 'gen_ai.token.type',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  httpStatusCode: 'http.response.status_code',
  httpResendCount: 'http.request.resend_count',
} as const;

/** Our own attributes. */
export const CC_ATTR = {
  errorKind: 'claude_canary.error.kind',
  /** On a call refused by the open circuit breaker (its `error.type` is the fault that opened it). */
  circuitOpen: 'claude_canary.circuit_open',
  providerErrorType: 'claude_canary.error.provider_type',
  /** Input tokens counted by count_tokens (free, not billed usage: never `gen_ai.usage.*`). */
  countedInputTokens: 'claude_canary.count_tokens.input_tokens',
  requestId: 'claude_canary.request_id',
  attempt: 'claude_canary.attempt.number',
  attempts: 'claude_canary.attempts',
  retryAfterMs: 'claude_canary.retry_after_ms',
  waitMs: 'claude_canary.wait_ms',
  cacheWrite5m: 'claude_canary.usage.cache_write_5m.input_tokens',
  cacheWrite1h: 'claude_canary.usage.cache_write_1h.input_tokens',
  costUsd: 'claude_canary.cost.usd',
  unpriced: 'claude_canary.cost.unpriced',
  contextUtilisation: 'claude_canary.context.utilisation',
  contextHigh: 'claude_canary.context.high',
  rateLimitBucket: 'claude_canary.ratelimit.bucket',
  promptSha256: 'claude_canary.prompt.sha256',
  outputSha256: 'claude_canary.output.sha256',
} as const;

export const PROVIDER = 'anthropic';
export const OPERATION = 'chat';
/**
 * The operation name of `POST /v1/messages/count_tokens`. No well-known value fits, so a
 * system-specific one, as the conventions allow for operations they do not list.
 */
export const OPERATION_COUNT_TOKENS = 'count_tokens';

/** The opt-in event carrying a call's details (and, with content capture on, its content), v1.37.0 and later. */
export const EVENT_INFERENCE_DETAILS = 'gen_ai.client.inference.operation.details';

export const METRIC = {
  operationDuration: 'gen_ai.client.operation.duration',
  tokenUsage: 'gen_ai.client.token.usage',
  timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
  timePerOutputChunk: 'gen_ai.client.operation.time_per_output_chunk',
  cost: 'claude_canary.client.cost',
  errors: 'claude_canary.client.errors',
  retries: 'claude_canary.client.retries',
  rateLimitRemaining: 'claude_canary.client.ratelimit.remaining',
} as const;

/** Units of the client's metrics (UCUM, as OTel wants them); `/metrics` derives its name suffixes from them. */
export const METRIC_UNIT: Readonly<Record<keyof typeof METRIC, string>> = {
  operationDuration: 's',
  tokenUsage: '{token}',
  timeToFirstChunk: 's',
  timePerOutputChunk: 's',
  cost: 'USD',
  errors: '{error}',
  retries: '{retry}',
  rateLimitRemaining: '1',
};

/** `gen_ai.client.token.usage` explicit buckets (v1.41.0). */
export const TOKEN_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** Duration, time-to-first-chunk and time-per-output-chunk buckets, seconds (v1.41.0). */
export const DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
