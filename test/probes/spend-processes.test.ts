/**
 * The spend cap across processes: real child processes, each a probe runner, on one SQLite file,
 * and on one PostgreSQL database (where the immediate transaction is an advisory-locked one).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describePostgres } from '../store/backends.ts';
import { startHttpSimulator, type HttpSimulator } from '../../mocks/index.ts';
import { BUDGET_DEFAULTS, BudgetGuard } from '../../src/probes/budget.ts';
import { openStore } from '../../src/store/index.ts';
import { SPEND_MODEL, SPEND_PROBE, spendWorstCase } from './fixtures/spend-probe.ts';

const child = join(import.meta.dirname, 'fixtures', 'spend-runner.ts');
let http: HttpSimulator;
let dir: string;
beforeAll(async () => {
  // Every answer runs to max_tokens (each run costs nearly its worst case), slowly enough that
  // the two processes' runs overlap.
  http = await startHttpSimulator({ latency: { ttft_ms: 40, per_token_ms: 0.2, jitter: 0 }, plan: { faults: [{ kind: 'verbose' }] } });
  dir = mkdtempSync(join(tmpdir(), 'spend-'));
});
afterAll(async () => {
  await http.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Child {
  proc: ChildProcessByStdio<Writable, Readable, null>;
  /** Resolves on the next `ready` or `done` line. */
  next(): Promise<void>;
  /** Result lines since the last `trial()`. */
  lines: string[];
  /** Opens the store in the child; resolves when it is open. */
  open(db: string): Promise<void>;
  /** Runs the trial on the open store; resolves when the child says `done`. */
  run(): Promise<string[]>;
  /** `open` then `run`. */
  trial(db: string): Promise<string[]>;
  exited: Promise<number | null>;
}

function start(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  let waiting: (() => void) | null = null;
  let signalled = 0;
  const c: Child = {
    proc,
    lines: [],
    next: () => (signalled > 0 ? (signalled--, Promise.resolve()) : new Promise<void>((r) => (waiting = r))),
    async open(db) {
      proc.stdin.write(`open ${db}\n`);
      await c.next();
    },
    async run() {
      c.lines = [];
      proc.stdin.write('run\n');
      await c.next();
      return c.lines;
    },
    async trial(db) {
      await c.open(db);
      return c.run();
    },
    exited: new Promise<number | null>((r) => proc.on('exit', (code) => r(code))),
  };
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const l of parts) {
      if (l !== 'ready' && l !== 'done') c.lines.push(l);
      else if (waiting) {
        const w = waiting;
        waiting = null;
        w();
      } else signalled++;
    }
  });
  return c;
}

/** Two runner processes race for one cap on a fresh database per trial, 3 trials. */
async function race(fresh: (trial: number) => Promise<string>): Promise<void> {
  const w = spendWorstCase(Date.now());
  const cap = 8 * w;
  const a = start([http.url, String(cap), '16', '4']);
  const b = start([http.url, String(cap), '16', '4']);
  try {
    await Promise.all([a.next(), b.next()]);
    for (let trial = 0; trial < 3; trial++) {
      const db = await fresh(trial);
      openStore(db).close(); // migrated before the race, so neither child waits on the other's migration
      await Promise.all([a.open(db), b.open(db)]);
      const [la, lb] = await Promise.all([a.run(), b.run()]);
      const results = [...la, ...lb].map((l) => JSON.parse(l) as { outcome: string; cost_usd: number | null });
      const ran = (lines: string[]) => lines.filter((l) => !l.includes('"skipped"')).length;
      // Both processes spent: they really raced for the same budget.
      expect(ran(la)).toBeGreaterThan(0);
      expect(ran(lb)).toBeGreaterThan(0);
      expect(results.filter((r) => r.outcome === 'skipped').length).toBeGreaterThan(0);
      const store = openStore(db);
      const spent = store.spendSince(0);
      expect(spent, `trial ${trial}`).toBeLessThanOrEqual(cap);
      // Nearly the whole cap was used (each run costs close to its worst case), and nothing is left reserved.
      expect(spent).toBeGreaterThan(cap - 2 * w);
      expect(store.db.prepare('SELECT count(*) FROM spend_reservations').pluck().get()).toBe(0);
      store.close();
    }
  } finally {
    a.proc.stdin.end();
    b.proc.stdin.end();
  }
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
}

test('two processes racing on one database never pass the cap together (3 trials)', () => race(async (trial) => join(dir, `race-${trial}.db`)), 120_000);

describePostgres('on PostgreSQL', (fresh) => {
  test('two processes racing on one database never pass the cap together (3 trials)', () => race(() => fresh()), 180_000);
});

test('kill -9 while holding a reservation: it keeps counting until the run deadline plus the grace, then expires', async () => {
  const db = join(dir, 'kill.db');
  openStore(db).close();
  const w = spendWorstCase(Date.now());
  const cap = 1.5 * w;
  // A hanging request: the child holds its reservation until it is killed.
  const c = start([http.url, String(cap), '1', '1', 'hang']);
  await c.next();
  void c.trial(db);
  const store = openStore(db);
  const row = () => store.db.prepare('SELECT id, holder, amount_nusd, created_at, expires_at FROM spend_reservations').get() as { id: string; holder: string; amount_nusd: number; created_at: number; expires_at: number } | undefined;
  while (!row()) await new Promise((r) => setTimeout(r, 20));
  c.proc.kill('SIGKILL');
  await c.exited;
  const held = row()!;
  expect(held.holder).toMatch(new RegExp(`:${c.proc.pid}$`));
  expect(held.amount_nusd).toBe(Math.round(w * 1e9));
  expect(held.expires_at).toBe(held.created_at + SPEND_PROBE.timeout_ms + BUDGET_DEFAULTS.expiryGraceMs);
  const guard = new BudgetGuard({ daily_usd: cap, monthly_usd: 1_000 }, store);
  const ask = (now: number) => guard.reserve({ id: `after-${now}`, probe_id: SPEND_PROBE.id, model: SPEND_MODEL, worstUsd: w, now, deadlineMs: SPEND_PROBE.timeout_ms });
  // The dead process's call may have been billed: until it expires its worst case still counts.
  const refused = ask(Date.now());
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.reason).toMatch(/^daily budget \$[\d.]+: spent \$0\.000000 \+ reserved \$[\d.]+ \+ this run's worst case/);
  expect(ask(held.expires_at - 1).ok).toBe(false);
  // From its expiry on it no longer counts, and is gone.
  expect(ask(held.expires_at).ok).toBe(true);
  expect(store.db.prepare('SELECT count(*) FROM spend_reservations WHERE id = ?').pluck().get(held.id)).toBe(0);
  expect(store.db.prepare('SELECT id FROM spend_reservations').pluck().all()).toEqual([`after-${held.expires_at}`]);
  store.close();
}, 60_000);
