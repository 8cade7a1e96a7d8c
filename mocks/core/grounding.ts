/**
 * Grounded replies: the simulator has no model, but a canary's assertions usually check that the
 * answer mentions the subject of the question or a fact from the context. So replies (a) restate
 * the question's subject, (b) quote the context sentence that best matches the question (word
 * overlap, the way a needle-in-a-haystack probe expects), and (c) follow length hints ("in one
 * sentence", "in about 150 words", "three bullet points"). All deterministic.
 */
const STOP = new Set(
  'the a an and or but of to in on for with by at from as is are was were be been it its this that these those which what who whom whose when where why how do does did can could should would will shall may might must i you we they he she me my your our their not no yes if then than so such into about over under after before between there here just only also very more most some any each every all both few many much own same other answer reply respond sentence sentences words word explain describe give show tell please using use'.split(
    ' ',
  ),
);

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => !STOP.has(w));
}

/** Splits text into sentences and lines, keeping numbers like "14.3" intact. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The question: the last sentence with a question mark, else the first instruction sentence. */
export function questionOf(userText: string): string {
  const ss = sentences(userText);
  for (let i = ss.length - 1; i >= 0; i--) if (ss[i]!.includes('?')) return ss[i]!;
  return ss[ss.length - 1] ?? '';
}

const LEADS = [
  /^(?:in|within)\s+(?:about|around|roughly)?\s*\d+\s+words?,?\s*/i,
  /^(?:please\s+)?(?:explain|describe|tell me|show|summari[sz]e|list|outline)\s+(?:in\s+[^:,]+[:,]\s*)?(?:why|how|what)?\s*/i,
  /^(?:how|why|what|which|when|where)\s+(?:do|does|did|can|should|would|is|are)\s+(?:i|we|you)?\s*/i,
];

/** The subject of an instruction, e.g. "exponential backoff with jitter avoids a thundering herd". */
export function subjectOf(question: string): string {
  let s = question.replace(/[?.!]+$/, '').trim();
  for (let i = 0; i < 3; i++) for (const re of LEADS) s = s.replace(re, '');
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

/** The context sentence sharing the most distinct words with the question (at least two). */
export function bestEvidence(question: string, context: string): string | null {
  const q = new Set(contentWords(question));
  if (q.size === 0) return null;
  let best: string | null = null;
  let bestScore = 1;
  for (const s of sentences(context)) {
    if (s === question || s.length > 400) continue;
    const score = new Set(contentWords(s).filter((w) => q.has(w))).size;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

export interface LengthHint {
  /** Target length in tokens, if the prompt says. */
  tokens?: number;
  /** Number of list items, if a list is asked for. */
  items?: number;
  oneSentence: boolean;
}

const NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

export function lengthHint(prompt: string): LengthHint {
  const words = /\b(?:about|around|roughly|under|at most|in)?\s*(\d{2,4})\s+words\b/i.exec(prompt);
  const list = /\b(\d+|two|three|four|five|six|seven|eight|nine|ten)?\s*(?:bullet(?:ed)?\s+points?|bullets|items|list)\b/i.exec(prompt);
  const hint: LengthHint = { oneSentence: /\b(?:one|a single) sentence\b/i.test(prompt) };
  if (words) hint.tokens = Math.round(Number(words[1]) * 1.3);
  if (list) hint.items = list[1] ? (NUMBERS[list[1].toLowerCase()] ?? Number(list[1])) : 3;
  return hint;
}
