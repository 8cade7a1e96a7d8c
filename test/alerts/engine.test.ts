import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, createAlertEngine, resolveAlertRules, type Notification, type Sink } from '../../src/alerts/index.ts';
import type { ProbeResult } from '../../src/shared/types.ts';
import type { Store } from '../../src/store/index.ts';
import { forEachBackend } from '../store/backends.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** A fresh PostgreSQL database per test when the block runs on PostgreSQL. */
let location: string | undefined;
function store() {
  const h = tempStore(location);
  location = undefined;
  cleanups.push(h.cleanup);
  return h;
}

/** A sink that records what it receives. */
function recorder(name = 'rec'): Sink & { got: Notification[] } {
  const got: Notification[] = [];
  return { name, got, deliver: async (n) => void got.push(n) };
}

/** Inserts results every `every` ms over [from, to) (offsets from T0). */
function feed(s: Store, from: number, to: number, every: number, make: (t: number) => Partial<ProbeResult>): void {
  const batch: ProbeResult[] = [];
  for (let t = from; t < to; t += every) batch.push(result(T0 + t, make(t)));
  s.insertResults(batch);
}

const rule = (id: string) => resolveAlertRules().filter((r) => r.id === id);

forEachBackend((backend) => {
  beforeEach(async () => {
    location = backend.name === 'postgres' ? await backend.fresh() : undefined;
  });

  describe('minimum sample count', () => {
    // Every run bad, but fewer runs in the window than min_samples: never pending.
    const CASES = [
      { id: 'rate_limited_share', every: 40 * SEC, bad: error('rate_limited') }, // 7-8 per 5m < 10
      { id: 'api_error_rate', every: 40 * SEC, bad: error('server_error') },
      { id: 'timeout_rate', every: 40 * SEC, bad: error('timeout') },
      { id: 'quality_flag_rate', every: 7 * MIN, bad: { outcome: 'fail' as const, flags: ['empty' as const] } }, // 8-9 per 1h < 10
      { id: 'latency_p99', every: 1 * MIN, bad: { latency_ms: 9000 } }, // 15 per 15m < 20
      { id: 'availability_burn', every: 20 * MIN, bad: error('overloaded') }, // 3 per 1h, at most 7 in the 6h window over 2h < 20
    ];
    for (const c of CASES) {
      it(`${c.id} stays quiet with every run bad but too few runs`, () => {
        const h = store();
        const engine = createAlertEngine({ store: h.store, rules: rule(c.id) });
        const moves = [];
        feed(h.store, 0, 121 * MIN, c.every, () => c.bad);
        for (let m = 0; m <= 120; m++) moves.push(...engine.evaluate(T0 + m * MIN));
        expect(moves).toEqual([]);
        expect(engine.state()).toEqual([]);
      });
    }

    it('the same stream twice as dense does fire (the quiet case is the sample count, not the stream)', () => {
      const h = store();
      const engine = createAlertEngine({ store: h.store, rules: rule('api_error_rate') });
      feed(h.store, 0, 10 * MIN, 20 * SEC, () => error('server_error'));
      expect(engine.evaluate(T0 + 10 * MIN).map((t) => t.to)).toEqual(['pending']);
    });
  });

  describe('notifications', () => {
    it('sends one firing while firing for an hour, then one resolved', async () => {
      const h = store();
      const sink = recorder();
      const engine = createAlertEngine({ store: h.store, rules: rule('api_error_rate'), sinks: [sink] });
      feed(h.store, 0, 91 * MIN, 10 * SEC, (t) => (t >= 5 * MIN && t < 70 * MIN ? error('server_error') : {}));
      for (let m = 0; m <= 90; m++) {
        engine.evaluate(T0 + m * MIN);
        await engine.deliverPending();
      }
      expect(sink.got.map((n) => [n.status, n.rule_id, n.labels['model']])).toEqual([
        ['firing', 'api_error_rate', 'claude-haiku-4-5'],
        ['resolved', 'api_error_rate', 'claude-haiku-4-5'],
      ]);
      const [firing, resolved] = sink.got;
      expect(firing!.runbook_url).toBe('docs/runbooks.md#api-error-rate');
      expect(firing!.value_text).toBe('100.00%');
      expect(firing!.firing_since).toBe(new Date(T0 + 10 * MIN).toISOString());
      expect(resolved!.firing_since).toBe(firing!.firing_since);
      expect(resolved!.idempotency_key).not.toBe(firing!.idempotency_key);
    });

    it('alerts per label set: two models, one bad, one alert', () => {
      const h = store();
      const engine = createAlertEngine({ store: h.store, rules: rule('timeout_rate') });
      feed(h.store, 0, 10 * MIN, 10 * SEC, () => ({}));
      feed(h.store, 0, 10 * MIN, 10 * SEC, () => ({ ...error('timeout'), model: 'claude-sonnet-4-6' }));
      engine.evaluate(T0 + 10 * MIN);
      expect(engine.state().map((s) => [s.state, s.labels])).toEqual([['pending', { model: 'claude-sonnet-4-6' }]]);
    });

    it('hysteresis: with clear_threshold the alert holds while the share stays above it', () => {
      const h = store();
      const rules = resolveAlertRules([{ id: 'api_error_rate', for: '0s', keep_firing_for: '0s', threshold: 0.2, clear_threshold: 0.05 }]).filter((r) => r.id === 'api_error_rate');
      const engine = createAlertEngine({ store: h.store, rules });
      // 30% errors, then 10% (under the trigger, over the clear level), then none.
      const share = (t: number) => (t < 10 * MIN ? 0.3 : t < 20 * MIN ? 0.1 : 0);
      feed(h.store, 0, 31 * MIN, 10 * SEC, (t) => ((t / (10 * SEC)) % 10 < share(t) * 10 ? error('server_error') : {}));
      const moves: string[] = [];
      for (let m = 0; m <= 30; m++) moves.push(...engine.evaluate(T0 + m * MIN).map((t) => `${t.to}@${m}`));
      // Fires once 10+ runs are in (2m). The 10% stretch keeps the 5m share over 5% until the
      // window holds only the last 10%-stretch error (18:20) at 22m. Without hysteresis it would
      // resolve near 12m, as soon as the share fell under 20%.
      expect(moves).toEqual(['pending@2', 'firing@2', 'resolved@22']);
      const plain = createAlertEngine({ store: h.store, rules: resolveAlertRules([{ id: 'api_error_rate', for: '0s', keep_firing_for: '0s', threshold: 0.2 }]).filter((r) => r.id === 'api_error_rate') });
      h.store.db.exec('DELETE FROM alert_instances');
      const plainMoves: string[] = [];
      for (let m = 0; m <= 30; m++) plainMoves.push(...plain.evaluate(T0 + m * MIN).map((t) => `${t.to}@${m}`));
      expect(plainMoves.at(-1)).toMatch(/^resolved@1[0-4]$/);
    });
  });

  describe('restart', () => {
    it('neither loses nor repeats: state and undelivered notifications survive a reopen', async () => {
      const h = store();
      const down: Sink = { name: 'hook', deliver: async () => Promise.reject(new Error('connection refused')) };
      let engine = createAlertEngine({ store: h.store, rules: rule('api_error_rate'), sinks: [down], delivery: { base_backoff_ms: 0 } });
      const bad = (t: number) => (t < 40 * MIN ? error('server_error') : {});
      feed(h.store, 0, 61 * MIN, 10 * SEC, bad);
      for (let m = 0; m <= 20; m++) engine.evaluate(T0 + m * MIN);
      await engine.deliverPending(); // fails: the firing notification stays in the outbox
      await engine.stop();
      expect(engine.state().map((s) => s.state)).toEqual(['firing']);

      const reopened = h.reopen();
      const up = recorder('hook');
      engine = createAlertEngine({ store: reopened, rules: rule('api_error_rate'), sinks: [up] });
      // 10+ runs from 2m -> pending; for 5m -> firing at 7m.
      expect(engine.state().map((s) => [s.state, s.firing_since])).toEqual([['firing', T0 + 7 * MIN]]);
      const moves: string[] = [];
      for (let m = 21; m <= 60; m++) {
        moves.push(...engine.evaluate(T0 + m * MIN).map((t) => `${t.to}@${m}`));
        await engine.deliverPending();
      }
      expect(moves).toEqual(['resolved@46']);
      expect(up.got.map((n) => n.status)).toEqual(['firing', 'resolved']);
      expect(reopened.db.prepare("SELECT status, count(*) AS n FROM alert_outbox GROUP BY status").all()).toEqual([{ status: 'delivered', n: 2 }]);
    });
  });

  describe('availability burn windows', () => {
    it('a short, total outage after 6 h of health fires on the fast 1h/5m pair and resolves 5m after the short window clears', () => {
      const h = store();
      const engine = createAlertEngine({ store: h.store, rules: rule('availability_burn') });
      const H6 = 360 * MIN;
      // 6 h healthy (2160 runs), then 6 minutes of errors, then healthy again.
      feed(h.store, 0, H6 + 30 * MIN, 10 * SEC, (t) => (t >= H6 && t < H6 + 6 * MIN ? error('server_error') : {}));
      const moves: string[] = [];
      const details: string[] = [];
      for (let m = 0; m <= 30; m++) {
        for (const tr of engine.evaluate(T0 + H6 + m * MIN)) moves.push(`${tr.to}@${m}`);
        const firing = engine.state()[0];
        if (firing && m === 5) details.push(`${firing.value?.toFixed(1)} >= ${firing.threshold}`);
      }
      // +5m: 31 errors of 360 in 1h (8.6% > 7.2%, burn 17.2x) and every run in 5m; the 6h pair needs 65 errors
      // and never gets there. Last error +5:50 leaves the 5m window at +11; keep 5m -> +15.
      expect(moves).toEqual(['pending@5', 'firing@5', 'resolved@15']);
      expect(details).toEqual(['17.2 >= 14.4']);
    });
  });

  describe('delivery backoff', () => {
    it('doubles per attempt up to the cap, with equal jitter between half and all of it', () => {
      const opts = { base_backoff_ms: 1_000, max_backoff_ms: 8_000 };
      expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, opts, () => 0.999999))).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
      expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, opts, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
      // Real draws spread retries out: 200 runners that lost the receiver together do not come back in one second.
      const draws = Array.from({ length: 200 }, () => backoffMs(4, opts));
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(4_000);
      expect(Math.max(...draws)).toBeLessThanOrEqual(8_000);
      expect(new Set(draws.map((d) => Math.floor(d / 1_000))).size).toBeGreaterThanOrEqual(4);
    });
  });
});
