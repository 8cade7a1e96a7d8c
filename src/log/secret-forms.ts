/**
 * The forms a secret takes once something has encoded it: as it is, URL-encoded (`%73%6B…`, any
 * mix, either hex case), JSON-escaped (`\u0073`, `\/`, `\"`), and base64 or base64url (alone,
 * or inside a longer base64 text such as an HTTP Basic credential). A server that echoes a key
 * rarely echoes it byte for byte: a query string, a JSON body or a log line of its own has
 * encoded it first.
 */

/** Shorter values are not registered: redacting "admin" everywhere would hide more than it protects. */
export const MIN_SECRET_LENGTH = 8;
/** Base64 fragments shorter than this could occur by chance in unrelated base64 text. */
const MIN_BASE64_FRAGMENT = 12;

const hex2 = (code: number) => code.toString(16).padStart(2, '0');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** One character in any of its encodings: itself, `%hh` (either hex case), `\u00hh`, or a JSON escape. */
export function encodedChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code > 0x7f) return escapeRe(c);
  const h = hex2(code);
  const hexAny = `[${h[0]}${h[0]!.toUpperCase()}][${h[1]}${h[1]!.toUpperCase()}]`;
  const alts = [escapeRe(c), `%${hexAny}`, `\\\\u00${hexAny}`];
  if (c === '/' || c === '"' || c === '\\') alts.push(`\\\\${escapeRe(c)}`);
  return `(?:${alts.join('|')})`;
}

/**
 * Literal forms found with `includes`: the value itself and its base64/base64url encodings at
 * each of the three byte alignments (the part of the encoding that depends on the secret alone).
 */
export function literalForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const b64 = padded.toString('base64');
    // Skip the first group when it mixes in the unknown byte(s) before the secret; stop at the
    // last group made only of the secret's bytes (a partial group depends on what follows).
    const fragment = b64.slice(shift === 0 ? 0 : 4, Math.floor(padded.length / 3) * 4);
    if (fragment.length < MIN_BASE64_FRAGMENT) continue;
    forms.add(fragment);
    forms.add(fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** A regular expression source matching the secret with any character in any encoding. */
export function encodedForm(secret: string): string {
  return Array.from(secret, encodedChar).join('');
}

/** The characters an API key is made of, as themselves or encoded (`%2D`, `\u002d`, …). */
const KEY_CHAR_ENCODED = '%(?:2[dD]|3[0-9]|4[1-9a-fA-F]|5[0-9aA]|5[fF]|6[1-9a-fA-F]|7[0-9aA])';
/** `sk-ant-…` where any character may be URL-encoded or JSON-escaped. */
export const ENCODED_KEY_SOURCE = `${encodedForm('sk-ant-')}(?:[A-Za-z0-9_-]|${KEY_CHAR_ENCODED}|\\\\u00${KEY_CHAR_ENCODED.slice(1)})+`;
