/**
 * The SDK client our calls go through: the official `Anthropic` class, with one hook. Where the
 * SDK hands a request to fetch (`fetchWithTimeout`, which receives its per-request
 * AbortController and the request options), the attempt's {@link AttemptAbort} carried in the
 * options under {@link ATTEMPT} is bound to that controller. Aborting the attempt (timeout,
 * stall, deadline, caller) then aborts the fetch and any body still being read, without a
 * signal passed to the SDK (see {@link AttemptAbort} for why). The fetch's promise is kept on the
 * attempt too: once the SDK has parsed the body, the response's status, headers and request id
 * are one await away, without `withResponse()` and its `Promise.all`.
 */
import Anthropic from '@anthropic-ai/sdk';
import { ATTEMPT, type AttemptAbort } from './timers.ts';

type FetchWithTimeout = Anthropic['fetchWithTimeout'];

export class InstrumentedSdk extends Anthropic {
  override fetchWithTimeout(...args: Parameters<FetchWithTimeout>): ReturnType<FetchWithTimeout> {
    const attempt = (args[4] as { [ATTEMPT]?: AttemptAbort } | undefined)?.[ATTEMPT];
    if (!attempt) return super.fetchWithTimeout(...args);
    attempt.bind(args[3]);
    return (attempt.response = super.fetchWithTimeout(...args));
  }
}
