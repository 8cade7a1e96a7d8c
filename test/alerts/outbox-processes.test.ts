/**
 * Delivery across real processes: outbox workers (test/fixtures/alerts/outbox-worker.ts, the
 * engine's outbox and the monitor's delivery loop) on one SQLite file and on one PostgreSQL
 * database, a real receiver on 127.0.0.1, and kill -9.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forEachBackend, type Backend } from '../store/backends.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { enqueue, notification, startReceiver, startWorker, waitFor, type Receiver, type Worker } from './outbox-helpers.ts';

const workers: Worker[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const w of workers.splice(0)) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  for (const c of cleanups.splice(0).reverse()) await c();
});

let backend: Backend;
async function setup(): Promise<{ db: string; store: Store; receiver: Receiver }> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-procs-'));
  const db = backend.name === 'sqlite' ? join(dir, 'canary.db') : await backend.fresh();
  const store = openStore(db);
  const receiver = await startReceiver();
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => store.close(), () => receiver.close());
  return { db, store, receiver };
}

const undelivered = (store: Store) => store.db.prepare("SELECT count(*) FROM alert_outbox WHERE status <> 'delivered'").pluck().get() as number;

async function stopAll(): Promise<void> {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
}

forEachBackend((b) => {
  beforeEach(() => {
    backend = b;
  });

  it('two delivery processes on one database send each of 20 notifications exactly once', async () => {
    const { db, store, receiver } = await setup();
    const T = Date.UTC(2026, 2, 10, 8, 0);
    const all = Array.from({ length: 10 }, (_, i) => [notification(`p${i}`, 'firing', T + i), notification(`p${i}`, 'resolved', T + i)]).flat();
    enqueue(store.db, all.slice(0, 10));
    workers.push(...(await Promise.all([startWorker('a', db, receiver.url), startWorker('b', db, receiver.url)])));
    enqueue(store.db, all.slice(10)); // and more while both are delivering
    await waitFor(() => undelivered(store) === 0, 'every row delivered');
    await stopAll();

    expect(receiver.posts).toHaveLength(20);
    expect(new Set(receiver.posts.map((p) => p.key))).toEqual(new Set(all.map((n) => n.idempotency_key)));
    for (let i = 0; i < 10; i++) {
      expect(receiver.posts.filter((p) => p.alert === `p${i}`).map((p) => p.status)).toEqual(['firing', 'resolved']);
    }
    expect(store.db.prepare('SELECT DISTINCT attempts FROM alert_outbox').pluck().all()).toEqual([1]);
  }, 60_000);

  it('kill -9 of the sender mid-POST, three times: each kill causes at most one re-send, always with the same idempotency key', async () => {
    const { db, store, receiver } = await setup();
    receiver.holdMs = 60_000; // no answer while we kill: every kill lands mid-POST (the workers' timeout is 5 s)
    const T = Date.UTC(2026, 2, 10, 8, 0);
    const all = [notification('a', 'firing', T), notification('a', 'resolved', T), notification('b', 'firing', T + 1)];
    const worker = (name: string) => startWorker(name, db, receiver.url, 5000);
    workers.push(...(await Promise.all([worker('w0'), worker('w1')])));
    enqueue(store.db, all); // both processes see the rows at once
    // Each kill: the key it cut off, and how many POSTs had arrived when it landed.
    const kills: Array<{ key: string; posts: number }> = [];
    for (let k = 0; k < 3; k++) {
      const seen = receiver.posts.length;
      await waitFor(() => receiver.posts.length > seen || undelivered(store) === 0, `POST ${seen + 1}`);
      if (receiver.posts.length === seen) break; // all delivered already: the counts below say how
      await new Promise((r) => setTimeout(r, 300)); // still in flight; a concurrent duplicate would show by now
      const inFlight = receiver.posts[seen]!;
      const sender = workers.find((w) => w.name === inFlight.worker)!;
      kills.push({ key: inFlight.key, posts: receiver.posts.length }); // only POSTs after this can be its re-send
      sender.child.kill('SIGKILL');
      await sender.exited;
      workers.push(await worker(`w${k + 2}`)); // the supervisor restarts it
    }
    receiver.holdMs = 0; // from now on the receiver answers at once
    await waitFor(() => undelivered(store) === 0, 'every row delivered', 60_000);
    await stopAll();

    for (const n of all) {
      const posts = receiver.posts.filter((p) => p.key === n.idempotency_key);
      // Every POST after the first of a key follows its own kill of a sender of that key: at most
      // one re-send per kill (the cut-off POST may have arrived), and re-sent, never dropped.
      posts.slice(1).forEach((p, i) => {
        const before = kills.filter((k) => k.key === n.idempotency_key && k.posts <= p.seq).length;
        expect(before, `re-send ${i + 1} of ${n.status} ${n.labels['probe_id']} (POST #${p.seq}) has no kill of its own before it`).toBeGreaterThanOrEqual(i + 1);
      });
      expect(posts.length, `POSTs of ${n.status} ${n.labels['probe_id']}`).toBe(1 + kills.filter((k) => k.key === n.idempotency_key).length);
    }
    expect(receiver.posts.length).toBe(all.length + kills.length);
    expect(kills).toHaveLength(3); // each kill found a POST in flight
    // Every re-send carried the original key in the header, and the body is the same notification.
    expect(new Set(receiver.posts.map((p) => p.key))).toEqual(new Set(all.map((n) => n.idempotency_key)));
    // A RESOLVED never overtook its FIRING: every POST of a's resolved came after every POST of a's firing.
    const a = receiver.posts.filter((p) => p.alert === 'a');
    const lastFiring = Math.max(...a.filter((p) => p.status === 'firing').map((p) => p.seq));
    expect(a.filter((p) => p.status === 'resolved').every((p) => p.seq > lastFiring)).toBe(true);
    // A crash counts an attempt: the store says how many times each row was sent.
    const attempts = store.db.prepare('SELECT idempotency_key, attempts FROM alert_outbox').all() as Array<{ idempotency_key: string; attempts: number }>;
    for (const r of attempts) expect(r.attempts).toBe(receiver.posts.filter((p) => p.key === r.idempotency_key).length);
    // The takeovers were logged as re-sends.
    const resends = workers.flatMap((w) => w.lines).filter((l) => String(l['msg']).startsWith('alert notification re-sent'));
    expect(resends).toHaveLength(3);
  }, 150_000);
});
