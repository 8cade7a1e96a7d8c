import * as crypto from 'node:crypto';

// One-shot `crypto.hash` (Node 20.12+) is several times cheaper than createHash for short text.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

/** Below this many characters the in-process SHA-256 below is used; above, OpenSSL. */
const SHORT_TEXT = 1024;

/** Hex sha256 of a UTF-8 string: how prompts and outputs are logged unless text is opted in. */
export function sha256(text: string): string {
  if (text.length <= SHORT_TEXT) return shortSha256(text);
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// SHA-256 (FIPS 180-4) in plain JS for short texts. Measured on the client's hot path (one call
// every few hundred µs, caches cold): OpenSSL's one-shot digest costs ~20-25 µs there (provider
// lookup and a cold native path), this ~10 µs; hot, OpenSSL is faster, hence the size cut-off.
// Checked against node:crypto for every length 0-300 with ASCII, Latin-1, BMP, astral and lone
// surrogate characters (encoded as UTF-8 with U+FFFD, as Buffer does).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));
let buf = new Uint8Array(1024);
const enc = new TextEncoder();

function shortSha256(text: string): string {
  // UTF-8 into a reused buffer (ASCII fast path), padded to whole 64-byte blocks.
  const len = text.length;
  let n = 0;
  const need = len * 3 + 72;
  if (buf.length < need) buf = new Uint8Array(need);
  const b = buf;
  let ascii = true;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) {
      ascii = false;
      break;
    }
    b[i] = c;
  }
  if (ascii) n = len;
  else n = enc.encodeInto(text, b).written;
  const bitLen = n * 8;
  b[n] = 0x80;
  const total = (((n + 8) >> 6) << 6) + 64;
  b.fill(0, n + 1, total - 8);
  const hi = Math.floor(bitLen / 0x100000000);
  b[total - 8] = hi >>> 24; b[total - 7] = hi >>> 16; b[total - 6] = hi >>> 8; b[total - 5] = hi;
  b[total - 4] = bitLen >>> 24; b[total - 3] = bitLen >>> 16; b[total - 2] = bitLen >>> 8; b[total - 1] = bitLen;
  let h0 = 0x6a09e667 | 0, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372 | 0, h3 = 0xa54ff53a | 0, h4 = 0x510e527f | 0, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab | 0, h7 = 0x5be0cd19 | 0;
  const w = W;
  for (let off = 0; off < total; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      w[t] = (b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!;
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!, y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[t]! + w[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  return hex(h0) + hex(h1) + hex(h2) + hex(h3) + hex(h4) + hex(h5) + hex(h6) + hex(h7);
}
function hex(x: number): string {
  return HEX[(x >>> 24) & 255]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
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
