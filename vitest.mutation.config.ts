/**
 * The vitest set the mutation run (`npm run mutation`, stryker.config.mjs) uses: the unit tests of
 * the logic that decides retries, detection and alerts, in-process only. Tests that start child
 * processes, browsers or Prometheus stay in the main suite: a child process does not run the
 * mutated code, so they can neither kill a mutant nor be trusted to time it. Nor does a test that
 * asserts a real-time duration belong here: Stryker's dry run fails it.
 *
 * The list replaces the main config's `include` (vitest's `mergeConfig` would concatenate the two
 * arrays, and the set would be the whole suite: 111 files, a dry run past any timeout).
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** Client tests left out: they spawn processes (Stryker cannot see mutants in a child). */
const CLIENT_EXCLUDED = ['test/client/system-clock-timers.test.ts', 'test/client/transport-limits.test.ts'];

const MUTATION_TESTS = [
  'test/client/*.test.ts',
  'test/quality/*.test.ts',
  'test/alerts/state-machine.test.ts',
  'test/alerts/engine.test.ts',
  'test/alerts/config.test.ts',
  'test/alerts/default-rules.test.ts',
  'test/alerts/silence.test.ts',
  'test/alerts/cost-drift.test.ts',
  'test/alerts/timer.test.ts',
  'test/alerts/kinds*.test.ts',
  'test/alerts/mutation-*.test.ts',
  'test/chaos/checks*.test.ts',
];

export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: MUTATION_TESTS,
    exclude: [...CLIENT_EXCLUDED, '**/node_modules/**'],
    // The main suite's global setup unpacks Chromium for the report tests: none here.
    globalSetup: [],
  },
});
