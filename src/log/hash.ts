import * as crypto from 'node:crypto';

// One-shot `crypto.hash` (Node 20.12+) is several times cheaper than createHash for short text.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** Hex sha256 of a UTF-8 string: how prompts and outputs are logged unless text is opted in. */
export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

const memo = new Map<string, string>();
const MEMO_MAX_CHARS = 16_384;
const MEMO_MAX_ENTRIES = 256;

/**
 * {@link sha256} memoised for texts that repeat, such as a probe's prompt sent every minute
 * (bounded: texts up to 16k chars, at most 256 of them, so at most ~4 MB held).
 */
export function sha256Memo(text: string): string {
  if (text.length > MEMO_MAX_CHARS) return sha256(text);
  let h = memo.get(text);
  if (h === undefined) {
    h = sha256(text);
    if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();
    memo.set(text, h);
  }
  return h;
}
