import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRepetition, compressionRatio, longestLoop, uniqueWordRatio, words } from '../../src/quality/index.ts';

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
