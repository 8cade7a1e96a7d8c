/**
 * Dead letters are retried when the sink recovers, in order per alert: a real receiver on
 * 127.0.0.1 that is down (connection refused), then 500s, then answers; the engine and its outbox
 * on the injected clock, stepped second by second the way the monitor's delivery loop would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createAlertEngine, resolveAlertRules, webhookSink, type DeliveryOptions, type Notification } from '../../src/alerts/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';
import { MIGRATIONS, openStore } from '../../src/store/index.ts';
import { error, MIN, result, SEC, tempStore } from './helpers.ts';
import { notification, startReceiver, type Receiver } from './outbox-helpers.ts';

const T0 = Date.UTC(2026, 2, 10, 8, 0);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Results every 10 s for an hour; each probe fails inside its [from, to) minutes. */
function setup(failing: Record<string, [number, number]>, delivery: Partial<DeliveryOptions>, port: number) {
  const h = tempStore();
  cleanups.push(h.cleanup);
  for (let t = 0; t < 60 * MIN; t += 10 * SEC) {
    h.store.insertResults(Object.entries(failing).map(([probe_id, [from, to]]) => result(T0 + t, { probe_id, ...(t >= from * MIN && t < to * MIN ? error('server_error') : {}) })));
  }
  const clock = new VirtualClock(T0, { autoAdvance: false });
  const rules = resolveAlertRules([{ id: 'api_error_rate', group_by: ['probe_id'] }]).filter((r) => r.id === 'api_error_rate');
  const engine = createAlertEngine({ store: h.store, rules, sinks: [webhookSink({ name: 'hook', url: `http://127.0.0.1:${port}/hook` })], clock, random: () => 0.5, delivery });
  cleanups.push(() => engine.stop());
  const rows = () => h.store.db.prepare('SELECT status, attempts, payload FROM alert_outbox ORDER BY id').all() as Array<{ status: string; attempts: number; payload: string }>;
  const row = (probe: string, status: string) => rows().find((r) => { const n = JSON.parse(r.payload) as Notification; return n.labels['probe_id'] === probe && n.status === status; });
  /** Evaluates every minute and runs a delivery round every second, until minute `to`; `at(m)` runs first each minute. */
  async function drive(to: number, at: (m: number) => Promise<void> | void) {
    for (let m = Math.round((clock.now() - T0) / MIN); m < to; m++) {
      await at(m);
      engine.evaluate();
      for (let s = 0; s < 60; s++) {
        await engine.deliverPending();
        clock.advance(SEC);
      }
    }
  }
  return { h, clock, engine, drive, row };
}

/** A receiver that comes and goes on one port: down = closed (connection refused). */
async function flakyReceiver() {
  let r: Receiver | null = await startReceiver();
  const port = Number(new URL(r.url).port);
  const all: Receiver['posts'] = [];
  cleanups.push(() => r?.close());
  return {
    port,
    posts: () => [...all, ...(r?.posts ?? [])],
    async down() {
      all.push(...r!.posts);
      await r!.close();
      r = null;
    },
    async up(mode: Receiver['mode']) {
      if (!r) r = await startReceiver(port);
      r.mode = mode;
    },
  };
}

it('a webhook down for 8 minutes: the RESOLVED dead-lettered at attempt 10 is sent once the sink answers again', async () => {
  const hook = await flakyReceiver();
  // Default delivery settings: 10 attempts, 1 s doubling backoff, a dead-letter probe every 5 min.
  const { drive, row } = setup({ smoke: [5, 20] }, {}, hook.port);
  let deadAt = 0;
  await drive(50, async (m) => {
    if (m === 24) await hook.down(); // before the RESOLVED (enqueued at 26m), until 34m
    if (m === 34) {
      expect(row('smoke', 'firing')).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(row('smoke', 'resolved')).toMatchObject({ status: 'dead', attempts: 10 }); // where the repro lost it
      deadAt = hook.posts().length;
      await hook.up('fail'); // back, but answering 500 until 40m
    }
    if (m === 40) await hook.up('ok');
  });
  const posts = hook.posts();
  expect(posts[0]).toMatchObject({ status: 'firing', alert: 'smoke' });
  // After the dead letter: one probe 5 min later (500), the next one 5 min after that (202), nothing more.
  expect(posts.slice(deadAt).map((p) => p.status)).toEqual(['resolved', 'resolved']);
  expect(posts.slice(1).every((p) => p.status === 'resolved' && p.key === posts[1]!.key)).toBe(true);
  expect(row('smoke', 'resolved')).toMatchObject({ status: 'delivered' });
}, 60_000);

it('a RESOLVED waits behind its dead FIRING; a later success to the sink sends FIRING then RESOLVED', async () => {
  const hook = await flakyReceiver();
  await hook.down();
  // No probe within the test: only the success of another alert can revive the dead letter.
  const { drive, row } = setup({ smoke: [5, 20], json: [30, 45] }, { max_attempts: 3, base_backoff_ms: 1000, max_backoff_ms: 8000, timeout_ms: 2000, dead_letter_retry_ms: 24 * 60 * MIN }, hook.port);
  await drive(50, async (m) => {
    if (m === 29) {
      expect(row('smoke', 'firing')).toMatchObject({ status: 'dead', attempts: 3 });
      // Held behind the dead FIRING of the same alert: never tried while the sink was down.
      expect(row('smoke', 'resolved')).toMatchObject({ status: 'pending', attempts: 0 });
      await hook.up('ok');
    }
  });
  const order = hook.posts().map((p) => `${p.status} ${p.alert}`);
  expect(order).toEqual(['firing json', 'firing smoke', 'resolved smoke']);
  expect(row('smoke', 'firing')).toMatchObject({ status: 'delivered' });
}, 60_000);

it('a notification dead-lettered by a build before migration 6 is sent by the first delivery round after the upgrade', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-upgrade-'));
  const path = join(dir, 'canary.db');
  const before = openStore(path, { migrations: MIGRATIONS.filter((m) => m.version < 6) });
  const n = notification('smoke', 'resolved', T0);
  before.db
    .prepare("INSERT INTO alert_outbox (idempotency_key, sink, payload, status, attempts, next_attempt_at, last_error, created_at) VALUES (?, 'hook', ?, 'dead', 10, ?, 'connect ECONNREFUSED', ?)")
    .run(n.idempotency_key, JSON.stringify(n), T0, T0);
  before.close();
  const store = openStore(path);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close());
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const clock = new VirtualClock(T0 + 60 * MIN, { autoAdvance: false });
  const engine = createAlertEngine({ store, rules: [], sinks: [webhookSink({ name: 'hook', url: receiver.url })], clock });
  cleanups.push(() => engine.stop());
  expect(await engine.deliverPending()).toMatchObject({ delivered: 1 });
  expect(receiver.posts.map((p) => [p.key, p.status])).toEqual([[n.idempotency_key, 'resolved']]);
});
