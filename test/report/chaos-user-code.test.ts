import { describe, expect, test } from 'vitest';
import { AnyScenarioSchema, isUserScenario, runUserScenario, toJUnit, type ChaosRun } from '../../src/chaos/index.ts';
import { renderChaosReport } from '../../src/report/chaos/index.ts';
import { inProcessScenarios } from '../../examples/scenarios/cases.ts';

async function fallbackVerdict() {
  const s = AnyScenarioSchema.parse(inProcessScenarios().find((x) => x.id === 'example-fallback-to-haiku'));
  if (!isUserScenario(s)) throw new Error('not a user-code scenario');
  return runUserScenario(s, 'examples/scenarios/in-process.scenario.ts');
}

const runOf = (v: Awaited<ReturnType<typeof fallbackVerdict>>): ChaosRun => ({ started_at: '2026-12-07T00:00:00.000Z', scenarios: [v], virtual_ms: v.virtual_ms, wall_ms: v.wall_ms, mutant: null });

describe('the chaos report for scenarios that drive user code', () => {
  test('shows the upstream journal: each request, its model, status, fault and the gap before it', async () => {
    const v = await fallbackVerdict();
    expect(v.pass).toBe(true);
    const page = renderChaosReport(runOf(v));
    expect(page).toContain('Upstream journal');
    const journal = page.slice(page.indexOf('Upstream journal'));
    expect(journal.match(/<code>claude-sonnet-4-6<\/code>/g)).toHaveLength(2);
    expect(journal.match(/<code>claude-haiku-4-5<\/code>/g)).toHaveLength(2);
    expect(journal).toContain('<code>overloaded</code>');
    expect(journal).toContain('529');
    // the user's calls are on the timeline with their upstream requests as attempts
    expect(page).toContain('call 0 · run');
    expect(page).not.toContain('What the service printed');
  });

  test("a failed service's output is shown and put in JUnit, escaped", async () => {
    const v = await fallbackVerdict();
    v.pass = false;
    v.checks.push({ name: 'call 0 status', pass: false, expected: '200', actual: '502' });
    v.user = { ...v.user!, mode: 'process', output: 'boom <script>alert(1)</script>', startup_wall_ms: 800 };
    const page = renderChaosReport(runOf(v));
    expect(page).toContain('What the service printed');
    expect(page).toContain('boom &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(toJUnit(runOf(v))).toContain('<system-err>boom &lt;script&gt;alert(1)&lt;/script&gt;</system-err>');
  });
});
