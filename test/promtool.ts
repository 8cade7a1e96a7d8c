/**
 * Prometheus' `promtool`, for the tests that check exported rules and metrics with it: Debian's
 * `/usr/bin/promtool`, else one on PATH. Without it those tests skip, except in CI (`CI=true`),
 * where a missing promtool is a failure: each test also asserts {@link hasPromtool}.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';

export const PROMTOOL = existsSync('/usr/bin/promtool') ? '/usr/bin/promtool' : 'promtool';
export const hasPromtool = spawnSync(PROMTOOL, ['--version']).status === 0;
/** True when a test needing promtool skips: not found, and not in CI. */
export const skipWithoutPromtool = !hasPromtool && process.env['CI'] !== 'true';
export const PROMTOOL_MISSING = 'promtool not found: install the Debian prometheus package';

/** Runs promtool with `args` (and `input` on its stdin). */
export function runPromtool(args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(PROMTOOL, args, { encoding: 'utf8', ...(input !== undefined && { input }) });
}
