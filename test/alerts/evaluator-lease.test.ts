import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEngine, createEvaluatorLease, resolveAlertRules, runLeaseLoop, type Notification, type Sink } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { openStore } from '../../src/store/index.ts';
import { forEachBackend, type Backend } from '../store/backends.ts';
import { error, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Advances virtual time in small steps, letting the loops run between them. */
async function run(clock: VirtualClock, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

/** Two connections on one database: two runners of a fleet. */
async function twoRunners(backend: Backend) {
  const location = await backend.fresh();
  const storeA = openStore(location);
  const storeB = openStore(location);
  cleanups.push(() => {
    storeB.close();
    try {
      storeA.close();
    } catch {
      // closed by the test already
    }
  });
  const a = createEvaluatorLease(storeA.db, { owner: 'runner-a', region: 'us-east', ttlMs: 10 * SEC });
  const b = createEvaluatorLease(storeB.db, { owner: 'runner-b', region: 'eu-west', ttlMs: 10 * SEC });
  return { a, b, storeA, storeB };
}

forEachBackend((backend) => {
  it('one runner holds it; the other cannot take it while it is renewed', async () => {
    const { a, b } = await twoRunners(backend);
    expect(a.acquire(T0)).toBe(true);
    expect(b.acquire(T0 + 1)).toBe(false);
    expect(a.acquire(T0 + 5 * SEC)).toBe(true); // renewal: expires at T0 + 15 s
    expect(b.acquire(T0 + 14 * SEC)).toBe(false);
    expect(b.held(T0 + 14 * SEC)).toBe(false);
    expect(a.holder()).toMatchObject({ owner: 'runner-a', region: 'us-east', epoch: 1, acquired_at: T0, expires_at: T0 + 15 * SEC });
  });

  it('a released lease is free at once', async () => {
    const { a, b } = await twoRunners(backend);
    a.acquire(T0);
    a.release();
    expect(b.acquire(T0 + 1)).toBe(true);
    expect(b.holder()).toMatchObject({ owner: 'runner-b', epoch: 2 });
  });

  it('an engine without the lease evaluates and delivers nothing; with it, everything', async () => {
    const { a, b, storeA, storeB } = await twoRunners(backend);
    const rules = resolveAlertRules([{ id: 'api_error_rate', for: '0s', min_samples: 1 }]).filter((r) => r.id === 'api_error_rate');
    storeA.insertResult(result(T0, error('server_error')));
    const got: Notification[] = [];
    const sink: Sink = { name: 'rec', deliver: async (n) => void got.push(n) };
    const clock = new VirtualClock(T0 + SEC);
    const engineA = createAlertEngine({ store: storeA, rules, sinks: [sink], clock, lease: a });
    const engineB = createAlertEngine({ store: storeB, rules, sinks: [sink], clock, lease: b });
    expect(b.acquire(T0 + SEC)).toBe(true);
    expect(engineA.evaluate(T0 + SEC)).toEqual([]);
    expect((await engineA.deliverPending()).delivered).toBe(0);
    expect(engineB.evaluate(T0 + SEC).map((t) => t.to)).toEqual(['pending', 'firing']);
    expect((await engineB.deliverPending()).delivered).toBe(1);
    expect(got.map((n) => n.status)).toEqual(['firing']);
  });

  if (backend.name === 'sqlite') {
    it('sqlite: a holder that stops renewing loses it at its expiry, and its fence says so', async () => {
      const { a, b } = await twoRunners(backend);
      a.acquire(T0);
      expect(b.acquire(T0 + 9_999)).toBe(false);
      expect(b.acquire(T0 + 10 * SEC)).toBe(true);
      expect(b.holder()).toMatchObject({ owner: 'runner-b', region: 'eu-west', epoch: 2, acquired_at: T0 + 10 * SEC });
      expect(a.fence(T0 + 10 * SEC)).toBe(false);
      expect(a.acquire(T0 + 11 * SEC)).toBe(false);
    });
  } else {
    it('postgres: the server frees the lock when the holder\'s connection ends, before any expiry', async () => {
      const { a, b, storeA } = await twoRunners(backend);
      a.acquire(T0);
      expect(a.fence(T0)).toBe(true);
      expect(b.acquire(T0 + 1)).toBe(false);
      storeA.close(); // as a SIGKILL would: the session ends without a release
      expect(b.acquire(T0 + 2)).toBe(true);
      expect(b.holder()).toMatchObject({ owner: 'runner-b', epoch: 2 });
      expect(b.fence(T0 + 2)).toBe(true);
    });
  }
});

describe('lease loop (SQLite, virtual time)', () => {
  it('the loop renews the lease and hands it over within one term of the holder stopping', async () => {
    const h = tempStore();
    const other = openStore(h.path);
    cleanups.push(() => other.close(), h.cleanup);
    const a = createEvaluatorLease(h.store.db, { owner: 'runner-a', region: 'us-east', ttlMs: 10 * SEC });
    const b = createEvaluatorLease(other.db, { owner: 'runner-b', region: 'eu-west', ttlMs: 10 * SEC });
    const clock = new VirtualClock(T0);
    const stopA = new AbortController();
    const stopB = new AbortController();
    const acquired: Array<[string, number]> = [];
    const loopA = runLeaseLoop({ lease: a, clock, signal: stopA.signal, onAcquired: () => acquired.push(['a', clock.now()]) });
    const loopB = runLeaseLoop({ lease: b, clock, signal: stopB.signal, onAcquired: () => acquired.push(['b', clock.now()]) });
    cleanups.unshift(() => {
      stopA.abort();
      stopB.abort();
    });
    await run(clock, 60 * SEC);
    expect(acquired).toEqual([['a', T0]]);
    // A dies without releasing: its loop stops renewing (the abort would release; simulate a kill).
    const lastRenewal = a.holder()!.renewed_at;
    a.release = () => undefined;
    stopA.abort();
    await loopA;
    await run(clock, 20 * SEC);
    expect(acquired[1]![0]).toBe('b');
    // Within one term of A's last renewal (plus the 100 ms step this test advances time by).
    expect(acquired[1]![1] - lastRenewal).toBeLessThanOrEqual(a.ttlMs + 100);
    expect(acquired[1]![1] - lastRenewal).toBeGreaterThanOrEqual(a.ttlMs);
    stopB.abort();
    await loopB;
    expect(b.holder()).toMatchObject({ owner: 'runner-b', expires_at: 0 }); // released on a graceful stop
  });
});
