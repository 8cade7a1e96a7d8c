import type { Migration } from '../migration.ts';

/**
 * Many runners on one store (issue #19). `runner_id` and `region` have been columns of `results`
 * since migration 1; this adds what a fleet queries them with, and the evaluator lease.
 * - `results_region`: the dashboard's per-region columns and its "where" view (latest run of each
 *   probe in each region), and regional rules, read a window per region and series. It covers
 *   `outcome` and `latency_ms` too, so those aggregates need no table lookups.
 * - `evaluator_lease`: one row per lease name (`alerts`): which runner evaluates and delivers
 *   alerts for the fleet, until when. The holder renews it several times per evaluation interval;
 *   another runner takes it once `expires_at` has passed (its holder died or stalled). On
 *   PostgreSQL the lease is a session advisory lock instead and this row only says who holds it.
 */
export const fleet: Migration = {
  version: 7,
  name: 'fleet',
  up: `
    CREATE INDEX results_region ON results (region, probe_id, model, started_at, outcome, latency_ms);
    CREATE INDEX results_runner ON results (runner_id, started_at);
    CREATE TABLE evaluator_lease (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      region TEXT NOT NULL,
      acquired_at INTEGER NOT NULL,
      renewed_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      epoch INTEGER NOT NULL
    );
  `,
  postgres: `
    CREATE INDEX results_region ON results (region, probe_id, model, started_at, outcome, latency_ms);
    CREATE INDEX results_runner ON results (runner_id, started_at);
    CREATE TABLE evaluator_lease (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      region TEXT NOT NULL,
      acquired_at BIGINT NOT NULL,
      renewed_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      epoch BIGINT NOT NULL
    );
  `,
};
