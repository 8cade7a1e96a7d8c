import * as crypto from 'node:crypto';

// One-shot `crypto.hash` (Node 20.12+) is several times cheaper than createHash for short text.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** Hex sha256 of a UTF-8 string: how prompts and outputs are logged unless text is opted in. */
export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
