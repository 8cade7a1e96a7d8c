// @ts-check
/**
 * Mutation testing of the logic that decides retries, detection and alerts (`npm run mutation`).
 * StrykerJS 9.6.1: 10.x refuses Node 20. No TypeScript checker: TypeScript 7 has no compiler API.
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
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: 'node_modules/.cache/stryker-tmp',
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 95, low: 90, break: null },
};
