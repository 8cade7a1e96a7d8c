/**
 * The connection-level interface both store backends implement: SQLite (better-sqlite3, the
 * embedded default) and PostgreSQL (a synchronous facade over `pg`, see pg/sync-client.ts).
 * It is the subset of better-sqlite3's API the code uses, so one call site serves both:
 * `prepare(sql)` then `run` / `get` / `all` (and `pluck()` for the first column), `exec` for
 * several statements, `transaction(fn)` (nested calls become savepoints) with `.immediate`.
 *
 * SQL is written once, in SQLite's dialect with `?` or `@name` placeholders; the PostgreSQL
 * backend turns placeholders into `$n`. Where the dialects differ (INSERT OR IGNORE against
 * ON CONFLICT DO NOTHING, julianday, sqlite_master, ...), a call site passes both texts side by
 * side with {@link bySql}: `db.prepare(bySql({ sqlite: '...', postgres: '...' }))`.
 *
 * `transaction(fn).immediate(...)` is the serialised write: SQLite's BEGIN IMMEDIATE (one writer
 * at a time across processes); on PostgreSQL, BEGIN then a transaction-scoped advisory lock that
 * every immediate transaction takes, so they run one at a time across every process on the
 * database, as on SQLite.
 */

/** Which SQL dialect a connection speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One SQL text for both dialects, or each dialect's own text. */
export type SqlText = string | { readonly sqlite: string; readonly postgres: string };

/** Both dialects' texts of one statement, kept side by side at the call site. */
export function bySql(texts: { sqlite: string; postgres: string }): SqlText {
  return texts;
}

/** The text of `sql` for `dialect`. */
export function sqlFor(sql: SqlText, dialect: Dialect): string {
  return typeof sql === 'string' ? sql : sql[dialect];
}

/** What a write reports. `lastInsertRowid` is 0 on PostgreSQL (use RETURNING there). */
export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement. Parameters: positional (`?`) values, or one object for `@name` placeholders. */
export interface Statement {
  run(...params: unknown[]): RunResult;
  /** The first row, or undefined. */
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows become their first column's value. */
  pluck(toggle?: boolean): Statement;
}

/** `fn` run in a transaction (a savepoint when nested); `.immediate` takes the write lock first. */
export type Transaction<F extends (...args: never[]) => unknown> = F & { immediate: F };

/** A database connection (see the module comment). */
export interface Db {
  readonly dialect: Dialect;
  /** The SQLite file path, or the PostgreSQL URL with its password masked. */
  readonly name: string;
  prepare(sql: SqlText): Statement;
  /** Runs one or more statements without parameters. */
  exec(sql: SqlText): void;
  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F>;
  /** True when a table of that name exists (sqlite_master / information_schema). */
  hasTable(name: string): boolean;
  /** True when the table has that column. */
  hasColumn(table: string, column: string): boolean;
  close(): void;
}
