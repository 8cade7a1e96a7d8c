/**
 * Opens (creating if needed) the SQLite store: WAL, `synchronous=NORMAL` (a committed result
 * survives a process crash such as SIGKILL; only an OS crash or power loss can lose the last
 * transactions), a busy timeout, then every pending migration.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ProbeResult } from '../shared/types.ts';
import { isLockError, storeErrorFrom } from './errors.ts';
import { migrate, schemaVersion, type Migration } from './migration.ts';
import { MIGRATIONS } from './migrations.ts';
import { percentileQuery } from './percentiles.ts';
import { fromRow, ROW_COLUMNS, toRow, type ResultRow } from './result-row.ts';
import { spendLedger, spendQuery } from './spend.ts';
import type { LatencyPercentiles, ResultQuery, Store } from './store.ts';

/** Defaults for {@link openStore}. */
export const STORE_DEFAULTS = {
  /** How long a write waits for another connection's lock before failing. */
  busyTimeoutMs: 5000,
} as const;

export interface OpenStoreOptions {
  /** Default {@link MIGRATIONS}. Tests and later parts may pass a longer list. */
  migrations?: readonly Migration[];
  /** Default {@link STORE_DEFAULTS.busyTimeoutMs} (5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens the store at `path` (parent directories are created; `:memory:` works too).
 * Throws a StoreError naming the path when the file is not a database, is locked, cannot be
 * opened, or has a newer schema than this build.
 *
 * @example
 * const store = openStore('data/canary.db');
 * store.insertResults(results);
 * const spentToday = store.spendSince(startOfDayMs);
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  let db: Database.Database | undefined;
  try {
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: options.busyTimeoutMs ?? STORE_DEFAULTS.busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 64 MiB page cache (default 2 MiB): index inserts on a million-row table stay in memory.
    db.pragma('cache_size = -65536');
    // Checkpoint every ~40 MiB of WAL rather than 4 MiB: pages rewritten by consecutive batches
    // are copied back once (about 1.5x the insert rate at a million rows).
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db, path, options.migrations ?? MIGRATIONS);
  } catch (e) {
    db?.close();
    throw storeErrorFrom(e, path);
  }
  return createStore(db, path);
}

function createStore(db: Database.Database, path: string): Store {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO results (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const insertMany = db.transaction((results: readonly ProbeResult[]) => {
    let added = 0;
    for (const r of results) added += insert.run(toRow(r)).changes;
    return added;
  });
  const spend = spendQuery(db);
  const ledger = spendLedger(db, spend, (r) => insert.run(toRow(r)).changes === 1);
  const recent = (column: 'output_tokens' | 'latency_ms') =>
    db
      .prepare(
        `SELECT ${column} FROM results WHERE probe_id = ? AND model = ? AND ${column} IS NOT NULL AND outcome IN ('pass', 'fail')
         ORDER BY started_at DESC LIMIT ?`,
      )
      .pluck();
  const recentOutput = recent('output_tokens');
  const recentLatency = recent('latency_ms');
  const percentiles = percentileQuery(db);
  // A write that outwaits the busy timeout names the file; anything else is a bug and propagates.
  const writing = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw isLockError(e) ? storeErrorFrom(e, path) : e;
    }
  };

  return {
    path,
    db,
    insertResult: (r) => writing(() => insert.run(toRow(r)).changes === 1),
    insertResults: (rs) => writing(() => insertMany(rs)),
    queryResults(q: ResultQuery) {
      const where = ['started_at >= @since'];
      if (q.until !== undefined) where.push('started_at < @until');
      if (q.probeId !== undefined) where.push('probe_id = @probeId');
      if (q.model !== undefined) where.push('model = @model');
      const sql = `SELECT ${ROW_COLUMNS.join(', ')} FROM results WHERE ${where.join(' AND ')} ORDER BY started_at, id${q.limit !== undefined ? ' LIMIT @limit' : ''}`;
      const params = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
      return (db.prepare(sql).all(params) as ResultRow[]).map(fromRow);
    },
    latencyPercentiles: (w): LatencyPercentiles[] => percentiles(w.since, w.until ?? Number.MAX_SAFE_INTEGER),
    spendSince: (sinceMs) => spend(sinceMs),
    reserveSpend: (request) => writing(() => ledger.reserve(request)),
    settleSpend: (id, result) => writing(() => ledger.settle(id, result)),
    recentOutputTokens: (probeId, model, n) => recentOutput.all(probeId, model, n) as number[],
    recentLatencies: (probeId, model, n) => recentLatency.all(probeId, model, n) as number[],
    schemaVersion: () => schemaVersion(db),
    close: () => db.close(),
  };
}
