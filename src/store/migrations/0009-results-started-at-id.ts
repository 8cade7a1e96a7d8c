import type { Migration } from '../migration.ts';

/**
 * The time index carries `id` on PostgreSQL (issue #19, dashboard render over 1M results). SQLite
 * has the rowid in every index, so `results_started_at` there already answers "which ids lie in
 * this time range" without reading the table; a PostgreSQL index holds only its own columns, so
 * the dashboard's per-bucket id range (`min(id), max(id)` over a `started_at` range) and its
 * slowest-runs ids (`SELECT id ... ORDER BY latency_ms DESC LIMIT n`) fetched a heap row per
 * result. With `INCLUDE (id)` both are index-only scans. Measured on the bench's 1M results (30
 * buckets, load ~7, noisy): bucket ranges 2.4 s -> 0.5 s per render; slowest runs from a parallel
 * sequential scan to a parallel index-only scan.
 *
 * The index is rebuilt under the same name, with the same key columns, so every plan that used it
 * still can, and a write still maintains the same number of indexes. SQLite: nothing to do.
 *
 * NOT YET IN MIGRATIONS (src/store/migrations.ts): versions must run 1, 2, 3, ... and 8 is another
 * branch's (issue-pg-speed, spend buckets). Append it after 0008 once both are merged.
 */
export const resultsStartedAtId: Migration = {
  version: 9,
  name: 'results_started_at_id',
  up: () => {},
  postgres: `
    CREATE INDEX results_started_at_id ON results (started_at, probe_id, model, latency_ms, cost_usd) INCLUDE (id);
    DROP INDEX results_started_at;
    ALTER INDEX results_started_at_id RENAME TO results_started_at;
  `,
};
