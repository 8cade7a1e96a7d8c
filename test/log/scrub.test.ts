/**
 * The scrubber finds a registered secret in every form a server or library may have encoded it
 * into, and keys by shape even when encoded; text that merely looks escaped is left alone.
 */
import { afterEach, expect, test } from 'vitest';
import { forgetSecrets, registerSecret, REDACTED, scrubString, scrubValue } from '../../src/log/scrub.ts';

// Assembled at run time, so no key-shaped string is committed.
const KEY = ['sk', 'ant', 'api03', 'SCRUBSENTINEL+abc/def=9f8e7d6c5b4a'].join('-');
const OTHER = 'OTHERSENTINEL-7a6b5c4d3e2f';
const pct = (s: string, upper = true) => Array.from(s, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')[upper ? 'toUpperCase' : 'toString']();

afterEach(() => forgetSecrets());

test.each([
  ['as is', KEY],
  ['URL-encoded (encodeURIComponent)', encodeURIComponent(KEY)],
  ['fully percent-encoded, upper-case hex', pct(KEY)],
  ['fully percent-encoded, lower-case hex', pct(KEY, false)],
  ['JSON-escaped with \\u00XX and \\/', JSON.stringify(KEY).slice(1, -1).replace(/s/g, '\\u0073').replace(/\//g, '\\/')],
  ['base64', Buffer.from(KEY).toString('base64')],
  ['base64url inside a longer text (offset 1)', Buffer.from(`x${KEY}`).toString('base64url')],
  ['base64 in a Basic credential (offset 5)', `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}`],
])('a registered key %s is redacted', (_name, form) => {
  registerSecret(KEY);
  const out = scrubString(`server said: ${form} (end)`);
  expect(out).toContain(REDACTED);
  expect(out).not.toContain('SCRUBSENTINEL');
  expect(out).not.toContain(pct('SCRUBSENTINEL'));
  expect(out).not.toContain(Buffer.from(KEY).toString('base64').slice(8, 24));
  expect(out).toMatch(/^server said: .*\(end\)$/);
});

test('a key-shaped value is redacted by shape even when URL-encoded and never registered', () => {
  expect(scrubString(`k=${pct('sk-ant-')}api03-abcdef&x=1`)).toBe(`k=${REDACTED}&x=1`);
  expect(scrubString('k=sk%2Dant%2Dapi03%2Dabcdef x')).toBe(`k=${REDACTED} x`);
});

test('a registered value that is not key-shaped is redacted in nested values, and only registered ones', () => {
  registerSecret(OTHER);
  expect(scrubValue({ a: [{ msg: `pw ${encodeURIComponent(OTHER)} and ${OTHER}` }], b: 'clean' })).toEqual({ a: [{ msg: `pw ${REDACTED} and ${REDACTED}` }], b: 'clean' });
  forgetSecrets();
  expect(scrubString(`pw ${OTHER}`)).toBe(`pw ${OTHER}`);
});

test('clean text with percent signs and backslashes is returned unchanged (the same string)', () => {
  registerSecret(KEY);
  const text = 'cpu at 95% \\n path C:\\temp %41%42 base64 aGVsbG8gd29ybGQ=';
  expect(scrubString(text)).toBe(text);
});

test('values under 8 characters are not registered (they would redact ordinary words)', () => {
  expect(registerSecret('admin')).toBe(false);
  expect(scrubString('admin panel')).toBe('admin panel');
});
