import type { Migration } from '../migration.ts';

/**
 * Fewer index entries per stored result on PostgreSQL (issue #19: the batched insert is bound by
 * the server, and each index of `results` is paid on every row). Looked at with EXPLAIN on
 * PostgreSQL 15 at 1M rows:
 * - `results_runner (runner_id, started_at)` (migration 7): no query filters on `runner_id`;
 *   the fleet view and rules only group by it, over a `started_at` window (results_started_at or
 *   a sequential scan). Dropped.
 * - `results_region (region, probe_id, model, started_at, outcome, latency_ms)` (migration 7):
 *   PostgreSQL has no skip scan, so a window query never reads it past `region`; its one use is
 *   the loose index scan for the distinct regions (queries-regions.ts), which needs only the
 *   leading column. Replaced by `(region)`, which B-tree deduplication keeps small and cheap.
 * Server CPU of COPY into `results` on the shared machine, three interleaved rounds: 18-27 µs a
 * row with both, 14-19 µs with this change.
 *
 * SQLite keeps both: its skip-scan plans read `results_region` (migration 4's statistics), and
 * its insert rate already meets the target. Nothing to do there.
 */
export const pgLeanIndexes: Migration = {
  version: 9,
  name: 'pg_lean_indexes',
  up: () => {},
  postgres: `
    DROP INDEX IF EXISTS results_runner;
    DROP INDEX IF EXISTS results_region;
    CREATE INDEX results_region ON results (region);
  `,
};
