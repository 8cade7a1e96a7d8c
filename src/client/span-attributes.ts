/**
 * What the spans of a call carry, each in one place: the request attributes known when the call
 * starts, the attributes the call span gets when the call ends (response, usage, cost, outcome
 * and, for a call of one attempt, that attempt's details), and an attempt span's attributes.
 * Pure functions of the parameters and the record; observer.ts decides when spans exist.
 */
import type { Attributes } from '@opentelemetry/api';
import { addCallErrorAttributes, addUsageAttributes, requestParamAttributes } from '../telemetry/genai-attributes.ts';
import { ATTR, CC_ATTR } from '../telemetry/semconv.ts';
import { outputContentAttributes } from './observer-content.ts';
import type { EndDetails } from './observer.ts';
import type { AttemptRecord, CallParams, CallRecord } from './types.ts';

/**
 * The call span's attributes known at the start, besides the required ones it is started with:
 * request parameters, the caller's extra attributes, the prompt hash. One object, which
 * {@link addCallEndAttributes} completes at the end, so the span gets one `setAttributes`.
 */
export function callStartAttributes(params: CallParams, record: CallRecord, extra: Attributes | undefined): Attributes {
  const a = requestParamAttributes(params);
  if (extra) Object.assign(a, extra);
  a[CC_ATTR.promptSha256] = record.prompt_sha256;
  return a;
}

/**
 * Adds to `a` what the call span carries at the end of the call: response, usage (with
 * reasoning tokens from the final message's usage; the cache-write split by TTL only when the call
 * wrote to the cache), cost (or `unpriced: true` when the model has no price), outcome (`addCallErrorAttributes`: the
 * last attempt's HTTP status, and on failure both error types), opt-in output content. The one
 * place the end-of-call attributes are built (the details event reuses them). `single`: the
 * call's only attempt when it has no span of its own; what the attributes above do not already
 * carry of it (its retry-after hint) goes here.
 */
export function addCallEndAttributes(
  a: Attributes,
  r: CallRecord,
  opts: { captureContent: boolean },
  details: EndDetails | undefined,
  single: AttemptRecord | undefined,
): Attributes {
  if (r.response_id) a[ATTR.responseId] = r.response_id;
  if (r.response_model) a[ATTR.responseModel] = r.response_model;
  if (r.stop_reason) a[ATTR.responseFinishReasons] = [r.stop_reason];
  a[CC_ATTR.attempts] = r.attempts.length;
  if (r.usage) {
    addUsageAttributes(a, r.usage, details?.message?.usage);
    // The split of the cache writes by TTL, when there are any (with none, both are 0: nothing to carry).
    if (r.usage.cache_creation_input_tokens > 0) {
      a[CC_ATTR.cacheWrite5m] = r.usage.cache_write_5m_tokens;
      a[CC_ATTR.cacheWrite1h] = r.usage.cache_write_1h_tokens;
    }
  }
  if (r.cost_usd !== null) a[CC_ATTR.costUsd] = r.cost_usd;
  // Only when true: a priced call carries its cost, which says as much.
  else if (r.outcome === 'ok' && r.unpriced) a[CC_ATTR.unpriced] = true;
  if (r.request_id) a[CC_ATTR.requestId] = r.request_id;
  if (r.ttft_ms !== null) a[ATTR.responseTimeToFirstChunk] = r.ttft_ms / 1000;
  if (r.context?.utilisation != null) a[CC_ATTR.contextUtilisation] = r.context.utilisation;
  if (r.context?.high) a[CC_ATTR.contextHigh] = true;
  if (r.output_sha256) a[CC_ATTR.outputSha256] = r.output_sha256;
  if (opts.captureContent && details?.message) Object.assign(a, outputContentAttributes(details.message));
  if (r.circuit_open) a[CC_ATTR.circuitOpen] = true;
  addCallErrorAttributes(a, r);
  if (single && single.retry_after_ms !== null) a[CC_ATTR.retryAfterMs] = single.retry_after_ms;
  return a;
}

/** An attempt span's attributes. */
export function attemptAttributes(a: AttemptRecord): Attributes {
  const at: Attributes = { [CC_ATTR.attempt]: a.n, [ATTR.httpResendCount]: a.n - 1 };
  if (a.status !== null) at[ATTR.httpStatusCode] = a.status;
  if (a.request_id) at[CC_ATTR.requestId] = a.request_id;
  if (a.retry_after_ms !== null) at[CC_ATTR.retryAfterMs] = a.retry_after_ms;
  if (a.wait_ms !== null) at[CC_ATTR.waitMs] = a.wait_ms;
  if (a.error_kind) {
    at[ATTR.errorType] = a.error_kind;
    at[CC_ATTR.errorKind] = a.error_kind;
    if (a.error_type) at[CC_ATTR.providerErrorType] = a.error_type;
  }
  return at;
}
