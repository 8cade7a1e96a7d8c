/**
 * Refusal detection: the API's own `refusal` stop reason, or refusal wording near the start of
 * the answer. Wording is matched on prose only: fenced and inline code, block quotes and quoted
 * strings are removed first, so an answer that quotes a refusal (e.g. in a test fixture) is fine.
 */
import { stripCode } from './text.ts';
import type { CheckResult, QualityInput } from './types.ts';

/** Defaults for {@link checkRefusal}. */
export const REFUSAL_DEFAULTS = {
  /** Only wording that starts within this many characters of prose counts: at a 0-based index below it. */
  window_chars: 200,
} as const;

export interface RefusalOptions {
  /** Default {@link REFUSAL_DEFAULTS.window_chars} (200). */
  window_chars?: number;
}

// Verbs a refusal puts after "I can't / I won't / I'm unable to". A fixed list (rather than any
// verb) is what keeps "I can't wait to help" and "I cannot stress enough" from flagging.
const VERBS =
  '(?:help|assist|provide|comply|fulfil+|do (?:that|this)|create|generate|write|produce|answer|engage|share|give|offer|support|discuss|complete|continue|participate|be of help|make|take part)';
const NEG = "(?: can't| cannot| can not| won't| will not|'m unable to| am unable to|'m not able to| am not able to)";

/** Phrases that read as a refusal. Exported so the list is tested and documented in one place. */
export const REFUSAL_PATTERNS: readonly RegExp[] = [
  // "I can't help with", "I cannot assist", "I won't provide" but not "I can't help but notice".
  new RegExp(`\\bI${NEG} (?:really )?${VERBS}\\b(?! but\\b)`, 'i'),
  new RegExp(`\\bI (?:won't|will not|can't|cannot) be able to ${VERBS}\\b`, 'i'),
  // "As an AI, I ...", "As an AI language model, I ..." but not "As an AI researcher, you ...".
  /\bAs an AI(?: language model| assistant| model)?,/i,
  // "I'm sorry, but I can't", "Sorry, I cannot", "I apologize, but I won't".
  new RegExp(`\\b(?:I'm sorry|I am sorry|Sorry|I apologi[sz]e),? (?:but )?I${NEG}`, 'i'),
  /\bI (?:must|have to|need to) (?:respectfully )?decline\b/i,
  /\bI'm not (?:comfortable|going to) (?:help|assist|provid|writ|creat|generat)/i,
];

/** Removes text that quotes rather than says: code fences, inline code, block quotes, quotes. */
export function proseOnly(text: string): string {
  return stripCode(text.replace(/[\u2018\u2019]/g, "'"))
    // A block-quote line goes; the newlines around it stay, so the words on either side stay apart.
    .replace(/^[ \t]*>.*/gm, '')
    .replace(/"[^"\n]*"|\u201c[^\u201d\n]*\u201d/g, ' ')
    .replace(/\s+/g, ' ')
    .trimStart();
}

/** Flags a refusal stop reason or refusal wording within the first `window_chars` of prose. */
export function checkRefusal(input: Pick<QualityInput, 'text' | 'stop_reason'>, options: RefusalOptions = {}): CheckResult {
  if (input.stop_reason === 'refusal') {
    return { pass: false, reason: 'expected a stop_reason other than "refusal", got "refusal"' };
  }
  const window = options.window_chars ?? REFUSAL_DEFAULTS.window_chars;
  const prose = proseOnly(input.text);
  for (const pattern of REFUSAL_PATTERNS) {
    const m = pattern.exec(prose);
    if (m && m.index < window) {
      return {
        pass: false,
        reason: `expected no refusal wording in the first ${window} characters, found "${m[0]}" at character ${m.index}`,
      };
    }
  }
  return { pass: true, reason: `no refusal stop reason and no refusal wording in the first ${window} characters` };
}
