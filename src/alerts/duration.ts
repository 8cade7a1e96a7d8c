/**
 * Durations in rules are Prometheus-style strings (`30s`, `5m`, `1h`, `7d`), so the same text is
 * valid in the SQLite engine and in the exported Prometheus rules.
 */
import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^(\d+)(ms|s|m|h|d|w)$/;

/** A duration string: digits and one unit of ms, s, m, h, d, w (e.g. `5m`). */
export const DurationSchema = z.string().regex(PATTERN, 'must be a duration like 30s, 5m, 1h or 7d');
export type Duration = z.infer<typeof DurationSchema>;

/** Milliseconds in a duration string. Throws on a malformed string (schemas reject those first). */
export function durationMs(d: string): number {
  const m = PATTERN.exec(d);
  if (!m) throw new Error(`not a duration: "${d}" (expected e.g. 30s, 5m, 1h)`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** `300000` -> `5m`: the largest unit that divides evenly (for messages). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['w', UNIT_MS.w], ['d', UNIT_MS.d], ['h', UNIT_MS.h], ['m', UNIT_MS.m], ['s', UNIT_MS.s]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
