import type { Migration } from '../migration.ts';

/**
 * Per-series time-window aggregates without a sort. The series index also covers `latency_ms`,
 * and the planner is given statistics saying what canary data looks like (few series, many runs
 * each), so it skip-scans this index for `WHERE started_at ... GROUP BY probe_id, model`: rows
 * arrive already grouped. Measured on 1M rows, 24 h window: 47 ms against 300 ms for the sort.
 *
 * A fresh database has no data to ANALYZE, so the statistics are seeded (SQLite's documented way
 * to pin plans: "Manually Controlling Query Plans Using SQLITE_STAT Tables"); a database that
 * already holds results gets a real ANALYZE instead. Nothing re-analyzes later on its own
 * (`PRAGMA optimize` would replace seeded figures with an empty table's), so plans stay stable.
 */
export const resultsSeriesCover: Migration = {
  version: 4,
  name: 'results_series_cover',
  up(db) {
    if (db.dialect !== 'sqlite') throw new Error('0004 runs its postgres text on PostgreSQL');
    db.exec(`
      DROP INDEX IF EXISTS results_series_started_at;
      CREATE INDEX results_series ON results (probe_id, model, started_at, latency_ms);
    `);
    const rows = db.prepare('SELECT count(*) FROM results').pluck().get() as number;
    db.exec('ANALYZE results');
    if (rows < 10_000) {
      db.exec("DELETE FROM sqlite_stat1 WHERE tbl = 'results'");
      const seed = db.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('results', ?, ?)");
      // Rows, then average rows per distinct prefix of the index's columns.
      seed.run('results_series', '1000000 20000 10000 1 1');
      seed.run('results_started_at', '1000000 1 1 1 1 1');
      seed.run('sqlite_autoindex_results_1', '1000000 1');
    }
    db.exec('ANALYZE sqlite_schema');
  },
  // PostgreSQL plans from its own statistics (autovacuum keeps them current): just the index.
  postgres: `
    DROP INDEX IF EXISTS results_series_started_at;
    CREATE INDEX results_series ON results (probe_id, model, started_at, latency_ms);
  `,
};
