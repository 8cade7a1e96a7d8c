/** The PostgreSQL backend of {@link Db}, over the synchronous client. (Internal.) */
import { sqlFor, type Db, type RunResult, type SqlText, type Statement, type Transaction } from '../db.ts';
import { bindValues, translatePlaceholders } from './placeholders.ts';
import { syncPgClient, type SyncPgClient } from './sync-client.ts';

/**
 * The advisory lock key every `.immediate` transaction takes (pg_advisory_xact_lock): the
 * equivalent of SQLite's one writer at a time, for the transactions that rely on it (spend
 * reservations, outbox claims, alert transitions, migrations). Any fixed bigint works; this one
 * reads "canary" in ASCII.
 */
export const IMMEDIATE_LOCK_KEY = 0x63616e617279;

export interface PgDb extends Db {
  readonly dialect: 'postgres';
  readonly client: SyncPgClient;
}

/** A connection to `url`; `name` is the masked URL shown in errors. */
export function pgDb(url: string, name: string): PgDb {
  const client = syncPgClient(url);
  let statementNo = 0;
  const named = new Map<string, string>();
  let depth = 0;

  const statement = (sqlText: SqlText, pluck: boolean): Statement => {
    const t = translatePlaceholders(sqlFor(sqlText, 'postgres'));
    // Server-side prepared once per connection, by text.
    let prepared = named.get(t.text);
    if (!prepared) named.set(t.text, (prepared = `s${++statementNo}`));
    const query = (params: unknown[], array: boolean) => client.query({ text: t.text, values: bindValues(t, params), name: prepared, array });
    const s: Statement = {
      run: (...params): RunResult => ({ changes: query(params, false).rowCount, lastInsertRowid: 0 }),
      get: (...params) => {
        const row = query(params, pluck).rows[0];
        return pluck && row !== undefined ? (row as unknown[])[0] : row;
      },
      all: (...params) => {
        const rows = query(params, pluck).rows;
        return pluck ? rows.map((r) => (r as unknown[])[0]) : rows;
      },
      pluck: (toggle = true) => statement(sqlText, toggle),
    };
    return s;
  };

  const exec = (sql: string) => void client.query({ text: sql });

  const transaction = <F extends (...args: never[]) => unknown>(fn: F): Transaction<F> => {
    const wrap = (immediate: boolean) =>
      ((...args: Parameters<F>) => {
        const outer = depth === 0;
        const sp = `sp${depth}`;
        if (outer) exec(immediate ? `BEGIN; SELECT pg_advisory_xact_lock(${IMMEDIATE_LOCK_KEY})` : 'BEGIN');
        else exec(immediate ? `SAVEPOINT ${sp}; SELECT pg_advisory_xact_lock(${IMMEDIATE_LOCK_KEY})` : `SAVEPOINT ${sp}`);
        depth++;
        let result: unknown;
        try {
          result = fn(...args);
        } catch (e) {
          depth--;
          try {
            exec(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${sp}; RELEASE SAVEPOINT ${sp}`);
          } catch {
            // The connection is gone: the server rolled back on its own.
          }
          throw e;
        }
        depth--;
        exec(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${sp}`);
        return result;
      }) as unknown as F;
    const plain = wrap(false) as Transaction<F>;
    plain.immediate = wrap(true);
    return plain;
  };

  return {
    dialect: 'postgres',
    name,
    client,
    prepare: (sql) => statement(sql, false),
    exec: (sql) => exec(sqlFor(sql, 'postgres')),
    transaction,
    hasTable: (table) =>
      client.query({ text: "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", values: [table] }).rows.length > 0,
    hasColumn: (table, column) =>
      client.query({
        text: 'SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2',
        values: [table, column],
      }).rows.length > 0,
    close: () => client.close(),
  };
}
