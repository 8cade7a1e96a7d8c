/**
 * Deterministic text generation: the same seed always gives the same words. The generator makes
 * plausible operational English from a fixed vocabulary; a few prompt intents get a fitting
 * shape (JSON when JSON is asked for, an exact echo for "reply with exactly ...").
 */
const SUBJECTS = ['The service', 'Each request', 'The canary', 'This system', 'The model', 'A healthy endpoint', 'The gateway', 'Every probe', 'The scheduler', 'Our integration'];
const VERBS = ['returns', 'measures', 'reports', 'handles', 'records', 'streams', 'validates', 'tracks', 'summarises', 'checks'];
const OBJECTS = ['the latency of each call', 'a stable response', 'token usage and cost', 'the first token quickly', 'errors with clear types', 'results for later review', 'retries with backoff', 'the context window', 'every cached prefix', 'output quality over time'];
const TAILS = ['within its budget', 'as expected', 'without surprises', 'under normal load', 'for every region', 'on each schedule', 'in a few hundred milliseconds', 'before the deadline', 'with low variance', 'across all models'];

/** mulberry32: a tiny, fast, seedable PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Prose of at least `targetTokens` tokens (by the simulator's estimate). */
export function prose(seed: number, targetTokens: number): string {
  const r = rng(seed);
  const parts: string[] = [];
  let chars = -1;
  do {
    const s = `${pick(r, SUBJECTS)} ${pick(r, VERBS)} ${pick(r, OBJECTS)} ${pick(r, TAILS)}.`;
    parts.push(s);
    chars += s.length + 1;
  } while (Math.ceil(chars / 4) < targetTokens);
  return parts.join(' ');
}

/** Text that loops one sentence: the `repetitive` fault. */
export function loop(seed: number, targetTokens: number): string {
  const r = rng(seed);
  const s = `${pick(r, SUBJECTS)} ${pick(r, VERBS)} ${pick(r, OBJECTS)}.`;
  const n = Math.max(2, Math.ceil((targetTokens * 4) / (s.length + 1)));
  return Array.from({ length: n }, () => s).join(' ');
}

/** A JSON object answer, for prompts that ask for JSON. */
export function jsonAnswer(seed: number): string {
  const r = rng(seed);
  return JSON.stringify(
    {
      status: 'ok',
      summary: `${pick(r, SUBJECTS)} ${pick(r, VERBS)} ${pick(r, OBJECTS)}.`,
      confidence: Math.round((0.7 + r() * 0.29) * 100) / 100,
      items: [pick(r, OBJECTS), pick(r, OBJECTS)],
    },
    null,
    2,
  );
}

const EXACT = /(?:reply|respond|answer|say)\s+(?:with\s+)?(?:exactly|only)[:\s]+["“']?([^"”'\n]{1,200})["”']?/i;
const ONE_WORD = /(?:reply|respond|answer|say)\s+(?:with\s+)?the\s+(?:single\s+)?word\s+["“']?([A-Za-z0-9_-]{1,40})/i;

export type Intent = { kind: 'exact'; text: string } | { kind: 'json' } | { kind: 'list' } | { kind: 'prose' };

/** What shape of answer the request asks for (last user turn, then the system prompt). */
export function intentOf(prompt: string, system = ''): Intent {
  const m = EXACT.exec(prompt) ?? ONE_WORD.exec(prompt);
  if (m && m[1]) return { kind: 'exact', text: m[1].trim() };
  if (/\bjson\b/i.test(prompt) || /\bjson\b/i.test(system)) return { kind: 'json' };
  if (/\bbullet(?:ed)?\s+points?\b|\bbullets\b|\bas a list\b/i.test(prompt)) return { kind: 'list' };
  return { kind: 'prose' };
}

export const REFUSAL_TEXT = "I'm sorry, but I can't help with that request.";
export const SHORT_TEXT = 'OK.';
