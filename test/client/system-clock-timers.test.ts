/**
 * Timeouts under the real system clock, where every call's watchdog shares one Node timer
 * (timers.ts, SystemWakeups): a later call with an earlier timeout must still fire first, the
 * timer must be re-armed for the calls left, stream stalls must be caught, and a process whose
 * calls are done must be free to exit (no timer left holding it for the 2-minute default).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { NO_LATENCY, startInProcessSimulator, type FaultPlan } from '../../mocks/index.ts';
import { ClaudeCallError, createClient, type ClientOptions } from '../../src/client/index.ts';
import { CallWatchdog, systemWakeups } from '../../src/client/timers.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { params } from './helpers.ts';

let close: (() => void) | undefined;
afterEach(() => {
  close?.();
  close = undefined;
});

function realClockClient(plan: FaultPlan, options: ClientOptions = {}) {
  const sim = startInProcessSimulator({ plan, latency: NO_LATENCY, seed: 5 });
  close = () => sim.close();
  // No clock option: the system clock, so the shared Node timer does the waking.
  const make = (o: ClientOptions) => createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, retry: { maxRetries: 0 }, ...o });
  return Object.assign(make(options), { make });
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t0 };
}

test('a later call with a shorter timeout fires first, and the earlier call still times out on time', async () => {
  const slow = realClockClient({ faults: [{ kind: 'hang' }] }, { attemptTimeoutMs: 400 });
  const fast = slow.make({ attemptTimeoutMs: 60 });
  const a = timed(slow.tryCall(params()));
  await new Promise((r) => setTimeout(r, 20));
  const b = timed(fast.tryCall(params()));
  const [ra, rb] = await Promise.all([a, b]);
  expect(rb.value.ok).toBe(false);
  expect(rb.value.record!.error_kind).toBe('timeout');
  expect(rb.ms).toBeGreaterThanOrEqual(55);
  expect(rb.ms).toBeLessThan(300); // not held until the first call's wake at 400 ms
  expect(ra.value.record!.error_kind).toBe('timeout');
  expect(ra.ms).toBeGreaterThanOrEqual(395);
  expect(ra.ms).toBeLessThan(1500);
  expect(systemWakeups.size).toBe(0);
});

test('a stalled stream is cut by the idle timeout on the system clock', async () => {
  const client = realClockClient({ faults: [{ kind: 'stream_stall', after_deltas: 1 }] }, { streamIdleTimeoutMs: 80, streamRetry: 'never' });
  const { value, ms } = await timed(client.call(params({ stream: true })).catch((e: unknown) => e));
  const err = value as ClaudeCallError;
  expect(err).toBeInstanceOf(ClaudeCallError);
  expect(err.kind).toBe('stream_interrupted');
  expect(ms).toBeGreaterThanOrEqual(75);
  expect(ms).toBeLessThan(1500);
  expect(systemWakeups.size).toBe(0);
});

test('many concurrent calls share the timer; each times out, none is left waiting', async () => {
  const client = realClockClient({ faults: [{ kind: 'hang' }] }, { attemptTimeoutMs: 50 });
  const results = await Promise.all(Array.from({ length: 20 }, () => timed(client.tryCall(params()))));
  for (const r of results) {
    expect(r.value.record!.error_kind).toBe('timeout');
    expect(r.ms).toBeGreaterThanOrEqual(45);
  }
  expect(systemWakeups.size).toBe(0);
});

test('a watchdog stopped by another one firing in the same wake is not unlinked twice; later ones still fire', async () => {
  const at = Date.now() + 30;
  // Both are due in the same wake, and whichever fires first stops the other (its abort does).
  const a = new CallWatchdog(systemClock, at, 30);
  const b = new CallWatchdog(systemClock, at, 30);
  a.startAttempt(60_000, { abort: () => b.stop() });
  b.startAttempt(60_000, { abort: () => a.stop() });
  expect(systemWakeups.size).toBe(2);
  await new Promise((r) => setTimeout(r, 80));
  expect([a.expired, b.expired].filter(Boolean)).toHaveLength(1);
  expect(systemWakeups.size).toBe(0);
  // The list survived: a watchdog added now is waited on, and fires.
  const reasons: string[] = [];
  const c = new CallWatchdog(systemClock, Date.now() + 20, 20);
  c.startAttempt(60_000, { abort: (r) => reasons.push(r.reason) });
  expect(systemWakeups.size).toBe(1);
  await new Promise((r) => setTimeout(r, 70));
  expect(reasons).toEqual(['deadline']);
  expect(systemWakeups.size).toBe(0);
  for (const w of [a, b, c]) w.stop();
});

test('a process whose calls are done exits at once; one whose stream stalls stays up until the idle timeout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'canary-timers-'));
  const root = resolve(import.meta.dirname, '../..');
  const script = join(dir, 'call.mts');
  // A stall after the headers: the SDK's own header timer is gone, only our watchdog is pending.
  writeFileSync(
    script,
    `import { NO_LATENCY, startInProcessSimulator } from ${JSON.stringify(join(root, 'mocks/index.ts'))};
import { createClient } from ${JSON.stringify(join(root, 'src/client/index.ts'))};
const stall = process.argv[2] === 'stall';
const sim = startInProcessSimulator({ latency: NO_LATENCY, plan: { faults: stall ? [{ kind: 'stream_stall', after_deltas: 1 }] : [] } });
const client = createClient({ apiKey: 'sk-ant-test', fetch: sim.fetch, attemptTimeoutMs: 20_000, streamIdleTimeoutMs: stall ? 1500 : 20_000, streamRetry: 'never', retry: { maxRetries: 0 } });
const r = await client.tryCall({ model: 'claude-haiku-4-5', max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'hi' }] });
console.log(r.ok ? 'ok' : r.record?.error_kind);
`,
  );
  const tsx = join(root, 'node_modules/.bin/tsx');
  const run = (arg: string) => {
    const t0 = Date.now();
    const out = spawnSync(tsx, [script, arg], { encoding: 'utf8', timeout: 60_000 });
    return { out: out.stdout.trim(), code: out.status, ms: Date.now() - t0 };
  };
  const ok = run('ok');
  expect(ok).toMatchObject({ out: 'ok', code: 0 });
  // The successful run did not wait for its 20 s timeouts to pass before exiting.
  expect(ok.ms).toBeLessThan(15_000);
  const stalled = run('stall');
  // Kept alive by the watchdog until the idle timeout fires (no "unsettled top-level await" exit 13).
  expect(stalled).toMatchObject({ out: 'stream_interrupted', code: 0 });
  expect(stalled.ms).toBeGreaterThanOrEqual(1500);
}, 120_000);
