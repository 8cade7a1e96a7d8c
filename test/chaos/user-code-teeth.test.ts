import { describe, expect, test } from 'vitest';
import { AnyScenarioSchema, isUserScenario, runUserScenario, type AnyScenario } from '../../src/chaos/index.ts';
import { BROKEN } from '../../examples/service/broken.ts';
import { inProcessScenarios, processScenarios } from '../../examples/scenarios/cases.ts';

async function run(input: unknown) {
  const s: AnyScenario = AnyScenarioSchema.parse(input);
  if (!isUserScenario(s)) throw new Error('not a user-code scenario');
  return runUserScenario(s, 'examples/scenarios/cases.ts');
}

const failedChecks = (v: Awaited<ReturnType<typeof run>>) => v.checks.filter((c) => !c.pass).map((c) => c.name);

// Each broken copy of the example service's retry decision fails the scenario written for it.
const CASES = [
  { variant: 'retries-sonnet-forever', scenario: 'example-fallback-to-haiku', check: 'upstream models in order' },
  { variant: 'ignores-retry-after', scenario: 'example-retry-after', check: 'upstream retry-after honoured' },
  { variant: 'retries-401', scenario: 'example-auth-fails-fast', check: 'upstream no retry after 400/401' },
] as const;

describe('the example scenarios have teeth', () => {
  for (const c of CASES) {
    test(`a copy that ${c.variant.replace(/-/g, ' ')} fails ${c.scenario}`, async () => {
      const good = inProcessScenarios().find((s) => s.id === c.scenario)!;
      const broken = inProcessScenarios(BROKEN[c.variant]).find((s) => s.id === c.scenario)!;
      expect((await run(good)).pass).toBe(true);
      const v = await run(broken);
      expect(v.pass).toBe(false);
      expect(failedChecks(v)).toContain(`call 0 ${c.check}`);
    }, 30_000);
  }

  test('the service process with a copy that ignores retry-after fails, and its output is kept', async () => {
    const v = await run(processScenarios('ignores-retry-after').find((s) => s.id === 'example-service-retry-after-30'));
    expect(v.error).toBeNull();
    expect(failedChecks(v)).toEqual(['call 0 upstream retry-after honoured']);
    expect(v.checks.find((c) => c.name === 'call 0 upstream retry-after honoured')!.actual).toMatch(/^waited \d+\.\d s for retry-after 30\.0 s; /);
    expect(v.user!.output).toContain('listening on 127.0.0.1:');
  }, 60_000);
});
