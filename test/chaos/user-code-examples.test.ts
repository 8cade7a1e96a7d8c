import { describe, expect, test } from 'vitest';
import { loadScenarios, runSuite, toJUnit } from '../../src/chaos/index.ts';
import { RETRY_LATENESS_WALL_MS } from '../../src/chaos/user/schema.ts';

describe('the example service under chaos (examples/scenarios)', () => {
  test('every example scenario passes, in this process and as a started service', async () => {
    const all = await loadScenarios('examples/scenarios');
    expect(all.map((s) => s.value.id).sort()).toEqual(
      ['example-auth-fails-fast', 'example-fallback-to-haiku', 'example-retry-after', 'example-server-error-backoff', 'example-service-auth', 'example-service-fallback', 'example-service-retry-after-30', 'example-service-telemetry'].sort(),
    );
    const run = await runSuite(all);
    const failed = run.scenarios.filter((s) => !s.pass).map((s) => `${s.id}: ${s.error ?? s.checks.filter((c) => !c.pass).map((c) => `${c.name} expected ${c.expected} got ${c.actual}`).join('; ')}\n${s.user?.output ?? ''}`);
    expect(failed).toEqual([]);
    // A passing scenario keeps no service output; JUnit lists every user-code scenario.
    expect(run.scenarios.every((s) => s.user?.output === null)).toBe(true);
    expect(toJUnit(run).match(/<testcase /g)).toHaveLength(8);
  }, 90_000);

  test('retry-after: 30 three times against the service process: gaps of 30 simulated seconds, far less wall time', async () => {
    const all = await loadScenarios('examples/scenarios');
    const run = await runSuite(all.filter((s) => s.value.id === 'example-service-retry-after-30'));
    const v = run.scenarios[0]!;
    expect(v.pass, JSON.stringify(v.checks.filter((c) => !c.pass))).toBe(true);
    const gaps = v.upstream!.filter((u) => u.gap_ms !== null).map((u) => u.gap_ms!);
    expect(gaps).toHaveLength(3);
    // Never sooner than the hint; later by at most the default slack.
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(30_000 - 1 / v.user!.time_scale);
      expect(g).toBeLessThanOrEqual(30_000 + RETRY_LATENESS_WALL_MS / v.user!.time_scale);
    }
    expect(v.upstream!.map((u) => u.status)).toEqual([429, 429, 429, 200]);
    // The call covered 90+ simulated seconds; in real time it would have taken as long.
    expect(v.calls[0]!.latency_ms!).toBeGreaterThan(90_000);
    expect(v.calls[0]!.latency_ms! * v.user!.time_scale).toBeLessThan(30_000);
    // The verdict reports each measured gap in simulated seconds (late by scheduling under load
    // is allowed up to the slack above, so only the form and the hint are fixed here).
    expect(v.checks.find((c) => c.name.includes('retry-after honoured'))!.actual).toMatch(/^waited \d+\.\d s for retry-after 30\.0 s; waited \d+\.\d s for retry-after 30\.0 s; waited \d+\.\d s for retry-after 30\.0 s$/);
  }, 60_000);
});
