/** The text helpers the checks share: what counts as code to strip, and what as a JSON document. */
import { describe, expect, it } from 'vitest';
import { isJsonDocument, stripCode } from '../../src/quality/text.ts';

describe('stripCode', () => {
  it.each([
    ['a ```ts\nconst x = 1;\n``` b', 'a   b'],
    ['a ~~~\ncode\n~~~ b', 'a   b'],
    ['a ```open to the end', 'a  '],
    ['a ~~~open to the end', 'a  '],
    ['one ```x``` two ```y``` three', 'one   two   three'],
    ['use `npm ci` here', 'use   here'],
    ['a `b` c `d` e', 'a   c   e'],
    ['a lone ` tick\nand ` another', 'a lone ` tick\nand ` another'],
    ['no code at all', 'no code at all'],
  ])('%j -> %j', (text, stripped) => {
    expect(stripCode(text)).toBe(stripped);
  });
});

describe('isJsonDocument', () => {
  it.each([
    ['{"a":1}', true],
    ['  [1, 2]\n', true],
    ['[]', true],
    ['{}', true],
    ['"just a string"', false],
    ['42', false],
    ['null', false],
    ['{"a":', false],
    ['[1, 2] and more', false],
    ['Here: {"a":1}', false],
    ['', false],
  ])('%j -> %s', (text, json) => {
    expect(isJsonDocument(text)).toBe(json);
  });
});
