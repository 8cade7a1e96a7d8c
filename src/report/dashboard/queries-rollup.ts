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
 * same buckets, but reads each bucket's rows once: on a million rows the table is larger than
 * shared_buffers, so every page brought in again from the OS costs (measured about 50 µs a page
 * on the shared bench machine). One statement per bucket reads the bucket into a CTE (`b`, only
 * the columns the rollups use) and fills the three rollups, plus a fourth, PostgreSQL-only one
 * (each series' TTFT values of the bucket, as an array) from which the window-level TTFT
 * percentiles are computed without reading the table again (queries.ts). (Internal.)
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
/** PostgreSQL only: (probe_id, model, ttft values of one bucket). */
export const TTFT_ROLLUP = 'canary_dashboard_ttft';
/**
 * PostgreSQL only: (kind, id, value), each bucket's `@limit` slowest (`kind` 'latency') and most
 * expensive ('cost') results. The window's top N are among them (each is in its own bucket's
 * top N), so the slowest and priciest runs need no second read of the window (queries-runs.ts).
 */
export const TOP_ROLLUP = 'canary_dashboard_top';

const IN_BUCKET = 'id BETWEEN @lo AND @hi AND started_at >= @from AND started_at < @to';
const T = 'CAST(@t AS BIGINT)';

/** A bucket's rows, with `extra` as a further condition: SQLite walks the rowid range, PostgreSQL reads the CTE `b`. */
const rows = (d: Dialect, extra?: string): string =>
  d === 'postgres' ? `b${extra ? ` WHERE ${extra}` : ''}` : `results${notIndexed(d)} WHERE ${IN_BUCKET}${extra ? ` AND ${extra}` : ''}`;

/** PostgreSQL: the bucket's rows, read once (the columns the rollups use; the usage JSON only where it is read). */
const BUCKET_CTE = `b AS MATERIALIZED (SELECT id, probe_id, model, target, outcome, error_kind, flags, started_at, latency_ms, ttft_ms,
    cost_usd, unpriced, input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens,
    CASE WHEN cache_creation_input_tokens > 0 THEN usage END AS usage
  FROM results WHERE started_at >= @from AND started_at < @to)`;
const TTFT_SELECT = `SELECT probe_id, model, array_agg(ttft_ms) AS v FROM b WHERE ttft_ms IS NOT NULL GROUP BY probe_id, model`;
const topSelect = (kind: string, col: string) =>
  `(SELECT CAST('${kind}' AS TEXT) AS kind, id, ${col} AS v FROM b WHERE ${col} IS NOT NULL ORDER BY ${col} DESC LIMIT @limit)`;

const SERIES_COUNTS = (d: Dialect) => `${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
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
    count(ttft_ms) AS ttft_n`;
const SERIES_COLUMNS = 't, day, probe_id, model, runs, skipped, errors, failed, flagged, sim_runs, api_runs, cost, unpriced, input, output, cache_write, cache_read, max_cost, ttft_n';

/** Exact `percentile_cont` at each of `qs` over the values in array `arr`, from one sort (PostgreSQL; nulls ignored, as the aggregate does). */
const pctsOf = (arr: string, qs: number[]) => `(SELECT percentile_cont(ARRAY[${qs.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY x) FROM unnest(${arr}) AS u(x))`;

// SQLite sorts the bucket by series for its percentile aggregates. PostgreSQL groups by hashing,
// collecting each series' latencies and TTFTs in arrays, and takes the percentiles of each small
// array: no sort of the whole bucket (the sort was a third of its bucket statement's time).
const SERIES_SELECT = (d: Dialect) =>
  d === 'postgres'
    ? `
  SELECT ${SERIES_COLUMNS}, l[1] AS p50, l[2] AS p95, l[3] AS p99, f[1] AS ttft_p50, f[2] AS ttft_p95
  FROM (SELECT ${SERIES_COUNTS(d)}, array_agg(latency_ms) AS lat, array_agg(ttft_ms) AS tt FROM ${rows(d)} GROUP BY probe_id, model) AS g,
    LATERAL ${pctsOf('g.lat', [0.5, 0.95, 0.99])} AS pl(l), LATERAL ${pctsOf('g.tt', [0.5, 0.95])} AS pf(f)`
    : `
  SELECT ${SERIES_COUNTS(d)},
    ${pct(d, 'latency_ms', 0.5)} AS p50, ${pct(d, 'latency_ms', 0.95)} AS p95, ${pct(d, 'latency_ms', 0.99)} AS p99,
    ${pct(d, 'ttft_ms', 0.5)} AS ttft_p50, ${pct(d, 'ttft_ms', 0.95)} AS ttft_p95
  FROM ${rows(d)}
  GROUP BY probe_id, model`;

const ISSUE_SELECT = (d: Dialect) => `
  SELECT ${T} AS t, probe_id, model, error_kind, flags, count(*) AS n, max(started_at) AS last_at
  FROM ${rows(d, "(error_kind IS NOT NULL OR flags <> '[]')")}
  GROUP BY probe_id, model, error_kind, flags`;

// The 5-minute/1-hour split of cache writes is only in the usage JSON. Kept out of the series
// rollup, whose GROUP BY sorter would otherwise carry every row's JSON text; here only rows
// with cache writes are sorted.
const WRITES_SELECT = (d: Dialect) => `
  SELECT ${T} AS t, (${T} / ${DAY_MS}) * ${DAY_MS} AS day, probe_id, model,
    coalesce(sum(${jsonNumber(d, 'usage', 'cache_write_1h_tokens')}), 0) AS cache_write_1h
  FROM ${rows(d, 'cache_creation_input_tokens > 0')}
  GROUP BY probe_id, model`;

// SQLite: a bucket's rowid range, from the covering index (the rowid is in every index).
const RANGE = 'SELECT min(id) AS lo, max(id) AS hi FROM results WHERE started_at >= @from AND started_at < @to';

/** PostgreSQL: one statement per bucket fills every rollup from one read of the bucket, and returns its id range. */
const PG_BUCKET = `WITH ${BUCKET_CTE},
  s AS (INSERT INTO ${SERIES_ROLLUP} ${SERIES_SELECT('postgres')}),
  i AS (INSERT INTO ${ISSUE_ROLLUP} ${ISSUE_SELECT('postgres')}),
  w AS (INSERT INTO ${WRITES_ROLLUP} ${WRITES_SELECT('postgres')}),
  tt AS (INSERT INTO ${TTFT_ROLLUP} ${TTFT_SELECT}),
  sl AS (INSERT INTO ${TOP_ROLLUP} ${topSelect('latency', 'latency_ms')}),
  pr AS (INSERT INTO ${TOP_ROLLUP} ${topSelect('cost', 'cost_usd')})
  SELECT min(id) AS lo, max(id) AS hi FROM b`;

/** Builds the rollups for a window (replacing earlier ones on this connection); returns the window's rowid range, null when empty. */
export function buildRollups(db: Db, w: ReportWindow, topN: number): { lo: number; hi: number } | null {
  dropRollups(db);
  // Zero-row selects of the same shape give the tables their columns (literals, not parameters:
  // PostgreSQL takes none in CREATE TABLE AS).
  const none = (select: string) => select.replace(/@limit\b/g, '0').replace(/@t\b/g, '0').replace(/@lo\b/g, '1').replace(/@hi\b/g, '0').replace(/@from\b/g, '0').replace(/@to\b/g, '0');
  const pg = db.dialect === 'postgres';
  const create = (name: string, select: (d: Dialect) => string) =>
    db.exec(both((d) => `CREATE TEMP TABLE ${name} AS ${none(d === 'postgres' ? `WITH ${BUCKET_CTE} ${select(d)}` : select(d))}`));
  create(SERIES_ROLLUP, SERIES_SELECT);
  create(ISSUE_ROLLUP, ISSUE_SELECT);
  create(WRITES_ROLLUP, WRITES_SELECT);
  if (pg) create(TTFT_ROLLUP, () => TTFT_SELECT);
  if (pg) create(TOP_ROLLUP, () => topSelect('latency', 'latency_ms'));
  const range = db.prepare(RANGE);
  const series = db.prepare(both((d) => `INSERT INTO ${SERIES_ROLLUP} ${SERIES_SELECT(d)}`));
  const issues = db.prepare(both((d) => `INSERT INTO ${ISSUE_ROLLUP} ${ISSUE_SELECT(d)}`));
  const writes = db.prepare(both((d) => `INSERT INTO ${WRITES_ROLLUP} ${WRITES_SELECT(d)}`));
  const bucket = pg ? db.prepare(PG_BUCKET) : null;
  let all: { lo: number; hi: number } | null = null;
  db.transaction(() => {
    for (let t = Math.floor(w.since / w.bucketMs) * w.bucketMs; t < w.until; t += w.bucketMs) {
      const b = { from: Math.max(t, w.since), to: Math.min(t + w.bucketMs, w.until) };
      const ids = (bucket ? bucket.get({ ...b, t, limit: topN }) : range.get(b)) as { lo: number | null; hi: number | null };
      if (ids.lo === null || ids.hi === null) continue;
      all = { lo: Math.min(all?.lo ?? ids.lo, ids.lo), hi: Math.max(all?.hi ?? ids.hi, ids.hi) };
      if (bucket) continue;
      const p = { ...b, t, lo: ids.lo, hi: ids.hi };
      series.run(p);
      issues.run(p);
      writes.run(p);
    }
  })();
  return all;
}

export function dropRollups(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS ${SERIES_ROLLUP}; DROP TABLE IF EXISTS ${ISSUE_ROLLUP}; DROP TABLE IF EXISTS ${WRITES_ROLLUP}; DROP TABLE IF EXISTS ${TTFT_ROLLUP}; DROP TABLE IF EXISTS ${TOP_ROLLUP};`);
}
