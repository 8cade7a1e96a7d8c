/**
 * A message as SSE frames, in the API's order: message_start, then per content block
 * content_block_start, its deltas (`thinking_delta` then one `signature_delta`; `text_delta`;
 * `input_json_delta` starting with an empty fragment), content_block_stop; then message_delta
 * with the final, cumulative usage, and message_stop. Stream faults cut it after N deltas.
 */
import type { FaultRule } from '../faults/plan.ts';
import type { Turn, TurnBlock } from './assistant-turn.ts';
import { chunkText } from './reply.ts';
import { prose } from './text.ts';
import type { TimedFrame } from './types.ts';
import { sseFrame } from './wire.ts';

export interface FrameTiming {
  /** Time to first token, ms: 20% before message_start, 80% before the first delta. */
  ttft: number;
  /** Delay before a delta of this many characters. */
  perChunk: (chars: number) => number;
}

/** Splits a JSON string into fragments of about 12 characters, as the API streams tool inputs. */
function jsonFragments(json: string): string[] {
  const out = [''];
  for (let i = 0; i < json.length; i += 12) out.push(json.slice(i, i + 12));
  return out;
}

function blockFrames(b: TurnBlock): { start: unknown; deltas: Array<{ delta: unknown; chars: number }> } {
  switch (b.type) {
    case 'thinking':
      return {
        start: { type: 'thinking', thinking: '', signature: '' },
        deltas: [
          ...chunkText(b.thinking).map((t) => ({ delta: { type: 'thinking_delta', thinking: t }, chars: t.length })),
          { delta: { type: 'signature_delta', signature: b.signature }, chars: 0 },
        ],
      };
    case 'text':
      return { start: { type: 'text', text: '' }, deltas: chunkText(b.text).map((t) => ({ delta: { type: 'text_delta', text: t }, chars: t.length })) };
    case 'tool_use':
      return {
        start: { type: 'tool_use', id: b.id, name: b.name, input: {}, caller: b.caller },
        deltas: jsonFragments(JSON.stringify(b.input)).map((p) => ({ delta: { type: 'input_json_delta', partial_json: p }, chars: p.length })),
      };
  }
}

export function streamFrames(
  message: Record<string, unknown>,
  turn: Turn,
  usage: Record<string, unknown>,
  timing: FrameTiming,
  streamFault: FaultRule | undefined,
  malformed: boolean,
  /** The request's seed: the text of an endless stream (`stream_runaway`). */
  seed = 1,
): { frames: Iterable<TimedFrame>; ending: 'close' | 'stall' } {
  const frames: TimedFrame[] = [];
  const push = (delayMs: number, event: string, data: unknown) => frames.push({ delayMs, frame: sseFrame(event, data) });
  push(timing.ttft * 0.2, 'message_start', {
    type: 'message_start',
    message: { ...message, content: [], stop_reason: null, stop_sequence: null, stop_details: null, usage: { ...usage, output_tokens: 1 } },
  });
  // An empty text block is not streamed (no deltas to carry); a stream fault still opens one.
  const blocks = turn.blocks.filter((b) => b.type !== 'text' || b.text !== '');
  if (blocks.length === 0 && streamFault) blocks.push({ type: 'text', text: '' });
  const afterDeltas = streamFault && 'after_deltas' in streamFault ? (streamFault.after_deltas ?? 2) : streamFault ? 2 : Infinity;
  let sent = 0;
  let cut = false;
  for (let i = 0; i < blocks.length && !cut; i++) {
    const { start, deltas } = blockFrames(blocks[i]!);
    push(0, 'content_block_start', { type: 'content_block_start', index: i, content_block: start });
    if (i === 0) push(0, 'ping', { type: 'ping' });
    for (const d of deltas) {
      if (sent >= afterDeltas) {
        cut = true;
        break;
      }
      push(sent === 0 ? timing.ttft * 0.8 : timing.perChunk(d.chars), 'content_block_delta', { type: 'content_block_delta', index: i, delta: d.delta });
      sent++;
    }
    if (malformed || (streamFault && (sent >= afterDeltas || i === blocks.length - 1))) {
      cut = true;
      break;
    }
    push(0, 'content_block_stop', { type: 'content_block_stop', index: i });
  }
  if (malformed) {
    frames.push({ delayMs: 0, frame: 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_del\n\n' });
    return { frames, ending: 'close' };
  }
  if (streamFault?.kind === 'stream_error') {
    const type = streamFault.error_type ?? 'overloaded_error';
    push(0, 'error', { type: 'error', error: { type, message: type === 'api_error' ? 'Internal server error' : 'Overloaded' } });
    return { frames, ending: 'close' };
  }
  if (streamFault?.kind === 'stream_truncated') return { frames, ending: 'close' };
  if (streamFault?.kind === 'stream_stall') return { frames, ending: 'stall' };
  if (streamFault?.kind === 'stream_runaway') return { frames: runaway(frames, seed, usage, streamFault.usage_every, timing), ending: 'close' };
  push(0, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: turn.stop_reason, stop_sequence: turn.stop_sequence, stop_details: turn.stop_details },
    usage,
  });
  push(0, 'message_stop', { type: 'message_stop' });
  return { frames, ending: 'close' };
}

/**
 * The `stream_runaway` fault: after the usual opening, text deltas that never end and ignore
 * `max_tokens` (a server bug the client must cut). Every delta waits at least 1 ms, so a
 * transport writing it yields between frames and sees the client go away.
 */
function* runaway(opening: TimedFrame[], seed: number, usage: Record<string, unknown>, usageEvery: number | undefined, timing: FrameTiming): Generator<TimedFrame> {
  yield* opening;
  let sent = 0;
  let tokens = 0;
  for (let i = 0; ; i++) {
    for (const piece of chunkText(prose(seed + i, 64) + ' ')) {
      tokens += Math.max(1, Math.ceil(piece.length / 4));
      yield { delayMs: Math.max(1, timing.perChunk(piece.length)), frame: sseFrame('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }) };
      if (usageEvery !== undefined && ++sent % usageEvery === 0) {
        yield { delayMs: 0, frame: sseFrame('message_delta', { type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { ...usage, output_tokens: tokens } }) };
      }
    }
  }
}
