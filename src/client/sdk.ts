/**
 * The SDK client our calls go through: the official `Anthropic` class, with one hook. Where the
 * SDK hands a request to fetch (`fetchWithTimeout`, which receives its per-request
 * AbortController and the request options), the attempt's {@link AttemptAbort} carried in the
 * options under {@link ATTEMPT} is bound to that controller. Aborting the attempt (timeout,
 * stall, deadline, caller) then aborts the fetch and any body still being read, without a
 * signal passed to the SDK (see {@link AttemptAbort} for why). The fetch's promise is kept on the
 * attempt too: once the SDK has parsed the body, the response's status, headers and request id
 * are one await away, without `withResponse()` and its `Promise.all`. When the call span records,
 * its trace context (the attempt's `traceContext`) goes into the request's headers here.
 */
import Anthropic from '@anthropic-ai/sdk';
import { capResponse, DEFAULT_MAX_RESPONSE_BYTES } from './response-cap.ts';
import { ATTEMPT, type AttemptAbort } from './timers.ts';
import { injectTraceHeaders } from './trace-context.ts';

type Fetch = Anthropic['fetchWithTimeout'];
type Args = Parameters<Fetch>;

export class InstrumentedSdk extends Anthropic {
  /** Response bodies past this many bytes fail as `response_too_large` (response-cap.ts). */
  maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

  // Named parameters, not `...args`: no rest array and spread per request.
  override fetchWithTimeout(url: Args[0], init: Args[1], ms: Args[2], controller: Args[3], requestOptions?: Args[4], logCtx?: Args[5]): ReturnType<Fetch> {
    const attempt = (requestOptions as { [ATTEMPT]?: AttemptAbort } | undefined)?.[ATTEMPT];
    if (attempt) {
      attempt.bind(controller);
      const ctx = attempt.traceContext;
      // The call span's `traceparent`, written into the request's own headers here rather than
      // passed as a request option for the SDK to merge (cheaper on every traced call).
      if (ctx) {
        // The SDK hands over a `Headers`; any other shape is copied into one (the caller's object is never written).
        const h = init?.headers;
        const headers = h instanceof Headers ? h : new Headers(h as HeadersInit | undefined);
        injectTraceHeaders(ctx, headers);
        if (headers !== h) init = { ...init, headers };
      }
    }
    const max = this.maxResponseBytes;
    const response = super.fetchWithTimeout(url, init, ms, controller, requestOptions, logCtx).then((r) => capResponse(r, max));
    if (attempt) attempt.response = response;
    return response;
  }
}
