import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRepetition, compressionRatio, longestLoop, uniqueWordRatio, words, worstChunkCompression } from '../../src/quality/index.ts';

const prose = readFileSync(new URL('../../node_modules/zod/README.md', import.meta.url).pathname, 'utf8').slice(0, 4000);
const design = `Canary probes run on a schedule against the real API or a simulator. Each run records latency,
time to first token, token usage, cost and a handful of quality flags, so a regression shows up as
a change in a series rather than an anecdote. The store keeps every result; alert rules read time
windows from it, and the weekly report turns the same rows into percentiles and error mixes. Every
check is a small pure function whose reason quotes what it expected against what it saw.`;
const code = readFileSync(new URL('../../src/shared/clock.ts', import.meta.url).pathname, 'utf8');
const json = JSON.stringify(
  Array.from({ length: 40 }, (_, i) => ({ id: i, name: `item-${i}`, ok: i % 3 === 0, tags: ['a', 'b'] })),
  null,
  2,
);

const pass: Array<[string, string]> = [
  ['ordinary prose', design],
  ['a long markdown document', prose],
  ['source code in a fence', `Here is the file:\n\`\`\`ts\n${code}\n\`\`\``],
  ['a JSON document', json],
  ['a short repetitive reply (too short to judge)', 'yes yes yes yes'],
  [
    'a numbered list whose lines start alike',
    [
      'Install the SDK with npm and pin the version.',
      'Install the simulator so tests never need a key.',
      'Install a collector if you want traces in your backend.',
      'Set ANTHROPIC_API_KEY when you point at the real API.',
      'Set the runner id and region for every machine.',
      'Run the smoke probe once to check the wiring.',
      'Run the monitor under systemd or a container supervisor.',
      'Check the dashboard after the first hour of data.',
      'Check that alerts reach the right channel before launch.',
    ]
      .map((l, i) => `${i + 1}. ${l}`)
      .join('\n'),
  ],
];

const fail: Array<[string, string, RegExp]> = [
  ['a sentence loop', `Sure. ${'The answer is forty two and that is final. '.repeat(12)}`, /repeated/],
  ['a single word loop', `Result: ${'very '.repeat(60)}good`, /repeated/],
  ['low unique-word ratio without exact loops', Array.from({ length: 80 }, (_, i) => ['the', 'cat', 'the', 'dog', 'a', 'cat', 'and'][(i * i) % 7]).join(' '), /unique-word ratio >= 0.6, got 0\.\d\d/],
];

describe('checkRepetition', () => {
  it.each(pass)('passes %s', (_, text) => {
    const r = checkRepetition(text);
    expect(r, r.reason).toMatchObject({ pass: true });
  });

  it.each(fail)('flags %s', (_, text, reason) => {
    const r = checkRepetition(text);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(reason);
  });

  it('flags an extreme compression ratio on long prose', () => {
    const text = `Intro. ${'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega, '.repeat(20)}`;
    expect(compressionRatio(text)).toBeGreaterThan(6);
    expect(checkRepetition(text, { min_loop_words: 100_000, min_unique_ratio: 0.01 }).reason).toMatch(/compression ratio <= 6, got \d+\.\d\d/);
  });

  it('reports the reason for a pass with the measured ratio', () => {
    expect(checkRepetition(design).reason).toMatch(/unique-word ratio >= 0.6, got 0\.\d\d/);
  });
});

describe('repetition measures', () => {
  it('computes the windowed unique-word ratio', () => {
    expect(uniqueWordRatio(words('a b c d'), 50)).toBe(1);
    expect(uniqueWordRatio(words('a a a a'), 50)).toBe(0.25);
    expect(uniqueWordRatio(words('a b a b a b'), 2)).toBe(1);
  });

  it('finds the longest back-to-back loop', () => {
    expect(longestLoop(words('x one two three one two three one two three y'), 5, 3)).toEqual({ period: 3, start: 1, length: 9 });
    expect(longestLoop(words('one two three one two four'), 5, 3)).toBeNull();
  });
});

describe('repetition measures at their edges', () => {
  it('reads words as letters and digits with inner apostrophes, lower-cased', () => {
    expect(words("It's 2 O'Clock, déjà-vu! 'quoted' x_y")).toEqual(["it's", '2', "o'clock", 'déjà', 'vu', 'quoted', 'x', 'y']);
    expect(words('...')).toEqual([]);
  });

  it('averages the unique-word ratio over every window', () => {
    expect(uniqueWordRatio([], 5)).toBe(1);
    // windows of 2: [a a] 1, [a b] 2, [b b] 1 distinct: 4 / 3 windows / 2 words
    expect(uniqueWordRatio(['a', 'a', 'b', 'b'], 2)).toBeCloseTo(4 / 6, 12);
    // windows of 3: [a b a] 2, [b a c] 3, [a c c] 2
    expect(uniqueWordRatio(['a', 'b', 'a', 'c', 'c'], 3)).toBeCloseTo(7 / 9, 12);
    expect(uniqueWordRatio(['a', 'b', 'a'], 3)).toBeCloseTo(2 / 3, 12);
    expect(uniqueWordRatio(['a', 'b', 'a'], 4)).toBeCloseTo(2 / 3, 12);
    // A word that enters the sliding window and later leaves it: every window of 2 has 2 distinct.
    expect(uniqueWordRatio(['a', 'b', 'c', 'd', 'e'], 2)).toBe(1);
  });

  it('finds no loop in the words past the end of the text', () => {
    expect(longestLoop(['a', 'b', 'c'], 1, 2)).toBeNull();
    expect(longestLoop(['a', 'b', 'b'], 3, 2)).toEqual({ period: 1, start: 1, length: 2 });
  });

  it('finds a loop of exactly period x min_repeats words, and not one word shorter', () => {
    expect(longestLoop(['a', 'b', 'a', 'b', 'a', 'b'], 2, 3)).toEqual({ period: 2, start: 0, length: 6 });
    expect(longestLoop(['a', 'b', 'a', 'b', 'a'], 2, 3)).toBeNull();
    expect(longestLoop(['a', 'b', 'a', 'b', 'a', 'b'], 2, 4)).toBeNull();
  });

  it('looks for periods up to max_period only', () => {
    const ws = words('x a b c a b c a b c y');
    expect(longestLoop(ws, 3, 3)).toEqual({ period: 3, start: 1, length: 9 });
    expect(longestLoop(ws, 2, 3)).toBeNull();
  });

  it('keeps the shortest period among loops of the same length', () => {
    expect(longestLoop(['a', 'a', 'a', 'a'], 2, 2)).toEqual({ period: 1, start: 0, length: 4 });
  });

  it('restarts the run after a break and keeps the longest loop', () => {
    expect(longestLoop(words('a a a b c c c c d'), 1, 3)).toEqual({ period: 1, start: 4, length: 4 });
    expect(longestLoop(words('c c c c d a a a'), 1, 3)).toEqual({ period: 1, start: 0, length: 4 });
  });

  it('takes the worst chunk, with equal chunks covering the whole text', () => {
    const prose = 'Canary probes run on a schedule and record latency, usage and cost. ';
    const text = prose.repeat(3).slice(0, 200) + 'z'.repeat(201);
    const worst = worstChunkCompression(text, 200);
    expect(worst).toBe(Math.max(compressionRatio(text.slice(0, 201)), compressionRatio(text.slice(201))));
    expect(worst).toBe(compressionRatio(text.slice(201)));
    expect(worstChunkCompression('short text', 200)).toBe(compressionRatio('short text'));
    expect(compressionRatio('')).toBe(1);
  });
});

describe('checkRepetition at its edges', () => {
  // Five words, four distinct: a unique-word ratio of exactly 0.8, and no loop.
  const ratio08 = 'alpha alpha beta gamma delta';
  const judgeRatio = { min_words: 5, min_compression_chars: 10_000 };

  it('passes a unique-word ratio exactly at the minimum, and fails it just above', () => {
    expect(checkRepetition(ratio08, { ...judgeRatio, min_unique_ratio: 0.8 })).toEqual({
      pass: true,
      reason: 'expected unique-word ratio >= 0.8, got 0.80; no repeated loop: ok',
    });
    expect(checkRepetition(ratio08, { ...judgeRatio, min_unique_ratio: 0.81 })).toEqual({
      pass: false,
      reason: 'expected unique-word ratio >= 0.81, got 0.80',
    });
  });

  it('judges the ratio and loops from exactly min_words words, not one fewer', () => {
    expect(checkRepetition(ratio08, { ...judgeRatio, min_words: 6, min_unique_ratio: 0.81 })).toEqual({
      pass: true,
      reason: 'too short to judge (5 words, 28 characters)',
    });
  });

  it('judges the ratio on prose and loops on the whole text', () => {
    const text = 'one two three ```\nx x x x x x\n```';
    const r = checkRepetition(text, { min_words: 3, min_loop_words: 6, min_compression_chars: 10_000 });
    expect(r).toEqual({ pass: false, reason: 'expected no repeated loop, got "x" repeated 6.0 times (6 words)' });
    expect(checkRepetition(text, { min_words: 4, min_loop_words: 7, min_compression_chars: 10_000 })).toEqual({
      pass: true,
      reason: 'expected no repeated loop: ok',
    });
  });

  it('flags a loop of exactly min_loop_words, and not one word shorter', () => {
    const text = 'start one two one two one two one two end';
    expect(checkRepetition(text, { min_words: 5, min_loop_words: 8, min_unique_ratio: 0.1, min_compression_chars: 10_000 })).toEqual({
      pass: false,
      reason: 'expected no repeated loop, got "one two" repeated 4.0 times (8 words)',
    });
    expect(checkRepetition(text, { min_words: 5, min_loop_words: 9, min_unique_ratio: 0.1, min_compression_chars: 10_000 }).pass).toBe(true);
  });

  it('quotes at most 80 characters of the repeating unit and the repeats to one decimal', () => {
    const unit = Array.from({ length: 12 }, (_, i) => `word${i}xxxxxx`);
    const text = [...unit, ...unit, ...unit, ...unit.slice(0, 6)].join(' ');
    const r = checkRepetition(text, { min_unique_ratio: 0.01, min_compression_chars: 10_000 });
    expect(r.reason).toBe(`expected no repeated loop, got "${unit.join(' ').slice(0, 80)}" repeated 3.5 times (42 words)`);
  });

  it('passes a compression ratio exactly at the maximum, and fails it just under', () => {
    const text = `Intro. ${'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega, '.repeat(20)}`;
    const ratio = worstChunkCompression(text, 2000);
    const quiet = { min_loop_words: 100_000, min_unique_ratio: 0.01 };
    expect(checkRepetition(text, { ...quiet, max_compression_ratio: ratio }).pass).toBe(true);
    expect(checkRepetition(text, { ...quiet, max_compression_ratio: ratio - 0.001 }).reason).toContain(`compression ratio <= ${ratio - 0.001}, got ${ratio.toFixed(2)}`);
  });

  it('judges compression from exactly min_compression_chars characters of trimmed prose', () => {
    const text = `  ${'abc '.repeat(150).trim()}  `;
    const length = 'abc '.repeat(150).trim().length;
    const quiet = { min_words: 100_000, max_compression_ratio: 1 };
    expect(checkRepetition(text, { ...quiet, min_compression_chars: length }).reason).toMatch(/^expected compression ratio <= 1, got \d+\.\d\d$/);
    expect(checkRepetition(text, { ...quiet, min_compression_chars: length + 1 }).reason).toBe(`too short to judge (150 words, ${text.length} characters)`);
  });

  it('measures compression over the configured chunk', () => {
    const text = `${design} ${'same words again and again '.repeat(40)}`;
    const quiet = { min_words: 100_000, max_compression_ratio: 100 };
    expect(checkRepetition(text, { ...quiet, compression_chunk_chars: 300 }).reason).toBe(
      `expected compression ratio <= 100, got ${worstChunkCompression(text, 300).toFixed(2)}: ok`,
    );
    expect(worstChunkCompression(text, 300)).not.toBe(worstChunkCompression(text, 2000));
  });

  it('does not judge a JSON document on prose measures, but does look for loops in it', () => {
    const doc = JSON.stringify({ items: Array.from({ length: 30 }, () => 'same') });
    expect(checkRepetition(doc, { min_words: 1, min_compression_chars: 1 })).toEqual({
      pass: false,
      reason: 'expected no repeated loop, got "same" repeated 30.0 times (30 words)',
    });
    const varied = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ k: 'v', n: i })));
    expect(checkRepetition(varied, { min_words: 100_000, min_compression_chars: 1 }).reason).toMatch(/^too short to judge/);
  });

  it('lists every failing measure', () => {
    const text = `Result: ${'very '.repeat(200)}good`;
    expect(checkRepetition(text).reason).toMatch(/^expected unique-word ratio >= 0.6, got 0\.\d\d; no repeated loop, got "very" repeated 200\.0 times \(200 words\); compression ratio <= 6, got \d+\.\d\d$/);
  });
});
