/**
 * Server-sent events parsing for Messages streams, for k6 (which buffers the whole body) and
 * for tests. Plain module.
 *
 * Why TTFT needs care under k6: `k6/http` returns the body only when the stream ends, so there
 * are no per-event timestamps. What k6 does measure is `timings.waiting` (request sent to first
 * response byte) and `timings.receiving` (first byte to last byte). The API sends its headers and
 * `message_start` when generation starts, so the first byte is the usual TTFT proxy; the text
 * before the first `content_block_delta` then arrives inside the receiving window. We report
 * TTFT as `waiting` plus the share of `receiving` that precedes the first delta, assuming the
 * bytes of a stream arrive at an even pace. Both ends of that estimate are exposed.
 */

export interface SseEvent {
  event: string;
  data: string;
  /** Byte offset (string index) just past the blank line that ends the frame. */
  end: number;
}

/** Splits an SSE body into frames with `event:` and `data:` lines; comment lines are skipped. */
export function parseSse(body: string): SseEvent[] {
  const events: SseEvent[] = [];
  const text = body.replace(/\r\n?/g, '\n');
  let pos = 0;
  while (pos < text.length) {
    let next = text.indexOf('\n\n', pos);
    const end = next === -1 ? text.length : next + 2;
    if (next === -1) next = text.length;
    const frame = text.slice(pos, next);
    pos = end;
    let event = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0 && event === 'message') continue;
    events.push({ event, data: data.join('\n'), end });
  }
  return events;
}

/** What a Messages stream contained, in the terms the load checks need. */
export interface StreamSummary {
  events: number;
  /** A `message_stop` arrived. */
  complete: boolean;
  /** `error.type` of a mid-stream `event: error`, if any. */
  errorType: string | null;
  /** Offset where the first `content_block_delta` frame ends, or null when no content arrived. */
  firstDeltaEnd: number | null;
  /** Total length of the parsed body (same units as offsets). */
  length: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  stopReason: string | null;
  model: string | null;
  text: string;
  /** Frames whose `data:` was not valid JSON. */
  malformedFrames: number;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Reads a Messages SSE body: completeness, mid-stream errors, usage (cumulative, last wins), text. */
export function summariseStream(body: string): StreamSummary {
  const text = body.replace(/\r\n?/g, '\n');
  const s: StreamSummary = {
    events: 0, complete: false, errorType: null, firstDeltaEnd: null, length: text.length,
    inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0,
    stopReason: null, model: null, text: '', malformedFrames: 0,
  };
  const applyUsage = (u: Record<string, unknown> | undefined) => {
    if (!u) return;
    s.inputTokens = num(u.input_tokens) ?? s.inputTokens;
    s.outputTokens = num(u.output_tokens) ?? s.outputTokens;
    s.cacheCreationInputTokens = num(u.cache_creation_input_tokens) ?? s.cacheCreationInputTokens;
    s.cacheReadInputTokens = num(u.cache_read_input_tokens) ?? s.cacheReadInputTokens;
  };
  for (const ev of parseSse(text)) {
    s.events++;
    if (ev.event === 'ping') continue;
    let data: Record<string, unknown> | undefined;
    try {
      data = asRecord(JSON.parse(ev.data));
    } catch {
      s.malformedFrames++;
      continue;
    }
    if (!data) continue;
    switch (ev.event) {
      case 'message_start': {
        const msg = asRecord(data.message);
        s.model = typeof msg?.model === 'string' ? msg.model : s.model;
        applyUsage(asRecord(msg?.usage));
        break;
      }
      case 'content_block_delta': {
        if (s.firstDeltaEnd === null) s.firstDeltaEnd = ev.end;
        const delta = asRecord(data.delta);
        if (delta?.type === 'text_delta' && typeof delta.text === 'string') s.text += delta.text;
        break;
      }
      case 'message_delta': {
        const delta = asRecord(data.delta);
        if (typeof delta?.stop_reason === 'string') s.stopReason = delta.stop_reason;
        applyUsage(asRecord(data.usage));
        break;
      }
      case 'message_stop':
        s.complete = true;
        break;
      case 'error': {
        const err = asRecord(data.error);
        s.errorType = typeof err?.type === 'string' ? err.type : 'unknown_error';
        break;
      }
      default:
        break; // clients must ignore unknown event types
    }
  }
  return s;
}

/** k6 timings the TTFT estimate needs (milliseconds). */
export interface StreamTimings {
  waiting: number;
  receiving: number;
}

/**
 * Estimated time to first token in ms, or null when the stream carried no content delta.
 * `waiting + receiving x (offset of first delta / body length)`; never below `waiting`.
 */
export function estimateTtftMs(timings: StreamTimings, summary: Pick<StreamSummary, 'firstDeltaEnd' | 'length'>): number | null {
  if (summary.firstDeltaEnd === null || summary.length === 0) return null;
  const share = Math.min(1, summary.firstDeltaEnd / summary.length);
  return timings.waiting + Math.max(0, timings.receiving) * share;
}
