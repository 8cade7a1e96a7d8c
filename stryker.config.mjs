// @ts-check
/**
 * Mutation testing of the logic that decides retries, detection and alerts. Run it through
 * `npm run mutation` (scripts/mutation.ts): it prints the per-file table and holds the run to the
 * thresholds below (`low`: every file, `high`: the whole set), which Stryker's own `break` cannot.
 * StrykerJS 9.6.1: 10.x refuses Node 20. No TypeScript checker: TypeScript 7 has no compiler API.
 *
 * Equivalent mutants (no behaviour can tell them apart) are marked in the source, each with its
 * reason: `// Stryker disable next-line <Mutator>: <one-line reason>`. They count as `equiv` in
 * the table, outside the score.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  checkers: [],
  // Stryker's tsconfig rewrite needs TypeScript's compiler API; ours has no extends or references.
  tsconfigFile: 'stryker-has-no-tsconfig.json',
  mutate: [
    'src/client/retry-policy.ts',
    'src/client/taxonomy.ts',
    'src/client/errors.ts',
    'src/client/circuit-breaker.ts',
    'src/client/context-guard.ts',
    'src/client/cost.ts',
    'src/client/rate-limit.ts',
    'src/client/output-bound.ts',
    'src/quality/*.ts',
    '!src/quality/index.ts',
    '!src/quality/types.ts',
    'src/alerts/state-machine.ts',
    'src/alerts/duration.ts',
    'src/alerts/kinds/*.ts',
    '!src/alerts/kinds/types.ts',
    'src/chaos/checks.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  // Survivors are listed with their diff; the score table is scripts/mutation.ts's.
  clearTextReporter: { reportScoreTable: false, reportTests: false, allowEmojis: false },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // In the worktree, not in node_modules (a symlink to one folder that several clones share).
  tempDirName: '.stryker-tmp',
  concurrency: 2,
  timeoutMS: 10_000,
  // The dry run runs the whole vitest set in one thread (about 2.5 min on a busy 2-core machine).
  dryRunTimeoutMinutes: 20,
  thresholds: { high: 95, low: 90, break: null },
};
