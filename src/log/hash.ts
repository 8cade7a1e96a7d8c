import { createHash } from 'node:crypto';

/** Hex sha256 of a UTF-8 string: how prompts and outputs are logged unless text is opted in. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
