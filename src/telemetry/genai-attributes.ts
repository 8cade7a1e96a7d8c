/**
 * One attribute bag per call, built once and shared by the span and the metrics (the
 * opentelemetry-js-contrib pattern). Pure functions: no OTel SDK needed to test them.
 */
import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '../shared/types.ts';
import { outputType } from './genai-content.ts';
import { ATTR, CC_ATTR, OPERATION, PROVIDER } from './semconv.ts';

export interface Server {
  address: string;
  port: number;
}

/** `server.address` / `server.port` from a base URL; default port by scheme. */
export function serverFromBaseURL(baseURL: string): Server {
  try {
    const u = new URL(baseURL);
    return { address: u.hostname, port: u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443 };
  } catch {
    return { address: 'api.anthropic.com', port: 443 };
  }
}

export interface RequestLike {
  model: string;
  max_tokens?: number;
  temperature?: number | null;
  top_p?: number | null;
  top_k?: number | null;
  stop_sequences?: string[] | null;
  stream?: boolean | null;
  output_config?: unknown;
}

/** Low-cardinality attributes every metric point of a call carries. */
export function baseAttributes(model: string, server: Server): Attributes {
  return {
    [ATTR.operationName]: OPERATION,
    [ATTR.providerName]: PROVIDER,
    [ATTR.requestModel]: model,
    [ATTR.serverAddress]: server.address,
    [ATTR.serverPort]: server.port,
  };
}

/** Span attributes known before sending. No content unless the caller opts in elsewhere. */
export function requestAttributes(params: RequestLike, server: Server): Attributes {
  return Object.assign(baseAttributes(params.model, server), requestParamAttributes(params));
}

/** The request's parameters as span attributes, without the base ones ({@link baseAttributes}). */
export function requestParamAttributes(params: RequestLike): Attributes {
  const a: Attributes = {};
  if (params.max_tokens !== undefined) a[ATTR.requestMaxTokens] = params.max_tokens;
  if (typeof params.temperature === 'number') a[ATTR.requestTemperature] = params.temperature;
  if (typeof params.top_p === 'number') a[ATTR.requestTopP] = params.top_p;
  if (typeof params.top_k === 'number') a[ATTR.requestTopK] = params.top_k;
  if (params.stop_sequences?.length) a[ATTR.requestStopSequences] = [...params.stop_sequences];
  if (params.stream) a[ATTR.requestStream] = true;
  a[ATTR.outputType] = outputType(params);
  return a;
}

/**
 * Usage attributes. `gen_ai.usage.input_tokens` INCLUDES cache writes and reads (v1.41.0,
 * Anthropic page), while the API's `input_tokens` excludes them.
 */
export function usageAttributes(u: Usage, wire?: unknown): Attributes {
  return addUsageAttributes({}, u, wire);
}

/** {@link usageAttributes} written into `a` (no object of their own on the call path); returns `a`. */
export function addUsageAttributes(a: Attributes, u: Usage, wire?: unknown): Attributes {
  a[ATTR.usageInputTokens] = u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
  a[ATTR.usageOutputTokens] = u.output_tokens;
  a[ATTR.usageCacheCreationInputTokens] = u.cache_creation_input_tokens;
  a[ATTR.usageCacheReadInputTokens] = u.cache_read_input_tokens;
  const reasoning = reasoningTokens(wire);
  if (reasoning !== null) a[ATTR.usageReasoningOutputTokens] = reasoning;
  return a;
}

/**
 * Thinking tokens from the API's usage (`output_tokens_details.thinking_tokens`), part of
 * `output_tokens`; null when the API did not report them (no thinking, or an older API).
 */
export function reasoningTokens(wire: unknown): number | null {
  const t = (wire as { output_tokens_details?: { thinking_tokens?: unknown } | null } | null | undefined)?.output_tokens_details?.thinking_tokens;
  return typeof t === 'number' ? t : null;
}

/** What {@link callErrorAttributes} reads of a call record. */
export interface CallOutcomeLike {
  outcome: 'ok' | 'error' | 'aborted';
  error_kind: string | null;
  attempts: ReadonlyArray<{ status: number | null; error_type: string | null }>;
}

/**
 * The call's HTTP status (its last attempt's) and, on failure, both errors: `error.type` with
 * our low-cardinality kind (the same value the metrics carry, so a span and its duration point
 * agree), `claude_canary.error.kind` with the same kind, and the provider's own `error.type`
 * (e.g. `rate_limit_error`) as `claude_canary.error.provider_type`.
 */
export function callErrorAttributes(r: CallOutcomeLike): Attributes {
  return addCallErrorAttributes({}, r);
}

/** {@link callErrorAttributes} written into `a`; returns `a`. */
export function addCallErrorAttributes(a: Attributes, r: CallOutcomeLike): Attributes {
  const last = r.attempts[r.attempts.length - 1];
  if (last?.status != null) a[ATTR.httpStatusCode] = last.status;
  if (r.outcome !== 'error') return a;
  const kind = r.error_kind ?? '_OTHER';
  a[ATTR.errorType] = kind;
  a[CC_ATTR.errorKind] = kind;
  if (last?.error_type) a[CC_ATTR.providerErrorType] = last.error_type;
  return a;
}

export interface ResponseLike {
  id?: string | null;
  model?: string | null;
  stop_reason?: string | null;
}

/** Response attributes. Finish reasons are the raw Anthropic `stop_reason` (no mapping is defined). */
export function responseAttributes(r: ResponseLike): Attributes {
  const a: Attributes = {};
  if (r.id) a[ATTR.responseId] = r.id;
  if (r.model) a[ATTR.responseModel] = r.model;
  if (r.stop_reason) a[ATTR.responseFinishReasons] = [r.stop_reason];
  return a;
}
