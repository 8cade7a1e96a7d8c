/**
 * Runs one user-code scenario: the simulator (with the scenario's fault plan, on a scaled clock)
 * answers the user's code, in this process through a `fetch` or over HTTP on 127.0.0.1 for a
 * service started as a process; each call's answer and the upstream journal are then checked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, DEFAULT_LATENCY } from '../../../mocks/core/simulator.ts';
import { createSimulatorFetch } from '../../../mocks/fetch/in-process-fetch.ts';
import { IN_PROCESS_BASE_URL } from '../../../mocks/fetch/fetch-simulator.ts';
import { handleNodeRequest } from '../../../mocks/http/server.ts';
import type { Simulator } from '../../../mocks/core/simulator.ts';
import { SCENARIO_EPOCH, SENTINEL_KEY } from '../engine.ts';
import type { CheckVerdict, ScenarioVerdict } from '../types.ts';
import { checkUserScenario, type UserCallOutcome } from './checks.ts';
import { journalSimulator, type Journal } from './journal.ts';
import { ScaledClock } from './scaled-clock.ts';
import { isProcessScenario, type InProcessScenario, type ProcessScenario, type UserScenario } from './schema.ts';
import { startTarget, type RunningTarget } from './target.ts';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.ts';
import { telemetryChecks } from './telemetry-checks.ts';
import { toCallViews, toUpstreamViews } from './views.ts';

const BODY_LIMIT = 4_096;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { status?: unknown }).status;
  return `${err.name}${typeof status === 'number' ? ` (${status})` : ''}: ${err.message}`;
}

async function runInProcess(s: InProcessScenario, j: Journal, clock: ScaledClock, t0: number): Promise<UserCallOutcome[]> {
  const fetch = createSimulatorFetch(j.sim);
  const out: UserCallOutcome[] = [];
  for (let index = 0; index < s.workload.calls; index++) {
    j.setCall(index);
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error(`call ran past ${s.workload.timeout_ms} ms of wall time`)), s.workload.timeout_ms);
    const aborted = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }));
    const start = clock.now();
    const ctx = { index, signal: ac.signal, anthropic: { baseURL: IN_PROCESS_BASE_URL, apiKey: SENTINEL_KEY, fetch }, timeScale: s.time_scale, sleep: (ms: number) => clock.sleep(ms) };
    const work = Promise.resolve().then(() => s.workload.run(ctx));
    work.catch(() => {}); // a run abandoned at its timeout may still reject later
    try {
      const value = await Promise.race([work, aborted]);
      const body = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
      out.push({ index, at_ms: start - t0, latency_ms: clock.now() - start, ok: true, status: null, body: body.slice(0, BODY_LIMIT), json: value, error: null });
    } catch (err) {
      out.push({ index, at_ms: start - t0, latency_ms: clock.now() - start, ok: false, status: null, body: '', json: undefined, error: describeError(err) });
    } finally {
      clearTimeout(timer);
      j.setCall(null);
    }
  }
  return out;
}

async function callTarget(s: ProcessScenario, target: RunningTarget, j: Journal, clock: ScaledClock, t0: number): Promise<UserCallOutcome[]> {
  const out: UserCallOutcome[] = [];
  const r = s.workload.request;
  for (let index = 0; index < s.workload.calls; index++) {
    j.setCall(index);
    const start = clock.now();
    try {
      const headers: Record<string, string> = { ...(r.json !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers };
      const res = await fetch(target.url + r.path, {
        method: r.method,
        headers,
        ...(r.json !== undefined ? { body: JSON.stringify(r.json) } : {}),
        signal: AbortSignal.timeout(s.workload.timeout_ms),
      });
      const text = await res.text();
      out.push({ index, at_ms: start - t0, latency_ms: clock.now() - start, ok: res.status < 400, status: res.status, body: text.slice(0, BODY_LIMIT), json: parseJson(text), error: null });
    } catch (err) {
      out.push({ index, at_ms: start - t0, latency_ms: clock.now() - start, ok: false, status: null, body: '', json: undefined, error: describeError(err) });
    } finally {
      j.setCall(null);
    }
  }
  return out;
}

async function listen(sim: Simulator, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => handleNodeRequest(sim, req, res));
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Simulated time starts when the service is ready: its start-up is not part of the scenario. */
async function runProcess(s: ProcessScenario, j: Journal, clock: ScaledClock, v: ScenarioVerdict): Promise<{ calls: UserCallOutcome[]; extra: CheckVerdict[]; t0: number; end: number }> {
  const { server, url } = await listen(j.sim, s.target.sim_port);
  let target: RunningTarget | null = null;
  let otlp: OtlpReceiver | null = null;
  const extra: CheckVerdict[] = [];
  try {
    const env: Record<string, string> = { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: SENTINEL_KEY, CLAUDE_CANARY_TIME_SCALE: String(s.time_scale) };
    if (s.expect.telemetry) {
      otlp = await startOtlpReceiver();
      // Short batches so spans arrive during the run; the service should still flush on SIGTERM.
      Object.assign(env, { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
    }
    const wall = performance.now();
    try {
      target = await startTarget(s.target, env, [SENTINEL_KEY]);
    } catch (err) {
      v.user!.output = (err as { targetOutput?: string }).targetOutput ?? null;
      throw err;
    }
    v.user!.startup_wall_ms = performance.now() - wall;
    const t0 = clock.now();
    j.setOrigin(t0);
    const calls = await callTarget(s, target, j, clock, t0);
    const end = clock.now();
    await target.stop(); // a service flushes its last spans as it stops
    if (otlp) extra.push(...telemetryChecks(s, j.entries, otlp.spans, otlp.problems));
    return { calls, extra, t0, end };
  } finally {
    await target?.stop();
    await otlp?.close();
    if (target) {
      v.user!.output = target.output();
      v.user!.output_leaked_key = target.leaked();
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function runUserScenario(s: UserScenario, file: string): Promise<ScenarioVerdict> {
  const wallStart = performance.now();
  const proc = isProcessScenario(s);
  const v: ScenarioVerdict = { id: s.id, description: s.description, file, pass: false, error: null, checks: [], calls: [], alerts: [], virtual_ms: 0, wall_ms: 0 };
  v.user = { mode: proc ? 'process' : 'in_process', time_scale: s.time_scale, target: proc ? (s.target.url ?? [s.target.command!].flat().join(' ')) : 'workload.run', output: null, output_leaked_key: false, startup_wall_ms: null };
  const clock = new ScaledClock(SCENARIO_EPOCH, s.time_scale);
  const sim = createSimulator({ plan: s.plan, clock, seed: s.seed, latency: { ...DEFAULT_LATENCY, ...s.latency } });
  let t0 = clock.now();
  let end: number | null = null;
  const j = journalSimulator(sim, s.time_scale, t0);
  try {
    const ran = proc ? await runProcess(s, j, clock, v) : { calls: await runInProcess(s, j, clock, t0), extra: [], t0, end: clock.now() };
    const { calls, extra } = ran;
    t0 = ran.t0;
    end = ran.end;
    if (proc) extra.push({ name: 'no API key in the service output', pass: !v.user.output_leaked_key, expected: 'absent', actual: v.user.output_leaked_key ? 'LEAKED (masked in this report)' : 'absent' });
    v.calls = toCallViews(calls, j.entries, proc ? `${s.workload.request.method} ${s.workload.request.path}` : 'run');
    v.checks = checkUserScenario(s, calls, j.entries, extra);
    v.pass = v.checks.every((c) => c.pass);
  } catch (err) {
    v.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  } finally {
    v.upstream = toUpstreamViews(j.entries);
    v.virtual_ms = (end ?? clock.now()) - t0;
    v.wall_ms = performance.now() - wallStart;
    // The service's output is kept only where it helps: a scenario that failed.
    if (v.pass && v.user) v.user.output = null;
  }
  return v;
}
