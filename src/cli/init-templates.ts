/**
 * What `claude-canary init` writes into a user's repository: one example probe, one scenario, a
 * commented config and a GitHub Actions workflow. They import from 'claude-canary' as the
 * user's own files do, and `test/cli/init.test.ts` runs them.
 */
export interface Template {
  /** Relative to the working directory. */
  path: string;
  body: string;
}

const PROBE = `import { defineProbe } from 'claude-canary';

/**
 * A canary prompt as code. \`npx claude-canary run\` runs every probe in probes/ once;
 * \`npx claude-canary monitor\` runs them on their schedules. Without ANTHROPIC_API_KEY they run
 * against the built-in simulator, offline.
 */
export default defineProbe({
  id: 'example-smoke',
  description: 'The API, the key and the network path all work',
  schedule: '*/5 * * * *', // node-cron: every 5 minutes under \`monitor\`
  model: 'claude-haiku-4-5',
  prompt: 'Reply with exactly: OK',
  max_tokens: 16,
  expectations: {
    checks: { too_short: false }, // a one-word answer is expected here
    assertions: [
      { kind: 'contains', value: 'OK' },
      { kind: 'max_latency_ms', value: 10_000 },
    ],
  },
});
`;

const SCENARIO = `import { defineScenario } from 'claude-canary';

/**
 * A chaos scenario: a fault plan for the simulator, a workload, and what must happen.
 * \`npx claude-canary chaos\` runs every scenario in scenarios/ on virtual time, so the
 * retry-after below costs no real seconds.
 */
export default defineScenario({
  id: 'example-rate-limit-retry',
  description: 'Two 429s with retry-after: 2, then success on the third attempt',
  plan: { faults: [{ kind: 'rate_limit', retry_after: 2, match: { first: 2 } }] },
  expect: {
    calls: [{ index: 0, outcome: 'pass', attempts: 3, wait_sources: ['retry_after', 'retry_after'] }],
    waits: { retry_after_honoured: true, total_ms: { min: 4_000, max: 4_000 } },
  },
});
`;

const CONFIG = `import { defineConfig } from 'claude-canary';

/**
 * claude-canary settings. Precedence: defaults, then this file, then the environment
 * (CANARY_DB, CANARY_RUNNER_ID, ANTHROPIC_API_KEY, OTEL_*...), then command-line flags.
 * Every option is optional; the values shown in comments are the defaults.
 */
export default defineConfig({
  // db: '.canary/canary.db',           // SQLite file: results, alert state, notification outbox
  // probes_dir: 'probes',              // folder of *.probe.ts files
  // runner_id: '<hostname>',           // names this runner in results and telemetry
  // region: 'local',
  // budgets: { daily_usd: 5, monthly_usd: 50 }, // the canaries' own spend caps
  // alerts: {
  //   rules: [{ id: 'api_error_rate', threshold: 0.02 }],
  //   sinks: [{ type: 'webhook', name: 'ops', url: 'https://example.com/hooks/claude-canary' }],
  // },
});
`;

const WORKFLOW = `# claude-canary in CI: the probes against the built-in simulator (no API key needed), then the
# chaos scenarios with a JUnit report; the HTML reports are kept as artifacts.
name: claude-canary
on:
  push:
  pull_request:
jobs:
  canary:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: Probes against the simulator
        run: npx claude-canary run --target sim --report reports/index.html
      - name: Chaos scenarios
        run: npx claude-canary chaos --junit reports/chaos.junit.xml --html reports/chaos.html
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: claude-canary-reports
          path: reports/
      - name: Test results
        if: always()
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: reports/chaos.junit.xml
`;

export const INIT_TEMPLATES: readonly Template[] = [
  { path: 'probes/example.probe.ts', body: PROBE },
  { path: 'scenarios/example.scenario.ts', body: SCENARIO },
  { path: 'claude-canary.config.ts', body: CONFIG },
  { path: '.github/workflows/claude-canary.yml', body: WORKFLOW },
];
