/**
 * One HTTP attempt through the SDK (its retries off), bounded by our own timers: a per-attempt
 * timeout, the call deadline (through the linked call signal) and, for streams, an idle watchdog.
 * The SDK's own timeout covers only the wait for headers (toolchain trap 3), and it swallows an
 * abort mid-stream, so after a stream ends we check our signal before trusting the result.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { context, type Context } from '@opentelemetry/api';

type RawEvent = Anthropic.Messages.RawMessageStreamEvent;
import type { Clock } from '../shared/clock.ts';
import { ClientFault } from './errors.ts';
import type { InstrumentedSdk } from './sdk.ts';
import { CHARS_PER_TOKEN } from './context-guard.ts';
import { outputOverrun, outputTokenLimit, RUNAWAY_CHARS_PER_TOKEN } from './output-bound.ts';
import { messageText, StreamAccumulator } from './stream-accumulator.ts';
import { normaliseUsage } from './usage.ts';
import type { Usage } from '../shared/types.ts';
import { ATTEMPT, AttemptAbort, linkSignal, type CallWatchdog } from './timers.ts';
import type { AttemptRecord, CallParams, Message } from './types.ts';

export interface AttemptContext {
  /** Ours: it binds each attempt to its request and keeps the request's fetch (sdk.ts). */
  sdk: InstrumentedSdk;
  params: CallParams;
  stream: boolean;
  clock: Clock;
  /** The caller's signal, if any: aborts the attempt with the caller's reason. */
  callerSignal: AbortSignal | undefined;
  /** Call deadline, attempt timeout and stream idle timeout, on one sleep. */
  watchdog: CallWatchdog;
  attemptTimeoutMs: number;
  idleTimeoutMs: number;
  onText: ((delta: string) => void) | undefined;
  /**
   * The call span's context when it records: the active context while the SDK sends the request
   * (an HTTP client span made by an instrumentation becomes its child) and the source of the
   * request's `traceparent`.
   */
  otelContext: Context | undefined;
  /** Streams: collect the gaps between output chunks, in seconds (chunk timing on). */
  chunkGaps: boolean;
}

export interface AttemptOutcome {
  message?: Message;
  headers: Headers | null;
  error?: unknown;
  /** Our signal's reason when it fired: decides timeout vs stall vs caller abort. */
  abortReason?: unknown;
  /**
   * A stream that broke after message_start was still billed: its input, and the output produced
   * so far (the larger of the last reported count and an estimate from the text received).
   */
  partialUsage?: Usage;
  /** Seconds between consecutive output chunks (content deltas), when the context asked for them. */
  chunkGaps?: number[];
}

/** Never more output than the attempt's limit: the API bills at most `max_tokens` (output-bound.ts). */
function billedSoFar(message: Message, limit: number): Usage {
  const u = normaliseUsage(message.usage);
  const estimated = Math.ceil(messageText(message).length / CHARS_PER_TOKEN);
  return { ...u, output_tokens: Math.min(limit, Math.max(u.output_tokens, estimated)) };
}

function isMessage(data: unknown): data is Message {
  if (!data || typeof data !== 'object') return false;
  const m = data as { type?: unknown; content?: unknown; usage?: unknown };
  return m.type === 'message' && Array.isArray(m.content) && !!m.usage && typeof m.usage === 'object';
}

/** The attempt's HTTP response, settled by now: InstrumentedSdk kept it when the request reached fetch. */
function responseOf(ac: AttemptAbort): Promise<Response> {
  if (!ac.response) {
    throw new Error('InstrumentedSdk.fetchWithTimeout did not run for this request: the SDK no longer calls it (src/client/sdk.ts)');
  }
  return ac.response;
}

/**
 * Feeds the stream's events to the accumulator, feeding the idle watchdog, timing the first
 * token and passing text to `onText`. A function of its own with few locals: an async function
 * saves its live registers at every await, here once per event.
 */
async function consume(events: AsyncIterable<RawEvent>, acc: StreamAccumulator, ctx: AttemptContext, rec: AttemptRecord, limit: number, gaps: number[] | null): Promise<void> {
  const { watchdog, onText } = ctx;
  const charLimit = limit * RUNAWAY_CHARS_PER_TOKEN;
  let last = Number.NaN;
  for await (const event of events) {
    watchdog.touch();
    let text = '';
    if (event.type === 'content_block_delta') {
      // The common event, handled without the general dispatch.
      if (rec.ttft_ms === null) rec.ttft_ms = ctx.clock.now() - rec.started_at;
      if (gaps) {
        const now = ctx.clock.now();
        if (!Number.isNaN(last)) gaps.push((now - last) / 1000);
        last = now;
      }
      text = acc.delta(event.index, event.delta as unknown as Record<string, unknown> & { type: string });
      if (acc.outputChars > charLimit) throw outputOverrun(limit, `${acc.outputChars} characters streamed without message_stop`);
    } else {
      acc.apply(event);
      if (event.type === 'message_delta' && (event.usage?.output_tokens ?? 0) > limit) throw outputOverrun(limit, `the stream reported ${event.usage.output_tokens} output tokens`);
    }
    if (text && onText) {
      rec.text_delivered = true;
      try {
        onText(text);
      } catch (err) {
        throw new ClientFault('invalid_request', 'onText callback threw', { cause: err });
      }
    }
  }
}

export async function runAttempt(ctx: AttemptContext, rec: AttemptRecord): Promise<AttemptOutcome> {
  const ac = new AttemptAbort();
  const unlink = linkSignal(ctx.callerSignal, ac);
  const { watchdog } = ctx;
  watchdog.startAttempt(ctx.attemptTimeoutMs, ac, ctx.stream ? ctx.idleTimeoutMs : Infinity);
  // No `signal`: the attempt reaches the SDK's own controller through InstrumentedSdk (sdk.ts).
  // Retries (off) and the header timeout (above ours, so ours fires first) are the SDK client's.
  const otelCtx = ctx.otelContext;
  ac.traceContext = otelCtx; // its `traceparent` goes out with the request (sdk.ts)
  const reqOpts = { [ATTEMPT]: ac } as unknown as Parameters<Anthropic['messages']['create']>[1];
  let headers: Headers | null = null;
  let acc: StreamAccumulator | null = null;
  /** The SDK call: when its body could not be parsed, the response itself still tells status and ids. */
  let pending: { asResponse(): Promise<Response> } | null = null;
  /** Most output one attempt is accounted (output-bound.ts). */
  const limit = outputTokenLimit(ctx.params.max_tokens);
  /** A complete non-streaming message that still failed (it ran past max_tokens): billed all the same. */
  let billed: Message | null = null;
  try {
    if (!ctx.stream) {
      // `stream` is false or absent here (absent means non-streaming), so the params go as they are.
      // A closure only when there is a context to run it in: the path that exports nothing allocates nothing more.
      const body = ctx.params as CallParams & { stream?: false };
      const pendingJson = otelCtx ? context.with(otelCtx, () => ctx.sdk.messages.create(body, reqOpts)) : ctx.sdk.messages.create(body, reqOpts);
      pending = pendingJson;
      const data = await pendingJson;
      const response = await responseOf(ac);
      headers = response.headers;
      rec.status = response.status;
      rec.request_id = headers.get('request-id');
      if (!isMessage(data)) throw new ClientFault('malformed_response', 'response body is not a Messages API message');
      billed = data;
      if ((data.usage.output_tokens ?? 0) > limit) throw outputOverrun(limit, `the response reported ${data.usage.output_tokens} output tokens`);
      return { message: data, headers };
    }
    const streamBody = ctx.params as CallParams & { stream: true };
    const pendingStream = otelCtx ? context.with(otelCtx, () => ctx.sdk.messages.create(streamBody, reqOpts)) : ctx.sdk.messages.create(streamBody, reqOpts);
    pending = pendingStream;
    const events = await pendingStream;
    const response = await responseOf(ac);
    headers = response.headers;
    rec.status = response.status;
    rec.request_id = headers.get('request-id');
    acc = new StreamAccumulator();
    watchdog.watchIdle(ctx.idleTimeoutMs);
    const gaps = ctx.chunkGaps ? [] : null;
    await consume(events, acc, ctx, rec, limit, gaps);
    if (ac.aborted) throw ac.reason;
    if (!acc.complete || !acc.message) throw new ClientFault('stream_interrupted', 'stream ended before message_stop');
    if (acc.message.usage.output_tokens > limit) throw outputOverrun(limit, `the stream reported ${acc.message.usage.output_tokens} output tokens`);
    return gaps ? { message: acc.message, headers, chunkGaps: gaps } : { message: acc.message, headers };
  } catch (error) {
    const h = (error as { headers?: unknown })?.headers;
    if (!headers && !(h instanceof Headers) && pending && !ac.aborted) {
      // A response arrived but its body was garbage (the SDK threw while parsing it): keep the
      // status, request id and headers of that response rather than recording a bare null.
      const response = await pending.asResponse().catch(() => null);
      if (response) {
        headers = response.headers;
        rec.status ??= response.status;
        rec.request_id ??= response.headers.get('request-id');
      }
    }
    return {
      error,
      headers: headers ?? (h instanceof Headers ? h : null),
      ...(ac.aborted ? { abortReason: ac.reason } : {}),
      ...(acc?.message ? { partialUsage: billedSoFar(acc.message, limit) } : billed ? { partialUsage: billedSoFar(billed, limit) } : {}),
    };
  } finally {
    watchdog.endAttempt();
    unlink();
  }
}
