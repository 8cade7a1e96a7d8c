import { afterAll, describe, expect, test } from 'vitest';
import { NO_LATENCY, startInProcessSimulator } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { ProbeSchema, type ProbeInput } from '../../src/probes/index.ts';
import { createRunner } from '../../src/probes/runner.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/index.ts';

const clock = new VirtualClock(Date.UTC(2026, 10, 1, 12));
const sim = startInProcessSimulator({ clock, latency: NO_LATENCY });
afterAll(() => sim.close());

const probe = (p: Partial<ProbeInput> = {}) => ProbeSchema.parse({ id: 'p', description: 'd', model: 'claude-haiku-4-5', prompt: 'Describe a healthy service.', max_tokens: 300, ...p });

function setup(budgets?: { daily_usd: number; monthly_usd: number }) {
  const store = openStore(':memory:');
  const client = createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, clock, circuitBreaker: false });
  const runner = createRunner({ client, clock, store, target: 'sim', runner_id: 'r1', region: 'eu', ...(budgets ? { budgets } : {}) });
  return { store, runner };
}

describe('probe runner', () => {
  test('a healthy call becomes a stored pass with usage, cost, request id and output hash', async () => {
    sim.sim.setPlan({ faults: [] });
    const { store, runner } = setup();
    const { result } = await runner.run(probe(), 'claude-haiku-4-5');
    expect(result).toMatchObject({ outcome: 'pass', probe_id: 'p', model: 'claude-haiku-4-5', target: 'sim', runner_id: 'r1', region: 'eu', attempts: 1, error_kind: null, unpriced: false });
    expect(result.request_id).toMatch(/^req_011C/);
    expect(result.cost_usd).toBeGreaterThan(0);
    expect(result.output_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.usage!.output_tokens).toBeGreaterThan(50);
    expect(store.queryResults({ since: 0 }).map((r) => r.run_id)).toEqual([result.run_id]);
  });

  test('cache_read: the first run warms the cache, the next reads it, and a changed cached prefix inside the lifetime fails', async () => {
    sim.sim.setPlan({ faults: [] });
    const { runner } = setup();
    const handbook = (version: string) => `Handbook ${version}. ` + 'Every change ships behind a flag and is watched by a canary for a full day. '.repeat(120);
    const cached = (version: string) =>
      probe({
        id: 'cached',
        model: 'claude-sonnet-4-6',
        system: [{ type: 'text', text: handbook(version), cache_control: { type: 'ephemeral' } }],
        prompt: 'Reply with exactly: ok',
        max_tokens: 20,
        expectations: { checks: { too_short: false }, assertions: [{ kind: 'cache_read' }] },
      });
    const first = await runner.run(cached('v1'), 'claude-sonnet-4-6');
    expect(first.result.usage!.cache_creation_input_tokens).toBeGreaterThan(1024);
    expect(first.result).toMatchObject({ outcome: 'pass' });
    expect(first.result.assertions[0]!.reason).toMatch(/none to read yet/);
    clock.advance(120_000);
    const second = await runner.run(cached('v1'), 'claude-sonnet-4-6');
    expect(second.result.usage!.cache_read_input_tokens).toBeGreaterThan(1024);
    expect(second.result.outcome).toBe('pass');
    clock.advance(120_000);
    // A per-run value in the cached prefix (here a new version string) defeats the cache.
    const third = await runner.run(cached('v2'), 'claude-sonnet-4-6');
    expect(third.result.outcome).toBe('fail');
    expect(third.result.error_message).toMatch(/a run 120 s earlier used the cache, but this run read none, and wrote \d+ tokens again/);
  });

  test('a failed check is a fail with the reason; an API error is an error with its kind', async () => {
    const { runner } = setup();
    sim.sim.setPlan({ faults: [{ kind: 'refusal' }] });
    const fail = await runner.run(probe(), 'claude-haiku-4-5');
    expect(fail.result.outcome).toBe('fail');
    expect(fail.result.flags).toContain('refusal');
    expect(fail.result.error_message).toMatch(/flag refusal/);
    sim.sim.setPlan({ faults: [{ kind: 'auth' }] });
    const err = await runner.run(probe(), 'claude-haiku-4-5');
    expect(err.result).toMatchObject({ outcome: 'error', error_kind: 'auth', attempts: 1 });
    sim.sim.setPlan({ faults: [] });
  });

  test('drift: output far above the series median is flagged against the stored history', async () => {
    const { runner } = setup();
    sim.sim.setPlan({ faults: [] });
    for (let i = 0; i < 6; i++) await runner.run(probe({ max_tokens: 3000 }), 'claude-haiku-4-5');
    sim.sim.setPlan({ faults: [{ kind: 'verbose' }] });
    const { result } = await runner.run(probe({ max_tokens: 3000 }), 'claude-haiku-4-5');
    expect(result.flags).toEqual(expect.arrayContaining(['truncated', 'drift']));
    sim.sim.setPlan({ faults: [] });
  });

  test('the spend cap is never passed when every answer runs to max_tokens, even with runs in parallel', async () => {
    const cap = 0.3;
    const { store, runner } = setup({ daily_usd: cap, monthly_usd: 100 });
    sim.sim.setPlan({ faults: [{ kind: 'verbose' }] });
    const spec = probe({ model: 'claude-sonnet-4-6', max_tokens: 4000 });
    const runs = await Promise.all(Array.from({ length: 30 }, () => runner.run(spec, 'claude-sonnet-4-6')));
    const spent = runs.reduce((s, r) => s + (r.result.cost_usd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(cap);
    expect(store.spendSince(0)).toBeCloseTo(spent, 10);
    const skipped = runs.filter((r) => r.result.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.result.error_kind === 'budget_exceeded' && /daily budget/.test(r.result.error_message ?? ''))).toBe(true);
    expect(runs.some((r) => r.result.outcome !== 'skipped')).toBe(true);
    sim.sim.setPlan({ faults: [] });
  });
});
