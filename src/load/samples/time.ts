/** Timestamps in k6 outputs, to epoch ms: RFC 3339 with up to nanoseconds (JSON), or unix numbers (CSV). */

let lastKey = '';
let lastBase = NaN;

/**
 * Parses `2026-12-07T02:05:16.123456789+01:00` (Go's RFC 3339 with nanoseconds, as k6 writes it).
 * The second is parsed once and cached, since consecutive samples share it; the fraction is added.
 */
export function parseRfc3339(s: string): number {
  if (s.length < 20 || s.charCodeAt(10) !== 84 /* T */) return Date.parse(s);
  let i = 19;
  let frac = 0;
  if (s.charCodeAt(19) === 46 /* . */) {
    i = 20;
    let scale = 100;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      frac += (c - 48) * scale;
      scale /= 10;
    }
  }
  const key = s.slice(0, 19) + s.slice(i);
  if (key !== lastKey) {
    lastKey = key;
    lastBase = Date.parse(key);
  }
  return lastBase + frac;
}

/**
 * A CSV `timestamp` cell: unix seconds (k6's default), milli-, micro- or nanoseconds (told apart
 * by their number of digits), or RFC 3339 (`timeFormat=rfc3339`).
 */
export function parseCsvTime(s: string): number {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (s.length <= 11) return n * 1000;
    if (s.length <= 14) return n;
    if (s.length <= 17) return n / 1000;
    return n / 1e6;
  }
  return parseRfc3339(s);
}
