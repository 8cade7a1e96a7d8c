/**
 * A synchronous PostgreSQL client: a worker thread holds the `pg` connection and the caller
 * blocks on `Atomics.wait` until each statement's reply is back. This keeps the store's contract
 * synchronous, as better-sqlite3's is (it also blocks the thread for each statement), so the
 * alert engine, reports, doctor and reconcile run unchanged on either backend.
 *
 * Cost: one round trip to the server per statement plus a thread hand-off (about 0.1-0.3 ms on
 * loopback, measured by `npm run bench -- store`). While a statement runs, the event loop of the
 * calling process is blocked: timers and sockets of in-flight probes are serviced only when it
 * returns. On loopback that delay is below a millisecond; with a remote database it is one
 * network round trip per statement (tens of ms across regions), which lands in the measured
 * latency of any probe whose response arrives meanwhile. Runners should therefore use a
 * database close to them, and results are written in one batched statement per run. (Internal.)
 */
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './worker-source.ts';

/** What the server said about a failed statement (never the connection string). */
export class PgQueryError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  constructor(e: { message: string; code?: string; detail?: string }) {
    super(e.message);
    this.name = 'PgQueryError';
    this.code = e.code;
    this.detail = e.detail;
  }
}

export interface QueryReply {
  rows: unknown[];
  rowCount: number;
}

export interface QueryRequest {
  text: string;
  values?: unknown[];
  /** Prepared-statement name: parsed once per connection. */
  name?: string;
  /** Rows as arrays (for `pluck`). */
  array?: boolean;
}

/** Defaults for {@link SyncPgClient}. */
export const SYNC_PG_DEFAULTS = {
  /** A statement that takes longer than this fails here (the worker or server is stuck). */
  replyTimeoutMs: 120_000,
} as const;

export interface SyncPgClient {
  query(q: QueryRequest): QueryReply;
  /**
   * Runs `COPY ... FROM STDIN` (`sql`) with `chunks` (COPY text format) as its input, each posted
   * to the worker as soon as `chunks` yields it: the caller builds chunk k+1 while chunk k is sent
   * and ingested. Waits only for the count of rows copied.
   */
  copyFromChunks(sql: string, chunks: Iterable<string>): number;
  close(): void;
}

/** Starts the worker and connects; the first statement waits for the connection. */
export function syncPgClient(url: string, options: { replyTimeoutMs?: number } = {}): SyncPgClient {
  const require = createRequire(import.meta.url);
  const pgPath = require.resolve('pg');
  const copyPath = require.resolve('pg-copy-streams');
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pgPath, copyPath, port: port2, flag, url, applicationName: 'claude-canary' },
    transferList: [port2],
  });
  // A store left open must not keep the process alive.
  worker.unref();
  port1.unref();
  const timeoutMs = options.replyTimeoutMs ?? SYNC_PG_DEFAULTS.replyTimeoutMs;
  let closed = false;
  const utf8 = new TextEncoder();

  const call = (message: object): { ok: boolean; rows?: unknown[]; rowCount?: number; error?: { message: string; code?: string; detail?: string } } => {
    if (closed) throw new PgQueryError({ message: 'the PostgreSQL store is closed' });
    Atomics.store(signal, 0, 0);
    port1.postMessage(message);
    if (Atomics.wait(signal, 0, 0, timeoutMs) === 'timed-out') {
      closed = true;
      void worker.terminate();
      throw new PgQueryError({ message: `PostgreSQL did not answer within ${timeoutMs} ms`, code: 'timeout' });
    }
    let got = receiveMessageOnPort(port1);
    // The flag can be seen a moment before the reply shows in the port's queue (seen once in CI
    // under load): look again for up to 100 ms, sleeping 1 ms between looks, before giving up.
    for (let i = 0; !got && i < 100; i++) {
      Atomics.wait(signal, 0, 1, 1);
      got = receiveMessageOnPort(port1);
    }
    if (!got) throw new PgQueryError({ message: 'the PostgreSQL worker answered nothing' });
    return got.message as ReturnType<typeof call>;
  };

  return {
    query(q) {
      const r = call({ op: 'query', ...q });
      if (!r.ok) throw new PgQueryError(r.error!);
      return { rows: r.rows!, rowCount: r.rowCount! };
    },
    copyFromChunks(sql, chunks) {
      if (closed) throw new PgQueryError({ message: 'the PostgreSQL store is closed' });
      port1.postMessage({ op: 'copyBegin', text: sql });
      let thrown: { e: unknown } | null = null;
      try {
        for (const text of chunks) {
          // Encoded here and the bytes moved, not copied: the worker writes them to the socket as
          // they are. (TextEncoder, not Buffer.from: a small Buffer shares Node's pool, which must
          // not be transferred.)
          const data = utf8.encode(text);
          port1.postMessage({ op: 'copyData', data }, [data.buffer]);
        }
      } catch (e) {
        thrown = { e };
      }
      // Ended even when building a chunk threw, so the connection is ready for the next
      // statement; the throw then rolls back the caller's transaction, rows copied included.
      const r = call({ op: 'copyEnd' });
      if (thrown) throw thrown.e;
      if (!r.ok) throw new PgQueryError(r.error!);
      return r.rowCount!;
    },
    close() {
      if (closed) return;
      try {
        call({ op: 'close' });
      } finally {
        closed = true;
        port1.close();
        void worker.terminate();
      }
    },
  };
}
