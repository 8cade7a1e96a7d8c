/** The monitor's delivery loop on the injected clock: it wakes when a retry or a dead-letter probe is due, not only when idle time has passed. */
import { afterEach, expect, it } from 'vitest';
import { createAlertEngine, runDeliveryLoop, SinkError, type Sink } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { tempStore } from './helpers.ts';
import { enqueue, notification } from './outbox-helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

it('sends retries when their backoff is due and probes a dead sink on schedule, then stops with no timer left', async () => {
  const h = tempStore();
  cleanups.push(h.cleanup);
  const clock = new VirtualClock(T0, { autoAdvance: false });
  const calls: number[] = [];
  let failures = 4; // two retries, the dead letter at attempt 3, one failed probe; then it answers
  const sink: Sink = {
    name: 'hook',
    deliver: async () => {
      calls.push(clock.now() - T0);
      if (failures-- > 0) throw new SinkError('answered 503', { status: 503 });
    },
  };
  const engine = createAlertEngine({
    store: h.store, rules: [], sinks: [sink], clock, random: () => 1,
    delivery: { max_attempts: 3, base_backoff_ms: 1000, max_backoff_ms: 60_000, dead_letter_retry_ms: 120_000 },
  });
  enqueue(h.store.db, [notification('a', 'firing', T0)], T0);
  const stop = new AbortController();
  const loop = runDeliveryLoop({ deliver: engine.deliverPending, clock, signal: stop.signal, idleMs: 3_600_000 });
  for (let s = 0; s < 400; s++) {
    await settle();
    clock.advance(1000);
  }
  // Attempts at 0, 1 s and 3 s (dead), probes 2 min later (fails) and 2 min after that (delivered): never an hour's idle wait.
  expect(calls).toEqual([0, 1000, 3000, 123_000, 243_000]);
  expect(h.store.db.prepare('SELECT status FROM alert_outbox').pluck().get()).toBe('delivered');
  stop.abort();
  await engine.stop();
  await loop;
  expect(clock.pending).toBe(0);
});
