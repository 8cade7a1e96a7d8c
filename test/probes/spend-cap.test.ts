import { afterAll, expect, test } from 'vitest';
import { NO_LATENCY, startInProcessSimulator, type FaultPlan } from '../../mocks/index.ts';
import { createClient } from '../../src/client/index.ts';
import { worstCaseCost } from '../../src/probes/budget.ts';
import { ProbeSchema, type ProbeInput } from '../../src/probes/index.ts';
import { createRunner, probeParams } from '../../src/probes/runner.ts';
import { defaultCatalog } from '../../src/shared/catalog.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/index.ts';

const clock = new VirtualClock(Date.UTC(2026, 10, 1, 12));
const sim = startInProcessSimulator({ clock, latency: NO_LATENCY });
afterAll(() => sim.close());

const MODEL = 'claude-sonnet-4-6';
const probe = (p: Partial<ProbeInput> = {}) => ProbeSchema.parse({ id: 'p', description: 'd', model: MODEL, prompt: 'Describe a healthy service in detail.', max_tokens: 300, ...p });
const worst = (spec: ReturnType<typeof probe>) => worstCaseCost(probeParams(spec, MODEL), defaultCatalog, clock.now())!;

/** What `onRequest` saw at each request that reached the network (the last setup's). */
let requests: number[] = [];

function setup(daily_usd: number, plan: FaultPlan, onRequest?: (seen: number[]) => void) {
  sim.sim.setPlan(plan);
  const store = openStore(':memory:');
  requests = [];
  // At the network edge: each request that leaves the client.
  const edge: typeof fetch = (input, init) => {
    onRequest?.(requests);
    return sim.fetch(input, init);
  };
  const client = createClient({ apiKey: 'sk-ant-test', fetch: edge, clock, circuitBreaker: false, random: () => 0.5 });
  const runner = createRunner({ client, clock, store, target: 'sim', runner_id: 'r1', region: 'eu', budgets: { daily_usd, monthly_usd: 1_000 } });
  const reservations = () => store.db.prepare('SELECT count(*) FROM spend_reservations').pluck().get();
  return { store, runner, reservations };
}

// Each attempt streams most of a max_tokens answer, then breaks: billed, and retried (no text reached a caller).
const BROKEN_STREAM: FaultPlan = { faults: [{ kind: 'verbose' }, { kind: 'stream_error', after_deltas: 60 }] };

test('retries of a broken stream never bill past the cap: a retry whose worst case does not fit is not made', async () => {
  const spec = probe({ stream: true });
  const w = worst(spec);
  const cap = 1.5 * w;
  const { store, runner, reservations } = setup(cap, BROKEN_STREAM);
  const { result, record } = await runner.run(spec, MODEL);
  expect(result).toMatchObject({ outcome: 'error', error_kind: 'stream_interrupted', attempts: 1 });
  expect(record!.attempts[0]!.stop_reason).toBe('budget');
  expect(result.error_message).toMatch(/; not retried: daily budget \$[\d.]+: spent \$0\.000000 \+ reserved \$[\d.]+ \+ attempt 2's worst case \$[\d.]+ would pass it$/);
  expect(result.cost_usd!).toBeGreaterThan(0.5 * w); // the broken attempt was billed, and is stored
  expect(store.spendSince(0)).toBeLessThanOrEqual(cap);
  expect(reservations()).toBe(0);
});

test('with room for every attempt, each attempt adds its own worst case to the reservation before it is sent, and the run settles to what it cost', async () => {
  const spec = probe({ stream: true });
  const w = worst(spec);
  const { store, runner, reservations } = setup(3.5 * w, BROKEN_STREAM, (held) => held.push(store.db.prepare('SELECT amount_nusd FROM spend_reservations').pluck().get() as number));
  const { result, record } = await runner.run(spec, MODEL);
  expect(result).toMatchObject({ error_kind: 'stream_interrupted', attempts: 3 });
  expect(record!.attempts.map((a) => a.stop_reason)).toEqual([null, null, 'retries_exhausted']);
  // What the reservation held when each request left, in nano-dollars.
  const nano = Math.round(w * 1e9);
  expect(requests).toEqual([nano, 2 * nano, 3 * nano]);
  expect(store.spendSince(0)).toBeLessThanOrEqual(3.5 * w);
  expect(store.spendSince(0)).toBeCloseTo(result.cost_usd!, 12);
  expect(reservations()).toBe(0);
});

test('an endless stream on a max_tokens 64 probe is cut and stored as at most 64 output tokens per attempt; later probes still run', async () => {
  const spec = probe({ stream: true, max_tokens: 64 });
  const { store, runner } = setup(0.05, { faults: [{ kind: 'stream_runaway' }] });
  const { result } = await runner.run(spec, MODEL);
  expect(result).toMatchObject({ outcome: 'error', error_kind: 'malformed_response' });
  expect(result.error_message).toMatch(/output ran past max_tokens \(64\)/);
  expect(result.usage!.output_tokens).toBeLessThanOrEqual(64 * result.attempts);
  expect(result.cost_usd!).toBeLessThanOrEqual(result.attempts * worst(spec));
  sim.sim.setPlan({ faults: [] });
  const next = await runner.run(probe({ max_tokens: 64 }), MODEL);
  expect(next.result.outcome).not.toBe('skipped');
  expect(store.spendSince(0)).toBeLessThanOrEqual(0.05);
});

test('exactly at the cap: a run whose worst case brings spend plus reservations to the cap exactly goes; a nano-dollar less and it is skipped', async () => {
  const spec = probe({ max_tokens: 200 });
  const w = worst(spec);
  const at = setup(w, { faults: [] });
  expect((await at.runner.run(spec, MODEL)).result.outcome).toBe('pass');
  const below = setup(w - 1e-9, { faults: [] });
  const skipped = (await below.runner.run(spec, MODEL)).result;
  expect(skipped).toMatchObject({ outcome: 'skipped', error_kind: 'budget_exceeded', attempts: 0 });
  expect(below.store.queryResults({ since: 0 })).toHaveLength(1);
});
