/**
 * The generated answer for a valid request: text, stop reason and output tokens, deterministic
 * in the request (same request, same reply), shaped by output faults.
 */
import type { FaultRule } from '../faults/plan.ts';
import { hash32, intentOf, jsonAnswer, loop, prose, REFUSAL_TEXT, rng, SHORT_TEXT } from './text.ts';
import { CHARS_PER_TOKEN, textTokens } from './tokens.ts';
import type { MessagesRequest } from './validate.ts';

export interface Reply {
  text: string;
  stop_reason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'refusal';
  stop_sequence: string | null;
  stop_details: { type: 'refusal'; category: null; explanation: null } | null;
  output_tokens: number;
  seed: number;
}

/** Seed of a request: same model, prompt and limits give the same seed. */
export function requestSeed(req: MessagesRequest, simSeed: number): number {
  return hash32(`${simSeed}|${req.info.id}|${JSON.stringify(req.system ?? '')}|${JSON.stringify(req.messages)}|${req.max_tokens}|${(req.stop_sequences ?? []).join('\u0000')}`);
}

export function generateReply(req: MessagesRequest, seed: number, output: FaultRule | undefined): Reply {
  let text: string;
  let stop: Reply['stop_reason'] = 'end_turn';
  let stopDetails: Reply['stop_details'] = null;
  switch (output?.kind) {
    case 'short':
      text = SHORT_TEXT;
      break;
    case 'refusal':
      if (output.style === 'wording') text = REFUSAL_TEXT;
      else {
        text = '';
        stop = 'refusal';
        stopDetails = { type: 'refusal', category: null, explanation: null };
      }
      break;
    case 'repetitive':
      text = loop(seed, 300);
      break;
    case 'verbose':
      text = prose(seed, req.max_tokens + 1);
      break;
    default: {
      const intent = intentOf(req.last_user_text);
      if (intent.kind === 'exact') text = intent.text;
      else if (intent.kind === 'json') text = jsonAnswer(seed);
      else text = prose(seed, 60 + Math.floor(rng(seed)() * 160));
    }
  }
  let stopSequence: string | null = null;
  if (stop !== 'refusal' && req.stop_sequences && req.stop_sequences.length > 0) {
    let at = -1;
    for (const s of req.stop_sequences) {
      const i = s === '' ? -1 : text.indexOf(s);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        stopSequence = s;
      }
    }
    if (at >= 0) {
      text = text.slice(0, at);
      stop = 'stop_sequence';
    }
  }
  if (textTokens(text) > req.max_tokens) {
    text = text.slice(0, req.max_tokens * CHARS_PER_TOKEN);
    stop = 'max_tokens';
    stopSequence = null;
  }
  // The API reports at least one output token, even for an empty reply.
  return { text, stop_reason: stop, stop_sequence: stopSequence, stop_details: stopDetails, output_tokens: Math.max(1, textTokens(text)), seed };
}

/** Splits text into stream deltas of a few words each (whitespace kept, so deltas join back). */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) out.push(words.slice(i, i + wordsPerChunk).join(''));
  return out;
}
