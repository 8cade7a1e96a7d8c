import { describe, expect, test } from 'vitest';
import { AnyScenarioSchema, isUserScenario, runUserScenario } from '../../src/chaos/index.ts';
import { processScenarios } from '../../examples/scenarios/cases.ts';

/** The example's telemetry scenario, with extra environment for the service. */
async function runWith(env: Record<string, string>) {
  const base = processScenarios().find((s) => s.id === 'example-service-telemetry')! as { target: { env: Record<string, string> } };
  const s = AnyScenarioSchema.parse({ ...base, target: { ...base.target, env: { ...base.target.env, ...env } } });
  if (!isUserScenario(s)) throw new Error('not a user-code scenario');
  return runUserScenario(s, 'examples/scenarios/cases.ts');
}

const telemetry = (v: Awaited<ReturnType<typeof runWith>>) => v.checks.filter((c) => c.name.startsWith('telemetry'));

describe("the service's own traces over OTLP", () => {
  for (const protocol of ['http/protobuf', 'http/json']) {
    test(`are received as ${protocol}: a span per request, billed tokens, errors as span status`, async () => {
      const v = await runWith({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      expect(v.error).toBeNull();
      expect(telemetry(v).map((c) => [c.name, c.pass, c.actual])).toEqual([
        ['telemetry: a span per upstream request', true, '4 spans received, 4 named anthropic.messages.create'],
        ['telemetry: token counts match what was billed', true, '2 responses match'],
        ['telemetry: errors become span status', true, '2 (overloaded_error)'],
      ]);
    }, 60_000);
  }

  test('a service that exports no spans fails every telemetry check', async () => {
    const v = await runWith({ OTEL_SDK_DISABLED: 'true' });
    expect(v.error).toBeNull();
    expect(v.pass).toBe(false);
    expect(telemetry(v).map((c) => c.pass)).toEqual([false, false, false]);
    expect(telemetry(v)[0]!.actual).toContain('0 spans received');
  }, 60_000);
});
