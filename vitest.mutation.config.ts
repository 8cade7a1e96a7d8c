/**
 * The vitest set the mutation run (`npm run mutation`, stryker.config.mjs) uses: the unit tests of
 * the logic that decides retries, detection and alerts, in-process only. Tests that start child
 * processes, browsers or Prometheus stay in the main suite: a child process does not run the
 * mutated code, so they can neither kill a mutant nor be trusted to time it.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  { ...base, test: { ...base.test, globalSetup: [] } },
  defineConfig({
    test: {
      include: [
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
      ],
      globalSetup: [],
    },
  }),
);
