/**
 * Silence is not health: a probe that stops running fires `probe_absent` within two missed
 * schedules, and "no data" (an empty window, a restarted monitor) never resolves an alert. Real
 * runner, client and in-process simulator; real SQLite; the engine on a virtual clock.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NO_LATENCY, startInProcessSimulator } from '../../mocks/index.ts';
import { createAlertEngine, resolveAlertRules, type AlertEngine, type SeriesSchedule } from '../../src/alerts/index.ts';
import { createClient } from '../../src/client/index.ts';
import { ProbeSchema } from '../../src/probes/index.ts';
import { createRunner } from '../../src/probes/runner.ts';
import { scheduleIntervalMs } from '../../src/scheduler/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import type { Store } from '../../src/store/index.ts';
import { error, MIN, result, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const rulesOf = (...ids: string[]) => resolveAlertRules().filter((r) => ids.includes(r.id));
const firingOf = (engine: AlertEngine, rule: string) => engine.state().filter((s) => s.rule_id === rule && s.state === 'firing');

describe('probe_absent', () => {
  const clock = new VirtualClock(T0);
  const sim = startInProcessSimulator({ clock, latency: NO_LATENCY });
  afterAll(() => sim.close());
  const probe = ProbeSchema.parse({ id: 'checkout', description: 'd', model: 'claude-haiku-4-5', prompt: 'Describe a healthy service.', max_tokens: 300 });

  function monitor(store: Store): { engine: AlertEngine; runOnce: () => Promise<void>; schedules: SeriesSchedule[] } {
    const client = createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, clock, circuitBreaker: false });
    const runner = createRunner({ client, clock, store, target: 'sim', runner_id: 'r1', region: 'eu' });
    const schedules = [{ probe_id: probe.id, model: 'claude-haiku-4-5', interval_ms: scheduleIntervalMs(probe.schedule) }];
    const engine = createAlertEngine({ store, rules: rulesOf('probe_absent'), clock, schedules });
    return { engine, schedules, runOnce: async () => void (await runner.run(probe, 'claude-haiku-4-5')) };
  }

  it('a probe that stops running fires within two missed schedules, and resolves on its next result', async () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const m = monitor(h.store);
    expect(m.schedules[0]!.interval_ms).toBe(5 * MIN); // the default '*/5 * * * *'
    const moves: string[] = [];
    const start = clock.now();
    const at = () => Math.round((clock.now() - start) / MIN);
    // Healthy for 30 minutes: a run every 5 minutes, an evaluation every minute.
    for (let minute = 0; minute <= 30; minute++) {
      if (minute % 5 === 0) await m.runOnce();
      for (const t of m.engine.evaluate()) moves.push(`${t.to}@${at()}`);
      clock.advance(MIN);
    }
    expect(moves).toEqual([]);
    // The canary stops after its 30m run. Two missed schedules = 10 minutes of silence; the first
    // evaluation past it (41m) fires, before a third schedule (45m) could pass.
    while (at() < 50) {
      for (const t of m.engine.evaluate()) moves.push(`${t.to}@${at()}`);
      clock.advance(MIN);
    }
    expect(moves).toEqual(['pending@41', 'firing@41']);
    const [alert] = firingOf(m.engine, 'probe_absent');
    expect(alert).toMatchObject({ labels: { probe_id: 'checkout', model: 'claude-haiku-4-5' }, threshold: 600 });
    await m.runOnce();
    expect(m.engine.evaluate().map((t) => t.to)).toEqual(['resolved']);
  });

  it('a restarted monitor keeps a firing absence alert firing, and gives a never-run series two schedules before firing', async () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const first = monitor(h.store);
    await first.runOnce();
    clock.advance(11 * MIN);
    expect(first.engine.evaluate().map((t) => t.to)).toEqual(['pending', 'firing']);
    // Restart: same database, a new engine whose start is now. No result since: no data, so
    // the alert stays firing (it neither resolves nor is raised again).
    const store = h.reopen();
    clock.advance(MIN);
    const restarted = monitor(store);
    for (let i = 0; i < 15; i++) {
      expect(restarted.engine.evaluate()).toEqual([]);
      clock.advance(MIN);
    }
    expect(firingOf(restarted.engine, 'probe_absent')).toHaveLength(1);

    // A series with no result at all: silent since the monitor started, fires after two schedules.
    const fresh = tempStore();
    cleanups.push(fresh.cleanup);
    const m = monitor(fresh.store);
    const moves: string[] = [];
    for (let minute = 0; minute <= 12; minute++) {
      for (const t of m.engine.evaluate()) moves.push(`${t.to}@${minute}`);
      clock.advance(MIN);
    }
    expect(moves).toEqual(['pending@11', 'firing@11']);
  });

  it('a series taken off the schedule resolves instead of firing forever', async () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const m = monitor(h.store);
    await m.runOnce();
    clock.advance(11 * MIN);
    expect(m.engine.evaluate().map((t) => t.to)).toEqual(['pending', 'firing']);
    m.engine.setSchedules([]);
    expect(m.engine.evaluate().map((t) => t.to)).toEqual(['resolved']);
  });

  it('without schedules (one-shot run, chaos) the rule is quiet', () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const engine = createAlertEngine({ store: h.store, rules: rulesOf('probe_absent'), clock: new VirtualClock(T0) });
    expect(engine.evaluate(T0 + 24 * 60 * MIN)).toEqual([]);
  });
});

describe('no data never resolves an alert', () => {
  it('api_error_rate keeps firing while its window is empty, across a restart, and resolves only on healthy data', () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const clock = new VirtualClock(T0, { autoAdvance: false });
    const rules = rulesOf('api_error_rate');
    const engine = createAlertEngine({ store: h.store, rules, clock });
    // 30 errors a minute for 6 minutes: pending at once, firing after `for: 5m`.
    for (let m = 0; m <= 6; m++) {
      h.store.insertResults(Array.from({ length: 30 }, (_, i) => result(T0 + m * MIN + i * 1000, error('server_error'))));
      engine.evaluate(T0 + m * MIN + 59_000);
    }
    expect(firingOf(engine, 'api_error_rate')).toHaveLength(1);
    // The canary goes quiet: an hour of evaluations over an empty window changes nothing.
    for (let m = 7; m < 67; m++) expect(engine.evaluate(T0 + m * MIN)).toEqual([]);
    // A restarted monitor on the same database: still nothing from no data.
    const restarted = createAlertEngine({ store: h.reopen(), rules, clock });
    expect(restarted.evaluate(T0 + 70 * MIN)).toEqual([]);
    expect(firingOf(restarted, 'api_error_rate')).toHaveLength(1);
    // Too few results to judge (under min_samples 10) is no data too.
    h.store.insertResults(Array.from({ length: 5 }, (_, i) => result(T0 + 71 * MIN + i * 1000)));
    expect(restarted.evaluate(T0 + 72 * MIN)).toEqual([]);
    // Enough healthy results: the condition is seen to clear. keep_firing_for (2m) counts from the
    // last evaluation that saw the breach (minute 6), long past, so it resolves now.
    h.store.insertResults(Array.from({ length: 20 }, (_, i) => result(T0 + 72 * MIN + i * 1000)));
    expect(restarted.evaluate(T0 + 73 * MIN).map((t) => t.to)).toEqual(['resolved']);
  });

  it('a daily spend alert still resolves when the UTC day turns (a new day is data: $0 spent)', () => {
    const h = tempStore();
    cleanups.push(h.cleanup);
    const start = Date.UTC(2026, 0, 31, 23, 0);
    const engine = createAlertEngine({ store: h.store, rules: resolveAlertRules([], { budgets: { daily_usd: 1 } }).filter((r) => r.id === 'daily_spend'), clock: new VirtualClock(start) });
    h.store.insertResult(result(start, { cost_usd: 2 }));
    expect(engine.evaluate(start + MIN).map((t) => t.to)).toEqual(['pending', 'firing']);
    expect(engine.evaluate(start + 61 * MIN).map((t) => t.to)).toEqual(['resolved']);
  });
});
