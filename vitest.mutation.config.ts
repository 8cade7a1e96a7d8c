/**
 * The vitest set the mutation run (`npm run mutation`, stryker.config.mjs) uses: the unit tests of
 * the logic that decides retries, detection and alerts, in-process only. Tests that start child
 * processes, browsers or Prometheus stay in the main suite: a child process does not run the
 * mutated code, so they can neither kill a mutant nor be trusted to time it. Nor does a test that
 * asserts a real-time duration belong here: Stryker's dry run fails it.
 *
 * Stryker re-imports a mutant's covering test files for every mutant: a unit test here should
 * import the module it tests, not a barrel (`src/client/index.ts` loads the whole client, SDK and
 * OpenTelemetry included: 7 s of import per run on a busy machine, against 1 s).
 *
 * The list replaces the main config's `include` (vitest's `mergeConfig` would concatenate the two
 * arrays, and the set would be the whole suite: 111 files, a dry run past any timeout).
 */
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.ts';

/**
 * Runs the test files that failed last first, then the fastest first (vitest's own order is the
 * slowest first). Stryker runs a mutant's covering tests with `bail: 1`, so a mutant a quick unit
 * test kills never waits for the slow client-through-simulator files to import.
 */
class FailedThenFastestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const stats = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const result = cache.getFileTestResults(key);
      return { failed: result?.failed === true, duration: result?.duration ?? Number.POSITIVE_INFINITY, size: cache.getFileStats(key)?.size ?? 0 };
    };
    const keyed = files.map((spec) => ({ spec, ...stats(spec) }));
    keyed.sort((a, b) => Number(b.failed) - Number(a.failed) || a.duration - b.duration || a.size - b.size);
    return keyed.map((k) => k.spec);
  }
}

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

/** `npm run mutation -- --tests <glob,...>` narrows the set for a quick local look (scripts/mutation.ts). */
const narrowed = process.env['MUTATION_TESTS']?.split(',').filter(Boolean);

export default defineConfig({
  resolve: base.resolve,
  test: {
    ...base.test,
    include: narrowed?.length ? narrowed : MUTATION_TESTS,
    exclude: [...CLIENT_EXCLUDED, '**/node_modules/**'],
    // The main suite's global setup unpacks Chromium for the report tests: none here.
    globalSetup: [],
    sequence: { sequencer: FailedThenFastestFirst },
  },
});
