/** Real parts for the outbox tests: an HTTP receiver on 127.0.0.1, outbox worker processes, notifications to enqueue. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Db } from '../../src/store/index.ts';
import { idempotencyKey, labelKey, type Notification } from '../../src/alerts/index.ts';
import { stateStatements } from '../../src/alerts/state-store.ts';

export interface Post {
  key: string;
  /** `x-worker` of the sender. */
  worker: string;
  status: string;
  alert: string;
  /** Arrival order, from 0. */
  seq: number;
}

export interface Receiver {
  url: string;
  posts: Post[];
  /** How long to hold each request before answering 202 (a kill then lands mid-POST). */
  holdMs: number;
  /** `fail`: 500 at once; `ok`: 202 after `holdMs`. (Down = closed: `close()` it.) */
  mode: 'ok' | 'fail';
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const n = JSON.parse(body) as Notification;
      r.posts.push({ key: String(req.headers['idempotency-key']), worker: String(req.headers['x-worker'] ?? ''), status: n.status, alert: n.labels['probe_id'] ?? '', seq: r.posts.length });
      if (r.mode === 'fail') return void res.writeHead(500).end('down for maintenance');
      const answer = () => {
        if (!res.destroyed) res.writeHead(202).end();
      };
      if (r.holdMs > 0) setTimeout(answer, r.holdMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const r: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    posts: [],
    holdMs: 0,
    mode: 'ok',
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return r;
}

/** A notification of alert `api_error_rate{probe_id=<alert>}`; firing ones started at `since`. */
export function notification(alert: string, status: 'firing' | 'resolved', since: number): Notification {
  const labels = { probe_id: alert };
  return {
    version: 1, idempotency_key: idempotencyKey('api_error_rate', labelKey(labels), status, since), status, rule_id: 'api_error_rate', kind: 'share',
    severity: 'critical', summary: 'API error rate is over 1%', labels: { alertname: 'api_error_rate', severity: 'critical', ...labels },
    value: 0.5, value_text: '50.00%', threshold: 0.01, threshold_text: '1.00%', samples: 30, detail: null,
    firing_since: new Date(since).toISOString(), at: new Date(since).toISOString(), runbook_url: 'docs/runbooks.md#api-error-rate',
  };
}

/** Enqueues for sink `hook` with the engine's own enqueue statement. */
export function enqueue(db: Db, notifications: readonly Notification[], now = Date.now()): void {
  const { enqueue: stmt } = stateStatements(db);
  db.transaction(() => {
    for (const n of notifications) stmt.run(n.idempotency_key, 'hook', JSON.stringify(n), now, now);
  })();
}

export interface Worker {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  lines: Array<Record<string, unknown>>;
}

const WORKER = join(import.meta.dirname, '../fixtures/alerts/outbox-worker.ts');

/** Starts a real outbox worker process; resolves once it is delivering. */
export async function startWorker(name: string, db: string, hookUrl: string, timeoutMs = 3000): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DB: db, HOOK_URL: hookUrl, WORKER: name, TIMEOUT_MS: String(timeoutMs) },
  });
  const w: Worker = { name, child, lines: [], exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  let buf = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
      buf = buf.slice(nl + 1);
      w.lines.push(line);
      if (line['event'] === 'ready') ready();
    }
  });
  await Promise.race([isReady, w.exited.then((code) => Promise.reject(new Error(`worker ${name} exited ${code} before it was ready`)))]);
  return w;
}

export async function waitFor(pred: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
