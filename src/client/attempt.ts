/**
 * One HTTP attempt through the SDK (its retries off), bounded by our own timers: a per-attempt
 * timeout, the call deadline (through the linked call signal) and, for streams, an idle watchdog.
 * The SDK's own timeout covers only the wait for headers (toolchain trap 3), and it swallows an
 * abort mid-stream, so after a stream ends we check our signal before trusting the result.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Clock } from '../shared/clock.ts';
import { ClientFault, LocalAbort } from './errors.ts';
import { StreamAccumulator } from './stream-accumulator.ts';
import { linkSignal, startIdleWatchdog, startTimer } from './timers.ts';
import type { AttemptRecord, CallParams, Message } from './types.ts';

export interface AttemptContext {
  sdk: Anthropic;
  params: CallParams;
  stream: boolean;
  clock: Clock;
  callSignal: AbortSignal;
  attemptTimeoutMs: number;
  idleTimeoutMs: number;
  /** The SDK's header timeout: above ours, so ours fires first. */
  sdkTimeoutMs: number;
  onText: ((delta: string) => void) | undefined;
}

export interface AttemptOutcome {
  message?: Message;
  headers: Headers | null;
  error?: unknown;
  /** Our signal's reason when it fired: decides timeout vs stall vs caller abort. */
  abortReason?: unknown;
}

function isMessage(data: unknown): data is Message {
  if (!data || typeof data !== 'object') return false;
  const m = data as { type?: unknown; content?: unknown; usage?: unknown };
  return m.type === 'message' && Array.isArray(m.content) && !!m.usage && typeof m.usage === 'object';
}

export async function runAttempt(ctx: AttemptContext, rec: AttemptRecord): Promise<AttemptOutcome> {
  const { clock } = ctx;
  const ac = new AbortController();
  const unlink = linkSignal(ctx.callSignal, ac);
  const cancelTimer = startTimer(clock, ctx.attemptTimeoutMs, () =>
    ac.abort(new LocalAbort('attempt_timeout', `attempt exceeded ${ctx.attemptTimeoutMs} ms`)),
  );
  const reqOpts = { signal: ac.signal, maxRetries: 0, timeout: ctx.sdkTimeoutMs };
  let headers: Headers | null = null;
  try {
    if (!ctx.stream) {
      const { data, response } = await ctx.sdk.messages.create({ ...ctx.params, stream: false }, reqOpts).withResponse();
      headers = response.headers;
      rec.status = response.status;
      rec.request_id = response.headers.get('request-id');
      if (!isMessage(data)) throw new ClientFault('malformed_response', 'response body is not a Messages API message');
      return { message: data, headers };
    }
    const { data: events, response } = await ctx.sdk.messages.create({ ...ctx.params, stream: true }, reqOpts).withResponse();
    headers = response.headers;
    rec.status = response.status;
    rec.request_id = response.headers.get('request-id');
    const acc = new StreamAccumulator();
    const dog = startIdleWatchdog(clock, ctx.idleTimeoutMs, () =>
      ac.abort(new LocalAbort('stream_idle', `stream stalled: no event for ${ctx.idleTimeoutMs} ms`)),
    );
    try {
      for await (const event of events) {
        dog.touch();
        const text = acc.apply(event);
        if (rec.ttft_ms === null && event.type === 'content_block_delta') rec.ttft_ms = clock.now() - rec.started_at;
        if (text && ctx.onText) {
          rec.text_delivered = true;
          try {
            ctx.onText(text);
          } catch (err) {
            throw new ClientFault('invalid_request', 'onText callback threw', { cause: err });
          }
        }
      }
    } finally {
      dog.stop();
    }
    if (ac.signal.aborted) throw ac.signal.reason;
    if (!acc.complete || !acc.message) throw new ClientFault('stream_interrupted', 'stream ended before message_stop');
    return { message: acc.message, headers };
  } catch (error) {
    const h = (error as { headers?: unknown })?.headers;
    return {
      error,
      headers: headers ?? (h instanceof Headers ? h : null),
      ...(ac.signal.aborted ? { abortReason: ac.signal.reason } : {}),
    };
  } finally {
    cancelTimer();
    unlink();
  }
}
