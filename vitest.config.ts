import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  // Probes and scenarios in this repository import from 'claude-canary' as a user's do; in the
  // clone that is the sources (tsconfig.json `paths` says the same for tsc and tsx).
  resolve: {
    alias: [
      { find: /^claude-canary$/, replacement: src('index.ts') },
      { find: /^claude-canary\/sim$/, replacement: src('sim.ts') },
      { find: /^claude-canary\/msw$/, replacement: src('msw.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: one worker on CI's 2 cores. Most of the
    // slow files wait on child processes, sockets and real timers rather than the CPU, so two
    // workers halve the wall time without starving either.
    maxWorkers: 2,
  },
});
