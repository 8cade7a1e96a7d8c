/** start()/stop() on the injected clock: ticks evaluate and deliver; a hung sink never stalls the ticks. */
import { afterEach, expect, it } from 'vitest';
import { createAlertEngine, resolveAlertRules, type Notification, type Sink } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const settle = () => new Promise((r) => setImmediate(r));

it('ticks every interval on the clock, delivers in the background, and stops cleanly', async () => {
  const h = tempStore();
  cleanups.push(h.cleanup);
  for (let t = 0; t <= 30 * MIN; t += 10 * SEC) h.store.insertResult(result(T0 + t, t >= 5 * MIN ? error('timeout') : {}));
  const clock = new VirtualClock(T0, { autoAdvance: false });
  const got: Notification[] = [];
  const hung: Sink = { name: 'hung', deliver: (_n, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))) };
  const ok: Sink = { name: 'ok', deliver: async (n) => void got.push(n) };
  const engine = createAlertEngine({ store: h.store, rules: resolveAlertRules().filter((r) => r.id === 'timeout_rate'), sinks: [hung, ok], clock, delivery: { timeout_ms: 30 * MIN } });

  engine.start(MIN);
  for (let m = 1; m <= 10; m++) {
    clock.advance(MIN);
    await settle();
  }
  // timeout_rate: pending at 6m (7 of 30), firing at 8m; the ok sink got it although the hung one never answers.
  expect(engine.state().map((s) => [s.state, s.firing_since])).toEqual([['firing', T0 + 8 * MIN]]);
  expect(got.map((n) => n.status)).toEqual(['firing']);
  await engine.stop();
  const hungRow = h.store.db.prepare("SELECT status, attempts FROM alert_outbox WHERE sink = 'hung'").get();
  expect(hungRow).toEqual({ status: 'pending', attempts: 0 }); // aborted by stop: not counted, still due
  expect(clock.pending).toBe(0); // no timer left behind
});
