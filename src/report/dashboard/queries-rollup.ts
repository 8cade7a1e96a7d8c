/**
 * The rollups: the only reads of whole results rows per report. Bucket by bucket, results are
 * grouped into two TEMP tables:
 * - the series rollup (bucket, probe, model): runs, outcomes, cost, tokens, and the latency and
 *   TTFT percentiles of that series in that bucket;
 * - the issue rollup (bucket, probe, model, error kind, flags): counts and the newest time, over
 *   errored or flagged results only.
 * Every other figure except window-level percentiles is SQL over these small tables.
 *
 * Why bucket by bucket, over a rowid range: a single GROUP BY over a million rows spills its
 * sorter to disk, and reaching rows through the started_at index costs a B-tree seek per row.
 * Per bucket, the sort stays small and in memory; the bucket's rowid range (min and max id of
 * its rows, read from the covering index) is walked sequentially, and the started_at condition
 * keeps the figures exact even when rows were not inserted in time order. (Internal.)
 */
import type { Db } from '../../store/index.ts';
import { SOURCE_SQL } from '../../shared/source.ts';
import type { ReportWindow } from './types.ts';
import { DAY_MS } from './window.ts';

export const SERIES_ROLLUP = 'temp.canary_dashboard_series';
export const ISSUE_ROLLUP = 'temp.canary_dashboard_issues';
export const WRITES_ROLLUP = 'temp.canary_dashboard_writes';

const IN_BUCKET = 'id BETWEEN @lo AND @hi AND started_at >= @from AND started_at < @to';
const T = 'CAST(@t AS INTEGER)';

const SERIES_SELECT = `
  SELECT ${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
    count(*) AS runs,
    coalesce(sum(outcome = 'skipped'), 0) AS skipped,
    coalesce(sum(outcome = 'error'), 0) AS errors,
    coalesce(sum(outcome = 'fail'), 0) AS failed,
    coalesce(sum(flags <> '[]'), 0) AS flagged,
    coalesce(sum(${SOURCE_SQL} = 'simulator'), 0) AS sim_runs,
    coalesce(sum(${SOURCE_SQL} = 'anthropic'), 0) AS api_runs,
    coalesce(sum(cost_usd), 0) AS cost,
    coalesce(sum(unpriced), 0) AS unpriced,
    coalesce(sum(input_tokens), 0) AS input,
    coalesce(sum(output_tokens), 0) AS output,
    coalesce(sum(cache_creation_input_tokens), 0) AS cache_write,
    coalesce(sum(cache_read_input_tokens), 0) AS cache_read,
    max(cost_usd) AS max_cost,
    count(ttft_ms) AS ttft_n,
    percentile_cont(latency_ms, 0.5) AS p50, percentile_cont(latency_ms, 0.95) AS p95, percentile_cont(latency_ms, 0.99) AS p99,
    percentile_cont(ttft_ms, 0.5) AS ttft_p50, percentile_cont(ttft_ms, 0.95) AS ttft_p95
  FROM results NOT INDEXED WHERE ${IN_BUCKET}
  GROUP BY probe_id, model`;

const ISSUE_SELECT = `
  SELECT ${T} AS t, probe_id, model, error_kind, flags, count(*) AS n, max(started_at) AS last_at
  FROM results NOT INDEXED WHERE ${IN_BUCKET} AND (error_kind IS NOT NULL OR flags <> '[]')
  GROUP BY probe_id, model, error_kind, flags`;

// The 5-minute/1-hour split of cache writes is only in the usage JSON. Kept out of the series
// rollup, whose GROUP BY sorter would otherwise carry every row's JSON text; here only rows
// with cache writes are sorted.
const WRITES_SELECT = `
  SELECT ${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
    coalesce(sum(json_extract(usage, '$.cache_write_1h_tokens')), 0) AS cache_write_1h
  FROM results NOT INDEXED WHERE ${IN_BUCKET} AND cache_creation_input_tokens > 0
  GROUP BY probe_id, model`;

const RANGE = 'SELECT min(id) AS lo, max(id) AS hi FROM results WHERE started_at >= @from AND started_at < @to';

/** Builds both rollups for a window (replacing earlier ones on this connection); returns the window's rowid range, null when empty. */
export function buildRollups(db: Db, w: ReportWindow): { lo: number; hi: number } | null {
  dropRollups(db);
  // Zero-row selects of the same shape give the tables their columns.
  const none = { t: 0, lo: 1, hi: 0, from: 0, to: 0 };
  db.prepare(`CREATE TABLE ${SERIES_ROLLUP} AS ${SERIES_SELECT}`).run(none);
  db.prepare(`CREATE TABLE ${ISSUE_ROLLUP} AS ${ISSUE_SELECT}`).run(none);
  db.prepare(`CREATE TABLE ${WRITES_ROLLUP} AS ${WRITES_SELECT}`).run(none);
  const range = db.prepare(RANGE);
  const series = db.prepare(`INSERT INTO ${SERIES_ROLLUP} ${SERIES_SELECT}`);
  const issues = db.prepare(`INSERT INTO ${ISSUE_ROLLUP} ${ISSUE_SELECT}`);
  const writes = db.prepare(`INSERT INTO ${WRITES_ROLLUP} ${WRITES_SELECT}`);
  let all: { lo: number; hi: number } | null = null;
  db.transaction(() => {
    for (let t = Math.floor(w.since / w.bucketMs) * w.bucketMs; t < w.until; t += w.bucketMs) {
      const b = { from: Math.max(t, w.since), to: Math.min(t + w.bucketMs, w.until) };
      const ids = range.get(b) as { lo: number | null; hi: number | null };
      if (ids.lo === null || ids.hi === null) continue;
      const p = { ...b, t, lo: ids.lo, hi: ids.hi };
      all = { lo: Math.min(all?.lo ?? ids.lo, ids.lo), hi: Math.max(all?.hi ?? ids.hi, ids.hi) };
      series.run(p);
      issues.run(p);
      writes.run(p);
    }
  })();
  return all;
}

export function dropRollups(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS ${SERIES_ROLLUP}; DROP TABLE IF EXISTS ${ISSUE_ROLLUP}; DROP TABLE IF EXISTS ${WRITES_ROLLUP};`);
}
