/**
 * The generated answer for a valid request: text, stop reason and output tokens, deterministic
 * in the request (same request, same reply), shaped by output faults.
 */
import type { FaultRule } from '../faults/plan.ts';
import { extractTemplate, fillTemplate } from './json-template.ts';
import { bestEvidence, lengthHint, questionOf, sentences, subjectOf } from './grounding.ts';
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
    default:
      text = groundedText(req, seed);
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

function systemText(req: MessagesRequest): string {
  const s = req.system;
  if (s === undefined) return '';
  return typeof s === 'string' ? s : s.map((b) => (typeof b.text === 'string' ? b.text : '')).join('\n');
}

/** A plausible answer to the request: see grounding.ts. Fits well inside max_tokens. */
function groundedText(req: MessagesRequest, seed: number): string {
  const system = systemText(req);
  const intent = intentOf(req.last_user_text, system);
  if (intent.kind === 'exact') return intent.text;
  if (intent.kind === 'json') {
    const template = extractTemplate(req.last_user_text) ?? extractTemplate(system);
    return template === undefined ? jsonAnswer(seed) : JSON.stringify(fillTemplate(template, req.last_user_text, seed));
  }
  const question = questionOf(req.last_user_text);
  const subject = subjectOf(question);
  const evidence = bestEvidence(question, `${system}\n${req.last_user_text}`);
  const hint = lengthHint(req.last_user_text);
  const budget = Math.max(8, Math.floor(req.max_tokens * 0.8));
  // "How do I kill X?" -> "To kill X: ..."; "Explain why A" -> "A. ..."
  const how = /^how\b/i.test(question);
  const lead = evidence ?? (subject ? (how ? `To ${subject}: start here.` : `${subject[0]!.toUpperCase()}${subject.slice(1)}.`) : '');
  if (hint.oneSentence) return lead || prose(seed, 12).split('. ')[0]! + '.';
  if (intent.kind === 'list') {
    const items = sentences(prose(seed, (hint.items ?? 3) * 14)).slice(0, (hint.items ?? 3) - (lead ? 1 : 0));
    return [lead, ...items].filter(Boolean).map((s) => `- ${s}`).join('\n');
  }
  const target = Math.min(budget, hint.tokens ?? 60 + Math.floor(rng(seed)() * 160));
  const body = prose(seed, Math.max(1, target - textTokens(lead)));
  const out = lead ? `${lead} ${body}` : body;
  return textTokens(out) > budget ? out.slice(0, budget * CHARS_PER_TOKEN).replace(/\s+\S*$/, '') + '.' : out;
}

/** Splits text into stream deltas of a few words each (whitespace kept, so deltas join back). */
export function chunkText(text: string, wordsPerChunk = 3): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) out.push(words.slice(i, i + wordsPerChunk).join(''));
  return out;
}
