/** The Store over either backend's connection (internal to open.ts). */
import type { ProbeResult } from '../shared/types.ts';
import type { Db } from './db.ts';
import { isLockError, storeErrorFrom } from './errors.ts';
import { schemaVersion } from './migration.ts';
import { percentileQuery } from './percentiles.ts';
import { pgBatchInsert } from './pg/batch-insert.ts';
import { fromRow, ROW_COLUMNS, toRow, type ResultRow } from './result-row.ts';
import { spendLedger, spendQuery } from './spend.ts';
import type { LatencyPercentiles, ResultQuery, Store } from './store.ts';

/** One text for both: SQLite has had PostgreSQL's upsert syntax since 3.24. */
const INSERT_SQL = `INSERT INTO results (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map((c) => `@${c}`).join(', ')}) ON CONFLICT (run_id) DO NOTHING`;

export function createStore(db: Db, path: string): Store {
  const insert = db.prepare(INSERT_SQL);
  const insertOne = (r: ProbeResult) => insert.run(toRow(r)).changes === 1;
  // SQLite: one prepared insert per row in a transaction (no round trips). PostgreSQL: COPY FROM
  // STDIN of the whole batch (pg/batch-insert.ts), so a round trip carries thousands of rows.
  const insertMany =
    db.dialect === 'postgres'
      ? pgBatchInsert(db)
      : db.transaction((results: readonly ProbeResult[]) => {
          let added = 0;
          for (const r of results) added += insert.run(toRow(r)).changes;
          return added;
        });
  const spend = spendQuery(db);
  const ledger = spendLedger(db, spend, insertOne);
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
    insertResult: (r) => writing(() => insertOne(r)),
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
