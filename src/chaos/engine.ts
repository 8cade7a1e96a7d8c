/**
 * Runs one scenario on virtual time through the production parts: the in-process simulator (MSW)
 * with the scenario's fault plan, the instrumented client, the probe runner with its quality
 * checks, a real SQLite store (in memory) and the alert engine with its default rules. Every wait
 * and timer reads one VirtualClock, so a 30 s retry-after or a 60 s hang costs no wall time.
 *
 * Why an injected clock rather than fake timers: the production code already takes a Clock (all
 * waits go through it), so virtual time needs no global patching of setTimeout, which MSW, the
 * SDK and Node's streams also use internally and would then race against.
 */
import type { SetupServer } from 'msw/node';
import { createSimulator, DEFAULT_LATENCY } from '../../mocks/index.ts';
import { simulatorHandlers } from '../../mocks/msw/handlers.ts';
import { createSafeFetch } from '../../mocks/msw/safe-fetch.ts';
import { rng } from '../../mocks/core/text.ts';
import { createAlertEngine, resolveAlertRules, type Transition } from '../alerts/index.ts';
import type { Notification } from '../alerts/notification.ts';
import { createClient } from '../client/index.ts';
import type { ClientOptions } from '../client/types.ts';
import { createLogger } from '../log/logger.ts';
import { probeModels, type Probe } from '../probes/probe-schema.ts';
import { createRunner, type ProbeRun } from '../probes/runner.ts';
import { VirtualClock } from '../shared/clock.ts';
import { openStore } from '../store/index.ts';
import { createInMemoryTelemetry } from '../telemetry/in-memory.ts';
import { checkScenario, type Observed } from './checks.ts';
import type { Mutant } from './mutants.ts';
import { scenarioProbe, type Scenario } from './schema.ts';
import type { AlertEventView, CallView, ScenarioVerdict } from './types.ts';

/**
 * A key that must never show up in logs, spans or metrics. Key-shaped on purpose (so the
 * scrubber's pattern is what hides it), assembled at run time so no key-shaped string is committed.
 */
export const SENTINEL_KEY = ['sk', 'ant', 'chaos', 'SENTINEL', '0123456789abcdefghij'].join('-');
/** Scenarios start at 09:00 UTC on a fixed day, so daily windows are predictable. */
export const SCENARIO_EPOCH = Date.UTC(2026, 5, 1, 9, 0, 0);
/** Virtual time after which a scenario is stopped as runaway. */
const MAX_VIRTUAL_MS = 7 * 24 * 3_600_000;

export interface EngineContext {
  /** One MSW server for the whole run; each scenario swaps its handlers in. */
  server: SetupServer;
  mutant?: Mutant | null;
}

function callView(i: number, run: ProbeRun, t0: number): CallView {
  const r = run.result;
  return {
    index: i,
    probe_id: r.probe_id,
    model: r.model,
    at_ms: r.started_at - t0,
    latency_ms: r.latency_ms,
    outcome: r.outcome,
    error_kind: r.error_kind,
    flags: r.flags,
    attempts: (run.record?.attempts ?? []).map((a) => ({
      n: a.n,
      at_ms: a.started_at - t0,
      duration_ms: a.duration_ms,
      status: a.status,
      error_kind: a.error_kind,
      retry_after_ms: a.retry_after_ms,
      wait_ms: a.wait_ms,
      wait_source: a.wait_source,
    })),
  };
}

export async function runScenario(s: Scenario, file: string, ctx: EngineContext): Promise<ScenarioVerdict> {
  const wallStart = performance.now();
  const verdict: ScenarioVerdict = { id: s.id, description: s.description, file, pass: false, error: null, checks: [], calls: [], alerts: [], virtual_ms: 0, wall_ms: 0 };
  const parsed = scenarioProbe(s);
  if (!parsed.success) {
    verdict.error = `invalid workload.probe: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    return verdict;
  }
  const mutant = ctx.mutant ?? null;
  let probe: Probe = parsed.data;
  if (mutant?.probe) probe = mutant.probe(probe);

  const clock = new VirtualClock(SCENARIO_EPOCH);
  const telemetry = createInMemoryTelemetry();
  const lines: string[] = [];
  const logger = createLogger({ destination: { write: (l: string) => lines.push(l) }, level: 'info' });
  const sim = createSimulator({ plan: s.plan, clock, seed: s.seed, latency: { ...DEFAULT_LATENCY, ...s.latency } });
  ctx.server.resetHandlers(...simulatorHandlers(sim));
  const store = openStore(':memory:');
  const notifications: Notification[] = [];
  try {
    let clientOptions: ClientOptions = {
      apiKey: SENTINEL_KEY,
      baseURL: 'https://api.anthropic.com',
      fetch: createSafeFetch(),
      clock,
      random: rng(s.seed * 31 + 7),
      logger,
      tracerProvider: telemetry.tracerProvider,
      meterProvider: telemetry.meterProvider,
      ...(s.client as ClientOptions),
    };
    if (mutant?.client) clientOptions = mutant.client(clientOptions);
    const client = createClient(clientOptions);
    const runner = createRunner({ client, clock, store, target: 'sim', runner_id: 'chaos', region: 'chaos', ...(s.budgets ? { budgets: s.budgets } : {}) });
    const overrides = mutant?.alertRules ? mutant.alertRules(s.alerts) : s.alerts;
    const alerts = createAlertEngine({
      store,
      rules: resolveAlertRules(overrides, s.budgets ? { budgets: s.budgets } : {}),
      clock,
      logger,
      sinks: [{ name: 'chaos-recorder', deliver: async (n) => void notifications.push(n) }],
    });
    const t0 = clock.now();
    const events: AlertEventView[] = [];
    const note = (ts: Transition[]) => {
      for (const t of ts) events.push({ at_ms: t.at - t0, rule: t.rule_id, labels: t.labels, state: t.to });
    };
    const models = probeModels(probe);
    const n = s.workload.calls;
    const end = t0 + (n - 1) * s.workload.interval_ms + s.settle_ms;
    let finished = 0;
    const runs: ProbeRun[] = new Array(n);
    const deliveredText: string[] = new Array(n).fill('');
    const ticker = (async () => {
      while (clock.now() - t0 < MAX_VIRTUAL_MS) {
        await clock.sleep(s.tick_ms);
        note(alerts.evaluate());
        if (finished === n && clock.now() >= end) return;
      }
      throw new Error(`scenario ran past ${MAX_VIRTUAL_MS / 3_600_000} h of virtual time`);
    })();
    const work = Array.from({ length: n }, async (_, i) => {
      await clock.sleep(i * s.workload.interval_ms);
      const delivered: string[] = [];
      runs[i] = await runner.run(probe, models[i % models.length]!, s.workload.deliver_text ? { onText: (t) => void delivered.push(t) } : {});
      deliveredText[i] = delivered.join('');
      finished++;
      note(alerts.evaluate());
    });
    await Promise.all([...work, ticker]);
    await alerts.deliverPending();
    await alerts.stop();
    await telemetry.flush();
    verdict.calls = runs.map((r, i) => callView(i, r, t0));
    verdict.alerts = events;
    verdict.virtual_ms = clock.now() - t0;
    const observed: Observed = {
      scenario: s,
      runs,
      calls: verdict.calls,
      alerts: events,
      notifications,
      spans: telemetry.spans(),
      points: telemetry.points(),
      logLines: lines,
      apiRequests: sim.log.filter((e) => e.path === '/v1/messages').length,
      virtualMs: verdict.virtual_ms,
      deliveredText,
      sentinels: [SENTINEL_KEY],
    };
    verdict.checks = checkScenario(observed);
    verdict.pass = verdict.checks.every((c) => c.pass);
  } catch (err) {
    verdict.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    verdict.pass = false;
  } finally {
    store.close();
    await telemetry.shutdown().catch(() => {});
    verdict.wall_ms = performance.now() - wallStart;
  }
  return verdict;
}
