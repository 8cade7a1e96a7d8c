/**
 * The dashboard's data, all aggregated in SQLite: GROUP BY time bucket, probe and model, with
 * `percentile_cont` for latency and TTFT. Each query scans the window once; what reaches
 * JavaScript is a few thousand aggregate rows at most, whatever the size of the store.
 */
import type { Database } from 'better-sqlite3';
import type { Store } from '../../store/index.ts';
import { queryAlerts } from './queries-alerts.ts';
import { ensurePercentileCont } from './percentile.ts';
import type { CountPoint, DashboardData, ErrorKindRow, LatencyPoint, ReportWindow, RunRow, SeriesLatest, Summary, TokenMixRow } from './types.ts';
import { DAY_MS, startOfUtcDay, startOfUtcMonth } from './window.ts';

const IN_WINDOW = 'started_at >= @since AND started_at < @until';
// better-sqlite3 binds JS numbers as REAL: cast, so the division is an integer one.
const BUCKET = '(started_at / CAST(@bucket AS INTEGER)) * CAST(@bucket AS INTEGER)';

const SUMMARY = `
  SELECT count(*) AS runs,
         coalesce(sum(outcome = 'skipped'), 0) AS skipped,
         coalesce(sum(outcome = 'error'), 0) AS errors,
         coalesce(sum(outcome = 'fail'), 0) AS failed,
         percentile_cont(latency_ms, 0.5) AS p50, percentile_cont(latency_ms, 0.95) AS p95, percentile_cont(latency_ms, 0.99) AS p99,
         coalesce(sum(cost_usd), 0) AS cost, coalesce(sum(unpriced), 0) AS unpriced,
         coalesce(sum(flags <> '[]'), 0) AS flagged
  FROM results WHERE ${IN_WINDOW}`;

/** Latency, TTFT, errors, cost and flags grouped by the given columns. */
const latencyBy = (groups: { model: boolean; bucket: boolean }) => `
  SELECT probe_id, ${groups.model ? 'model' : 'NULL'} AS model, ${groups.bucket ? BUCKET : 'NULL'} AS t,
         count(*) AS runs, sum(outcome = 'error') AS errors,
         percentile_cont(latency_ms, 0.5) AS p50, percentile_cont(latency_ms, 0.95) AS p95, percentile_cont(latency_ms, 0.99) AS p99,
         percentile_cont(ttft_ms, 0.5) AS ttft_p50, percentile_cont(ttft_ms, 0.95) AS ttft_p95,
         coalesce(sum(cost_usd), 0) AS cost, sum(flags <> '[]') AS flagged
  FROM results WHERE ${IN_WINDOW}
  GROUP BY probe_id${groups.model ? ', model' : ''}${groups.bucket ? ', t' : ''}
  ORDER BY probe_id${groups.model ? ', model' : ''}${groups.bucket ? ', t' : ''}`;

const TOKEN_MIX = `
  SELECT (started_at / ${DAY_MS}) * ${DAY_MS} AS day, model, count(*) AS runs,
         coalesce(sum(cost_usd), 0) AS cost, coalesce(sum(unpriced), 0) AS unpriced,
         coalesce(sum(input_tokens), 0) AS input, coalesce(sum(output_tokens), 0) AS output,
         coalesce(sum(cache_creation_input_tokens), 0) AS cache_write,
         coalesce(sum(CASE WHEN cache_creation_input_tokens > 0 THEN json_extract(usage, '$.cache_write_1h_tokens') END), 0) AS cache_write_1h,
         coalesce(sum(cache_read_input_tokens), 0) AS cache_read
  FROM results WHERE ${IN_WINDOW}
  GROUP BY day, model ORDER BY day, model`;

const COST_BY_PROBE_DAY = `
  SELECT (started_at / ${DAY_MS}) * ${DAY_MS} AS t, probe_id AS key, coalesce(sum(cost_usd), 0) AS n
  FROM results WHERE ${IN_WINDOW} GROUP BY t, key ORDER BY t, key`;

const ERRORS_BY_BUCKET = `
  SELECT ${BUCKET} AS t, error_kind AS key, count(*) AS n
  FROM results WHERE ${IN_WINDOW} AND error_kind IS NOT NULL GROUP BY t, key ORDER BY t, key`;

// With one max() aggregate, SQLite takes the bare column (error_message) from the row holding the max.
const ERROR_KINDS = `
  SELECT error_kind, count(*) AS n, max(started_at) AS last_at, error_message AS last_message
  FROM results WHERE ${IN_WINDOW} AND error_kind IS NOT NULL GROUP BY error_kind ORDER BY n DESC, error_kind`;

const FLAGS_BY_BUCKET = `
  SELECT ${BUCKET} AS t, f.value AS key, count(*) AS n
  FROM results, json_each(results.flags) AS f
  WHERE ${IN_WINDOW} AND results.flags <> '[]' GROUP BY t, key ORDER BY t, key`;

const RUN_COLUMNS = 'started_at, probe_id, model, outcome, error_kind, latency_ms, ttft_ms, cost_usd, input_tokens, output_tokens, request_id';
const topBy = (column: 'latency_ms' | 'cost_usd') =>
  `SELECT ${RUN_COLUMNS} FROM results WHERE ${IN_WINDOW} AND ${column} IS NOT NULL ORDER BY ${column} DESC, started_at DESC LIMIT @limit`;

// Index-driven per series (probe_id, model, started_at): newest result, and newest error.
const SERIES = `SELECT DISTINCT probe_id, model FROM results WHERE ${IN_WINDOW} ORDER BY probe_id, model`;
const LATEST = `SELECT started_at, outcome, output_preview FROM results WHERE probe_id = @probe_id AND model = @model AND ${IN_WINDOW} ORDER BY started_at DESC LIMIT 1`;
const LATEST_ERROR = `SELECT started_at, error_kind, error_message FROM results WHERE probe_id = @probe_id AND model = @model AND ${IN_WINDOW} AND outcome = 'error' ORDER BY started_at DESC LIMIT 1`;

function latestPerSeries(db: Database, p: { since: number; until: number }): SeriesLatest[] {
  const latest = db.prepare(LATEST);
  const latestError = db.prepare(LATEST_ERROR);
  return (db.prepare(SERIES).all(p) as { probe_id: string; model: string }[]).map((s) => {
    const last = latest.get({ ...p, ...s }) as { started_at: number; outcome: string; output_preview: string | null };
    const err = latestError.get({ ...p, ...s }) as { started_at: number; error_kind: string | null; error_message: string | null } | undefined;
    return {
      ...s,
      last_at: last.started_at,
      last_outcome: last.outcome,
      output_preview: last.output_preview,
      error_at: err?.started_at ?? null,
      error_kind: err?.error_kind ?? null,
      error_message: err?.error_message ?? null,
    };
  });
}

/**
 * Reads everything the dashboard shows for one window.
 *
 * @example
 * const data = queryDashboard(store, resolveWindow({ windowMs: 7 * DAY_MS }));
 */
export function queryDashboard(store: Store, w: ReportWindow, topN = 10): DashboardData {
  const db = store.db;
  ensurePercentileCont(db);
  const p = { since: w.since, until: w.until };
  const pb = { ...p, bucket: w.bucketMs };
  const all = <T>(sql: string, params: object): T[] => db.prepare(sql).all(params) as T[];
  // Windowed queries only name the parameters they use (better-sqlite3 rejects unused named ones).
  return {
    window: w,
    summary: db.prepare(SUMMARY).get(p) as Summary,
    spendToday: store.spendSince(startOfUtcDay(w.until)),
    spendMonth: store.spendSince(startOfUtcMonth(w.until)),
    byProbe: all<LatencyPoint>(latencyBy({ model: false, bucket: false }), p),
    byProbeBucket: all<LatencyPoint>(latencyBy({ model: false, bucket: true }), pb),
    bySeries: all<LatencyPoint>(latencyBy({ model: true, bucket: false }), p),
    bySeriesBucket: all<LatencyPoint>(latencyBy({ model: true, bucket: true }), pb),
    tokenMix: all<TokenMixRow>(TOKEN_MIX, p),
    costByProbeDay: all<CountPoint>(COST_BY_PROBE_DAY, p),
    errorsByBucket: all<CountPoint>(ERRORS_BY_BUCKET, pb),
    errorKinds: all<ErrorKindRow>(ERROR_KINDS, p),
    flagsByBucket: all<CountPoint>(FLAGS_BY_BUCKET, pb),
    slowest: all<RunRow>(topBy('latency_ms'), { ...p, limit: topN }),
    priciest: all<RunRow>(topBy('cost_usd'), { ...p, limit: topN }),
    latest: latestPerSeries(db, p),
    alerts: queryAlerts(db, p),
  };
}
