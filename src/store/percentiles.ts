/**
 * p50/p95 latency per probe and model over a time window, in SQL. SQLite 3.51+ built with the
 * percentile extension (better-sqlite3 12 is) has `percentile_cont`: one aggregate pass over
 * the covering series index, skip-scanned so rows arrive grouped (see migration 0004). Without
 * it, a window-function query gives the same linear-interpolated figures, more slowly.
 * PostgreSQL has the standard ordered-set aggregate, `percentile_cont(q) WITHIN GROUP (ORDER BY x)`,
 * with the same definition. (Internal.)
 */
import type { Db } from './db.ts';
import type { LatencyPercentiles } from './store.ts';

const WHERE = 'started_at >= ? AND started_at < ? AND latency_ms IS NOT NULL';

const AGGREGATE = `
  SELECT probe_id, model, count(*) AS count,
         percentile_cont(latency_ms, 0.5) AS p50, percentile_cont(latency_ms, 0.95) AS p95
  FROM results WHERE ${WHERE}
  GROUP BY probe_id, model ORDER BY probe_id, model`;

const AGGREGATE_PG = `
  SELECT probe_id, model, count(*) AS count,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
  FROM results WHERE ${WHERE}
  GROUP BY probe_id, model ORDER BY probe_id, model`;

// Linear interpolation between ranks (n-1)*q and its ceiling, as percentile_cont does.
const WINDOWED = `
  WITH ranked AS (
    SELECT probe_id, model, latency_ms,
           row_number() OVER (PARTITION BY probe_id, model ORDER BY latency_ms) - 1 AS r,
           count(*) OVER (PARTITION BY probe_id, model) AS n
    FROM results WHERE ${WHERE}
  ), q(q) AS (VALUES (0.5), (0.95)),
  picked AS (
    SELECT probe_id, model, n, q,
           sum(CASE WHEN r = CAST((n - 1) * q AS INTEGER) THEN latency_ms END) AS lo,
           sum(CASE WHEN r = CAST((n - 1) * q AS INTEGER) + ((n - 1) * q > CAST((n - 1) * q AS INTEGER)) THEN latency_ms END) AS hi,
           (n - 1) * q - CAST((n - 1) * q AS INTEGER) AS frac
    FROM ranked CROSS JOIN q GROUP BY probe_id, model, q
  )
  SELECT probe_id, model, n AS count,
         max(CASE WHEN q = 0.5 THEN lo + (hi - lo) * frac END) AS p50,
         max(CASE WHEN q = 0.95 THEN lo + (hi - lo) * frac END) AS p95
  FROM picked GROUP BY probe_id, model ORDER BY probe_id, model`;

/** True when the connection has `percentile_cont` (PostgreSQL always does). */
export function hasPercentileCont(db: Db): boolean {
  if (db.dialect === 'postgres') return true;
  try {
    db.prepare('SELECT percentile_cont(1, 0.5)').get();
    return true;
  } catch {
    return false;
  }
}

/** Returns a function running the fastest available percentile query (`forceWindowed`: SQLite's fallback, for tests). */
export function percentileQuery(db: Db, forceWindowed = false): (since: number, until: number) => LatencyPercentiles[] {
  const sql = db.dialect === 'postgres' ? AGGREGATE_PG : !forceWindowed && hasPercentileCont(db) ? AGGREGATE : WINDOWED;
  const stmt = db.prepare(sql);
  return (since, until) => stmt.all(since, until) as LatencyPercentiles[];
}
