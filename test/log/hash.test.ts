import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { sha256 } from '../../src/log/hash.ts';

test.each(['', 'abc', 'héllo wörld', '😀 astral', 'x'.repeat(5000)])('sha256(%#) matches node:crypto over UTF-8', (text) => {
  expect(sha256(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
});

test('known vector', () => {
  expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
