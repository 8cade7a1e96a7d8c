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
 * keeps the figures exact even when rows were not inserted in time order. PostgreSQL runs the
 * same bucket-by-bucket plan (its ids are not in time order either; the started_at condition
 * keeps it exact). (Internal.)
 */
import type { Db, Dialect } from '../../store/index.ts';
import { both, countIf, jsonNumber, notIndexed, pct } from './dialect-sql.ts';
import { SOURCE_SQL } from '../../shared/source.ts';
import type { ReportWindow } from './types.ts';
import { DAY_MS } from './window.ts';

// TEMP tables, named without a schema: SQLite looks in `temp` first, PostgreSQL in pg_temp.
export const SERIES_ROLLUP = 'canary_dashboard_series';
export const ISSUE_ROLLUP = 'canary_dashboard_issues';
export const WRITES_ROLLUP = 'canary_dashboard_writes';

const IN_BUCKET = 'id BETWEEN @lo AND @hi AND started_at >= @from AND started_at < @to';
const T = 'CAST(@t AS BIGINT)';

const SERIES_SELECT = (d: Dialect) => `
  SELECT ${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
    count(*) AS runs,
    ${countIf(d, "outcome = 'skipped'")} AS skipped,
    ${countIf(d, "outcome = 'error'")} AS errors,
    ${countIf(d, "outcome = 'fail'")} AS failed,
    ${countIf(d, "flags <> '[]'")} AS flagged,
    ${countIf(d, `${SOURCE_SQL} = 'simulator'`)} AS sim_runs,
    ${countIf(d, `${SOURCE_SQL} = 'anthropic'`)} AS api_runs,
    coalesce(sum(cost_usd), 0) AS cost,
    coalesce(sum(unpriced), 0) AS unpriced,
    coalesce(sum(input_tokens), 0) AS input,
    coalesce(sum(output_tokens), 0) AS output,
    coalesce(sum(cache_creation_input_tokens), 0) AS cache_write,
    coalesce(sum(cache_read_input_tokens), 0) AS cache_read,
    max(cost_usd) AS max_cost,
    count(ttft_ms) AS ttft_n,
    ${pct(d, 'latency_ms', 0.5)} AS p50, ${pct(d, 'latency_ms', 0.95)} AS p95, ${pct(d, 'latency_ms', 0.99)} AS p99,
    ${pct(d, 'ttft_ms', 0.5)} AS ttft_p50, ${pct(d, 'ttft_ms', 0.95)} AS ttft_p95
  FROM results${notIndexed(d)} WHERE ${IN_BUCKET}
  GROUP BY probe_id, model`;

const ISSUE_SELECT = (d: Dialect) => `
  SELECT ${T} AS t, probe_id, model, error_kind, flags, count(*) AS n, max(started_at) AS last_at
  FROM results${notIndexed(d)} WHERE ${IN_BUCKET} AND (error_kind IS NOT NULL OR flags <> '[]')
  GROUP BY probe_id, model, error_kind, flags`;

// The 5-minute/1-hour split of cache writes is only in the usage JSON. Kept out of the series
// rollup, whose GROUP BY sorter would otherwise carry every row's JSON text; here only rows
// with cache writes are sorted.
const WRITES_SELECT = (d: Dialect) => `
  SELECT ${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
    coalesce(sum(${jsonNumber(d, 'usage', 'cache_write_1h_tokens')}), 0) AS cache_write_1h
  FROM results${notIndexed(d)} WHERE ${IN_BUCKET} AND cache_creation_input_tokens > 0
  GROUP BY probe_id, model`;

// PostgreSQL would answer min(id)/max(id) by walking the primary key from each end until a row
// falls in the bucket (its min/max rewrite assumes ids spread evenly over time): 2.7 s for a late
// bucket of 1M rows. `id + 0` is not the key, so it reads the bucket through results_started_at
// instead (35 ms). SQLite keeps its plan (the rowid is in every index).
const RANGE = both((d) => {
  const id = d === 'postgres' ? 'id + 0' : 'id';
  return `SELECT min(${id}) AS lo, max(${id}) AS hi FROM results WHERE started_at >= @from AND started_at < @to`;
});

/** Builds both rollups for a window (replacing earlier ones on this connection); returns the window's rowid range, null when empty. */
export function buildRollups(db: Db, w: ReportWindow): { lo: number; hi: number } | null {
  dropRollups(db);
  // Zero-row selects of the same shape give the tables their columns (literals, not parameters:
  // PostgreSQL takes none in CREATE TABLE AS).
  const none = (select: string) => select.replace(/@t\b/g, '0').replace(/@lo\b/g, '1').replace(/@hi\b/g, '0').replace(/@from\b/g, '0').replace(/@to\b/g, '0');
  const create = (name: string, select: (d: Dialect) => string) => db.exec(both((d) => `CREATE TEMP TABLE ${name} AS ${none(select(d))}`));
  create(SERIES_ROLLUP, SERIES_SELECT);
  create(ISSUE_ROLLUP, ISSUE_SELECT);
  create(WRITES_ROLLUP, WRITES_SELECT);
  const range = db.prepare(RANGE);
  const series = db.prepare(both((d) => `INSERT INTO ${SERIES_ROLLUP} ${SERIES_SELECT(d)}`));
  const issues = db.prepare(both((d) => `INSERT INTO ${ISSUE_ROLLUP} ${ISSUE_SELECT(d)}`));
  const writes = db.prepare(both((d) => `INSERT INTO ${WRITES_ROLLUP} ${WRITES_SELECT(d)}`));
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
