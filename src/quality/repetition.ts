/**
 * Repetition: three independent measures, any one of which flags.
 * - Unique-word ratio, as a moving average over fixed windows (MATTR). A plain type/token ratio
 *   falls with length for any prose (a normal 1,000-word answer sits near 0.45), so a fixed 0.6
 *   threshold only means something over a fixed window size. Measured on prose only: code and
 *   JSON repeat keywords and keys by nature (0.4-0.55 is normal for them).
 * - Loops: the same run of words repeated back to back (period 1..max_period words).
 * - Compression ratio: raw bytes over deflated bytes, on prose only, worst of fixed-size chunks;
 *   degenerate text compresses far better than prose (prose sits near 2-2.5 per 2,000-character
 *   chunk, a loop above 8). Like the word ratio it grows with length over a small vocabulary,
 *   hence the fixed chunk.
 * Loops are looked for in the whole text, code included: a loop is degenerate wherever it is.
 */
import { deflateRawSync } from 'node:zlib';
import { isJsonDocument, stripCode } from './text.ts';
import type { CheckResult } from './types.ts';

/** Defaults for {@link checkRepetition}. */
export const REPETITION_DEFAULTS = {
  /** Flag when the windowed unique-word ratio is below this. */
  min_unique_ratio: 0.6,
  /** Window (words) for the unique-word ratio. */
  ratio_window_words: 50,
  /** Texts with fewer words are not judged on unique-word ratio or loops. */
  min_words: 30,
  /** Longest repeating unit (in words) looked for. */
  max_period_words: 40,
  /** A loop must repeat its unit at least this many times back to back... */
  min_loop_repeats: 3,
  /** ...and cover at least this many words. */
  min_loop_words: 24,
  /** Flag when raw/deflated size is above this. */
  max_compression_ratio: 6,
  /** Texts whose prose (code stripped, trimmed) is shorter than this (characters) are not judged on compression. */
  min_compression_chars: 600,
  /** Compression is measured over chunks of about this many characters; the worst chunk counts. */
  compression_chunk_chars: 2000,
} as const;

export type RepetitionOptions = Partial<{ -readonly [K in keyof typeof REPETITION_DEFAULTS]: number }>;

/** Lower-cased words (letters, digits, apostrophes). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/** Mean unique-word ratio over sliding windows of `window` words (whole text when shorter). */
export function uniqueWordRatio(ws: readonly string[], window: number): number {
  if (ws.length === 0) return 1;
  // Stryker disable next-line EqualityOperator: at length == window the sliding path below computes the same single window
  if (ws.length <= window) return new Set(ws).size / ws.length;
  const counts = new Map<string, number>();
  let distinct = 0;
  for (let i = 0; i < window; i++) {
    const c = counts.get(ws[i]!) ?? 0;
    if (c === 0) distinct++;
    counts.set(ws[i]!, c + 1);
  }
  let sum = distinct;
  const windows = ws.length - window + 1;
  for (let i = window; i < ws.length; i++) {
    const out = ws[i - window]!;
    const co = counts.get(out)! - 1;
    counts.set(out, co);
    if (co === 0) distinct--;
    const c = counts.get(ws[i]!) ?? 0;
    if (c === 0) distinct++;
    counts.set(ws[i]!, c + 1);
    sum += distinct;
  }
  return sum / windows / window;
}

export interface Loop {
  /** Words in the repeating unit. */
  period: number;
  /** Index of the first word of the loop. */
  start: number;
  /** Words covered by the repeats. */
  length: number;
}

/** The longest run where a unit of 1..maxPeriod words repeats back to back, or null. */
export function longestLoop(ws: readonly string[], maxPeriod: number, minRepeats: number): Loop | null {
  let best: Loop | null = null;
  for (let p = 1; p <= maxPeriod; p++) {
    // Stryker disable next-line ConditionalExpression,ArithmeticOperator: only saves time: a period too long to repeat minRepeats times in the text finds no loop
    if (p * minRepeats > ws.length) break;
    let run = 0;
    // Stryker disable next-line EqualityOperator: one step past the end compares with undefined, which never extends a run
    for (let i = 0; i + p < ws.length; i++) {
      if (ws[i] === ws[i + p]) {
        run++;
        const length = run + p;
        if (length >= p * minRepeats && (!best || length > best.length)) best = { period: p, start: i - run + 1, length };
      } else run = 0;
    }
  }
  return best;
}

/** Raw UTF-8 bytes over raw-deflated bytes (level 9). */
export function compressionRatio(text: string): number {
  const raw = Buffer.from(text); // UTF-8
  if (raw.length === 0) return 1;
  // Stryker disable next-line ObjectLiteral: zlib's default level 6 and level 9 give the same size on these chunk sizes (checked on prose and loops)
  return raw.length / deflateRawSync(raw, { level: 9 }).length;
}

/** The highest compression ratio over `chunk`-sized pieces (equal pieces, none under half a chunk). */
export function worstChunkCompression(text: string, chunk: number): number {
  const pieces = Math.max(1, Math.floor(text.length / chunk));
  const size = Math.ceil(text.length / pieces);
  let worst = 0;
  for (let i = 0; i < pieces; i++) worst = Math.max(worst, compressionRatio(text.slice(i * size, (i + 1) * size)));
  return worst;
}

/** Flags low windowed unique-word ratio, back-to-back loops, or an extreme compression ratio. */
export function checkRepetition(text: string, options: RepetitionOptions = {}): CheckResult {
  const o = { ...REPETITION_DEFAULTS, ...options };
  const ws = words(text);
  const prose = isJsonDocument(text) ? '' : stripCode(text);
  const proseWords = words(prose);
  const failures: string[] = [];
  const seen: string[] = [];
  if (proseWords.length >= o.min_words) {
    const ratio = uniqueWordRatio(proseWords, o.ratio_window_words);
    const r = `unique-word ratio >= ${o.min_unique_ratio}, got ${ratio.toFixed(2)}`;
    (ratio < o.min_unique_ratio ? failures : seen).push(r);
  }
  if (ws.length >= o.min_words) {
    const loop = longestLoop(ws, o.max_period_words, o.min_loop_repeats);
    if (loop && loop.length >= o.min_loop_words) {
      const unit = ws.slice(loop.start, loop.start + loop.period).join(' ');
      failures.push(
        `no repeated loop, got "${unit.slice(0, 80)}" repeated ${(loop.length / loop.period).toFixed(1)} times (${loop.length} words)`,
      );
    } else seen.push('no repeated loop');
  }
  if (prose.trim().length >= o.min_compression_chars) {
    const ratio = worstChunkCompression(prose, o.compression_chunk_chars);
    const r = `compression ratio <= ${o.max_compression_ratio}, got ${ratio.toFixed(2)}`;
    (ratio > o.max_compression_ratio ? failures : seen).push(r);
  }
  if (failures.length > 0) return { pass: false, reason: `expected ${failures.join('; ')}` };
  if (seen.length === 0) return { pass: true, reason: `too short to judge (${ws.length} words, ${text.length} characters)` };
  return { pass: true, reason: `expected ${seen.join('; ')}: ok` };
}
