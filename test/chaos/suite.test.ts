import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadScenarios, runSuite, toJUnit, MUTANTS } from '../../src/chaos/index.ts';
import { CanaryError } from '../../src/shared/errors.ts';

describe('the scenario folder', () => {
  test('has at least 20 scenarios covering every fault kind', async () => {
    const { FAULT_KINDS } = await import('../../mocks/index.ts');
    const all = await loadScenarios('scenarios');
    expect(all.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(all.flatMap((s) => s.value.plan.faults.map((f) => f.kind)));
    // context overflow is caught before sending (a prompt over the window), not injected
    expect(FAULT_KINDS.filter((k) => !kinds.has(k) && k !== 'context_overflow')).toEqual([]);
  });

  test('passes against the production code, fast, on virtual time', async () => {
    const run = await runSuite(await loadScenarios('scenarios'));
    const failed = run.scenarios.filter((s) => !s.pass).map((s) => `${s.id}: ${s.error ?? s.checks.filter((c) => !c.pass).map((c) => `${c.name} expected ${c.expected} got ${c.actual}`).join('; ')}`);
    expect(failed).toEqual([]);
    expect(run.virtual_ms / run.wall_ms).toBeGreaterThan(50); // virtual seconds per wall second
  }, 120_000);
});

describe('virtual time', () => {
  test('retry-after 30 and a 60 s hang take milliseconds of wall time; every wait is still measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-vt-'));
    writeFileSync(
      join(dir, 'vt.scenario.ts'),
      `export default { id: 'vt', description: 'virtual time', plan: { faults: [{ kind: 'rate_limit', retry_after: 30, match: { first: 1 } }, { kind: 'hang', match: { first: 2 } }] },
        client: { attemptTimeoutMs: 60000 }, workload: { probe: { timeout_ms: 600000 } },
        expect: { calls: [{ index: 0, outcome: 'pass', attempts: 3 }] } };`,
    );
    const wall = performance.now();
    const run = await runSuite(await loadScenarios(dir));
    const v = run.scenarios[0]!;
    expect(v.pass).toBe(true);
    const [a1, a2, a3] = v.calls[0]!.attempts;
    expect(a1).toMatchObject({ status: 429, retry_after_ms: 30_000, wait_ms: 30_000, wait_source: 'retry_after' });
    expect(a2).toMatchObject({ error_kind: 'timeout', duration_ms: 60_000 });
    expect(a3!.at_ms).toBeGreaterThanOrEqual(90_000);
    expect(performance.now() - wall).toBeLessThan(5_000);
  });
});

describe('bad scenario files', () => {
  test('every problem is reported with file and field; the CLI exits 2 and runs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-bad-'));
    writeFileSync(join(dir, 'a.scenario.ts'), `export default { id: 'Bad Id', description: 'x', plan: { faults: [{ kind: 'meteor' }] }, expect: {} };`);
    writeFileSync(join(dir, 'b.scenario.ts'), `export default { id: 'b', description: 'y', workload: { calls: 0 }, expect: { outcomes: { pass: -1 } } };`);
    writeFileSync(join(dir, 'c.scenario.ts'), `export default { id: 'c', description: 'z', workload: { probe: { model: 'claude-nope' } }, expect: {} };`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'chaos', '--dir', dir, '--junit', join(dir, 'j.xml'), '--html', join(dir, 'h.html')], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    for (const needle of ['a.scenario.ts: id', 'a.scenario.ts: plan.faults[0].kind', 'b.scenario.ts: workload.calls', 'b.scenario.ts: expect.outcomes.pass']) {
      expect(r.stderr).toContain(needle);
    }
    expect(r.stdout).not.toContain('PASS');
  });

  test('an invalid workload probe is named with its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-probe-'));
    writeFileSync(join(dir, 'c.scenario.ts'), `export default { id: 'c', description: 'z', workload: { probe: { model: 'claude-nope' } }, expect: {} };`);
    const err = await loadScenarios(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CanaryError);
    expect((err as CanaryError).problems[0]).toMatchObject({ path: 'workload.probe.model' });
    expect((err as CanaryError).problems[0]!.message).toContain('claude-nope');
  });
});

describe('JUnit', () => {
  test('one testcase per scenario; a failure lists expected against actual, escaped', async () => {
    const all = await loadScenarios('scenarios');
    const run = await runSuite(all.filter((s) => s.value.id === 'auth-fails-fast' || s.value.id === 'healthy-baseline'), { mutant: MUTANTS.find((m) => m.name === 'retries_auth_errors')! });
    const xml = toJUnit(run);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('tests="2" failures="1" errors="0"');
    expect(xml).toMatch(/<failure message="[^"]*">[^<]*call 0 attempts: expected 1, got 3/);
    expect(xml.startsWith('<?xml')).toBe(true);
  }, 60_000);
});
