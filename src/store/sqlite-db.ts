/** The SQLite backend of {@link Db}: better-sqlite3's own objects, behind the common interface. (Internal.) */
import type Database from 'better-sqlite3';
import { sqlFor, type Db, type SqlText, type Statement, type Transaction } from './db.ts';

/** A SQLite connection; `raw` is the better-sqlite3 handle for SQLite-only work (pragmas, custom functions). */
export interface SqliteDb extends Db {
  readonly dialect: 'sqlite';
  readonly raw: Database.Database;
}

/** Wraps an open better-sqlite3 connection. */
export function sqliteDb(raw: Database.Database): SqliteDb {
  const text = (sql: SqlText) => sqlFor(sql, 'sqlite');
  return {
    dialect: 'sqlite',
    name: raw.name,
    raw,
    prepare: (sql) => raw.prepare(text(sql)) as unknown as Statement,
    exec: (sql) => void raw.exec(text(sql)),
    transaction: <F extends (...args: never[]) => unknown>(fn: F) => raw.transaction(fn as unknown as (...args: unknown[]) => unknown) as unknown as Transaction<F>,
    hasTable: (name) => raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined,
    hasColumn: (table, column) => raw.prepare('SELECT 1 FROM pragma_table_xinfo(?) WHERE name = ?').get(table, column) !== undefined,
    close: () => raw.close(),
  };
}

/** True when `db` is the SQLite backend. */
export function isSqlite(db: Db): db is SqliteDb {
  return db.dialect === 'sqlite';
}
