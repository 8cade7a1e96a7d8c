/**
 * Opens the store. A `postgres://` or `postgresql://` URL selects the PostgreSQL backend (a
 * fleet of runners on one database); anything else is a SQLite file, the embedded default:
 * WAL, `synchronous=NORMAL` (a committed result survives a process crash such as SIGKILL; only
 * an OS crash or power loss can lose the last transactions), a busy timeout. Then every pending
 * migration runs.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { createStore } from './create-store.ts';
import type { Db } from './db.ts';
import { storeErrorFrom } from './errors.ts';
import { migrate, type Migration } from './migration.ts';
import { MIGRATIONS } from './migrations.ts';
import { pgDb } from './pg/pg-db.ts';
import { isPostgresUrl, protectPostgresUrl } from './pg/url.ts';
import { sqliteDb } from './sqlite-db.ts';
import type { Store } from './store.ts';

/** Defaults for {@link openStore}. */
export const STORE_DEFAULTS = {
  /** How long a write waits for another connection's lock before failing (SQLite). */
  busyTimeoutMs: 5000,
} as const;

export interface OpenStoreOptions {
  /** Default {@link MIGRATIONS}. Tests and later parts may pass a longer list. */
  migrations?: readonly Migration[];
  /** Default {@link STORE_DEFAULTS.busyTimeoutMs} (5000). SQLite only. */
  busyTimeoutMs?: number;
}

/**
 * Opens the store at `location`: a SQLite file path (parent directories are created;
 * `:memory:` works too) or a PostgreSQL URL. Throws a StoreError naming the file or the URL
 * (password masked) when it is not a database, is locked, cannot be opened, or has a newer
 * schema than this build. A URL's password is registered with the secret scrubber first.
 *
 * @example
 * const store = openStore('data/canary.db');
 * const fleet = openStore('postgres://canary:secret@db.internal:5432/canary');
 * store.insertResults(results);
 * const spentToday = store.spendSince(startOfDayMs);
 */
export function openStore(location: string, options: OpenStoreOptions = {}): Store {
  const postgres = isPostgresUrl(location);
  const name = postgres ? protectPostgresUrl(location) : location;
  let db: Db | undefined;
  try {
    db = postgres ? pgDb(location, name) : openSqlite(location, options);
    migrate(db, name, options.migrations ?? MIGRATIONS);
  } catch (e) {
    try {
      db?.close();
    } catch {
      // Closing a connection that never opened: the first error is the one to report.
    }
    throw storeErrorFrom(e, name);
  }
  return createStore(db, name);
}

/**
 * A connection to a PostgreSQL URL without running migrations (read-only checks such as
 * doctor's): the password is registered with the scrubber, and `name` is the masked URL.
 */
export function connectPostgres(url: string): Db {
  const name = protectPostgresUrl(url);
  try {
    const db = pgDb(url, name);
    db.prepare('SELECT 1').get();
    return db;
  } catch (e) {
    throw storeErrorFrom(e, name);
  }
}

function openSqlite(path: string, options: OpenStoreOptions): Db {
  if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
  const raw = new Database(path, { timeout: options.busyTimeoutMs ?? STORE_DEFAULTS.busyTimeoutMs });
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // 64 MiB page cache (default 2 MiB): index inserts on a million-row table stay in memory.
    raw.pragma('cache_size = -65536');
    // Checkpoint every ~40 MiB of WAL rather than 4 MiB: pages rewritten by consecutive batches
    // are copied back once (about 1.5x the insert rate at a million rows).
    raw.pragma('wal_autocheckpoint = 10000');
  } catch (e) {
    raw.close();
    throw e;
  }
  return sqliteDb(raw);
}
