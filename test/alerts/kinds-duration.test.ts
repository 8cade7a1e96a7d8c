/** Durations of rule windows, `for` and `keep_firing_for`: Prometheus-style strings. */
import { expect, it } from 'vitest';
import { DurationSchema, durationMs, formatDuration } from '../../src/alerts/duration.ts';

it.each([
  ['250ms', 250],
  ['30s', 30_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['7d', 604_800_000],
  ['2w', 1_209_600_000],
  ['0s', 0],
  ['90m', 5_400_000],
])('%s is %i ms', (text, ms) => {
  expect(durationMs(text)).toBe(ms);
  expect(DurationSchema.safeParse(text).success).toBe(true);
});

it.each(['', '5', 'm', '5 m', ' 5m', '5m ', '5mm', '1.5h', '-5m', '5M', '5y', '1h30m', 'x5m'])('rejects %j', (text) => {
  expect(() => durationMs(text)).toThrow(`not a duration: "${text}" (expected e.g. 30s, 5m, 1h)`);
  const parsed = DurationSchema.safeParse(text);
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues[0]?.message).toBe('must be a duration like 30s, 5m, 1h or 7d');
});

it.each([
  [0, '0ms'],
  [999, '999ms'],
  [1_000, '1s'],
  [1_500, '1500ms'],
  [90_000, '90s'],
  [60_000, '1m'],
  [5_400_000, '90m'],
  [3_600_000, '1h'],
  [86_400_000, '1d'],
  [172_800_000, '2d'],
  [604_800_000, '1w'],
  [1_209_600_000, '2w'],
])('formats %i ms as %s (the largest unit that divides it)', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
