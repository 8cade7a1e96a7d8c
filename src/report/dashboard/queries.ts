/**
 * The dashboard's data, aggregated in SQLite. Cost model per report: bucket-by-bucket rollups
 * over rowid ranges (queries-rollup.ts), one more rowid-range walk for window-level TTFT
 * percentiles, two index-only passes for window-level latency percentiles (overall and per
 * series), and index seeks for the newest result and error of each series and for the slowest
 * and most expensive runs. What reaches JavaScript is aggregate rows and a few dozen result rows.
 * Percentiles are exact (`percentile_cont`, linear interpolation), never merged across groups.
 */
import type { Db, SqlText } from '../../store/index.ts';
import { both, jsonStrings, notIndexed, pct } from './dialect-sql.ts';
import type { Store } from '../../store/index.ts';
import { lastReconciliation } from '../../store/reconciliation-record.ts';
import { ensurePercentileCont } from './percentile.ts';
import { queryAlerts } from './queries-alerts.ts';
import { queryRegions } from './queries-regions.ts';
import { latestPerSeries, lastErrorMessages, priciestRuns, slowestRuns } from './queries-runs.ts';
import { buildRollups, dropRollups, ISSUE_ROLLUP, SERIES_ROLLUP, TTFT_ROLLUP, WRITES_ROLLUP } from './queries-rollup.ts';
import type { CountPoint, DashboardData, ErrorKindRow, LatencyPoint, ReportWindow, Summary, TokenMixRow } from './types.ts';
import { startOfUtcDay, startOfUtcMonth } from './window.ts';

const IN_WINDOW = 'started_at >= @since AND started_at < @until';
const PCT = (d: Parameters<typeof pct>[0]) => `${pct(d, 'latency_ms', 0.5)} AS p50, ${pct(d, 'latency_ms', 0.95)} AS p95, ${pct(d, 'latency_ms', 0.99)} AS p99`;
const SUM_COLS = 'sum(runs) AS runs, sum(errors) AS errors, sum(failed) AS failed, sum(cost) AS cost, sum(flagged) AS flagged, sum(sim_runs) AS sim_runs, sum(api_runs) AS api_runs';

// Window-level latency percentiles: index-only scans of results_started_at.
const LAT_OVERALL = both((d) => `SELECT ${PCT(d)} FROM results WHERE ${IN_WINDOW}`);
const LAT_BY_SERIES = both((d) => `SELECT probe_id, model, ${PCT(d)} FROM results WHERE ${IN_WINDOW} GROUP BY probe_id, model`);
// TTFT per series over the window: ttft_ms is in no index, so SQLite walks the window's rowid
// range once (sequential pages) and sorts only the streaming rows; PostgreSQL reads the values its
// bucket pass kept (TTFT_ROLLUP), the same values without reading the table again.
const TTFT_BY_SERIES = both((d) =>
  d === 'postgres'
    ? `SELECT probe_id, model, ${pct(d, 'ttft_ms', 0.5)} AS ttft_p50, ${pct(d, 'ttft_ms', 0.95)} AS ttft_p95
  FROM ${TTFT_ROLLUP}, unnest(v) AS u(ttft_ms) GROUP BY probe_id, model`
    : `SELECT probe_id, model, ${pct(d, 'ttft_ms', 0.5)} AS ttft_p50, ${pct(d, 'ttft_ms', 0.95)} AS ttft_p95
  FROM results${notIndexed(d)} WHERE id BETWEEN @lo AND @hi AND ${IN_WINDOW} AND ttft_ms IS NOT NULL GROUP BY probe_id, model`);

const R = SERIES_ROLLUP;
const SUMMARY = `SELECT coalesce(sum(runs), 0) AS runs, coalesce(sum(skipped), 0) AS skipped, coalesce(sum(errors), 0) AS errors, coalesce(sum(failed), 0) AS failed,
  coalesce(sum(cost), 0) AS cost, coalesce(sum(unpriced), 0) AS unpriced, coalesce(sum(flagged), 0) AS flagged,
  coalesce(sum(sim_runs), 0) AS sim_runs, coalesce(sum(api_runs), 0) AS api_runs FROM ${R}`;
const BY_SERIES = `SELECT probe_id, model, ${SUM_COLS}, sum(ttft_n) AS ttft_n FROM ${R} GROUP BY probe_id, model ORDER BY probe_id, model`;
const BY_SERIES_BUCKET = `SELECT probe_id, model, t, runs, errors, failed, cost, flagged, sim_runs, api_runs, p50, p95, p99, ttft_p50, ttft_p95 FROM ${R} ORDER BY probe_id, model, t`;
const BY_PROBE = `SELECT probe_id, ${SUM_COLS} FROM ${R} GROUP BY probe_id ORDER BY probe_id`;
const TOKEN_MIX = `SELECT day, model, sum(runs) AS runs, sum(cost) AS cost, sum(unpriced) AS unpriced, sum(input) AS input, sum(output) AS output,
  sum(cache_write) AS cache_write, sum(cache_read) AS cache_read,
  coalesce((SELECT sum(w.cache_write_1h) FROM ${WRITES_ROLLUP} AS w WHERE w.day = r.day AND w.model = r.model), 0) AS cache_write_1h
  FROM ${R} AS r GROUP BY day, model ORDER BY day, model`;
const COST_BY_PROBE_DAY = `SELECT day AS t, probe_id AS key, sum(cost) AS n FROM ${R} GROUP BY day, probe_id ORDER BY day, probe_id`;
const ERRORS_BY_BUCKET = `SELECT t, error_kind AS key, sum(n) AS n FROM ${ISSUE_ROLLUP} WHERE error_kind IS NOT NULL GROUP BY t, error_kind ORDER BY t, error_kind`;
const ERROR_KINDS = `SELECT error_kind, sum(n) AS n, max(last_at) AS last_at FROM ${ISSUE_ROLLUP} WHERE error_kind IS NOT NULL GROUP BY error_kind ORDER BY n DESC, error_kind`;
// Group by f.value, not the alias: json_each has its own `key` column (the array index), which
// GROUP BY would pick over the alias.
const FLAGS_BY_BUCKET = both((d) => `SELECT i.t AS t, f.value AS key, sum(i.n) AS n FROM ${ISSUE_ROLLUP} AS i, ${jsonStrings(d, 'i.flags', 'f')}
  WHERE i.flags <> '[]' GROUP BY i.t, f.value ORDER BY i.t, f.value`);

type Row = Record<string, number | string | null>;

function withPercentiles<T extends { probe_id: string; model?: string | null; t?: number | null }>(rows: T[], pct: Map<string, Row>, key: (r: T) => string): LatencyPoint[] {
  return rows.map((r) => {
    const p = pct.get(key(r));
    return { model: null, t: null, ttft_p50: null, ttft_p95: null, p50: null, p95: null, p99: null, ...r, ...(p ? { p50: p['p50'] as number, p95: p['p95'] as number, p99: p['p99'] as number } : {}) } as LatencyPoint;
  });
}

/**
 * Reads everything the dashboard shows for one window.
 *
 * @example
 * const data = queryDashboard(store, resolveWindow({ windowMs: 7 * 86_400_000 }));
 */
export function queryDashboard(store: Store, w: ReportWindow, topN = 10): DashboardData {
  const db = store.db;
  if (db.dialect !== 'postgres') return readDashboard(store, w, topN);
  // PostgreSQL's default work_mem (4 MB) spills a day bucket's GROUP BY sort (33k rows at 1M
  // results a month) and the window-level percentile sorts to disk. One transaction, so the
  // setting is this report's only (and every query reads one snapshot).
  return db.transaction(() => {
    db.exec(`SET LOCAL work_mem = '${PG_WORK_MEM}'`);
    return readDashboard(store, w, topN);
  })();
}

/** work_mem for the dashboard's transaction on PostgreSQL: per sort or hash node, held while the report runs. */
const PG_WORK_MEM = '64MB';

function readDashboard(store: Store, w: ReportWindow, topN: number): DashboardData {
  const db = store.db;
  ensurePercentileCont(db);
  const p = { since: w.since, until: w.until };
  const all = <T>(sql: SqlText, params: object = {}): T[] => db.prepare(sql).all(params) as T[];
  const ids = buildRollups(db, w, topN);
  try {
    const overall = db.prepare(LAT_OVERALL).get(p) as Pick<Summary, 'p50' | 'p95' | 'p99'>;
    const bySeriesPct = new Map(all<Row>(LAT_BY_SERIES, p).map((r) => [`${r['probe_id']}\u0000${r['model']}`, r]));
    const ttft = new Map(ids === null ? [] : all<Row>(TTFT_BY_SERIES, { ...p, ...ids }).map((r) => [`${r['probe_id']}\u0000${r['model']}`, r]));
    const bySeries = withPercentiles(all<LatencyPoint & { ttft_n?: number }>(BY_SERIES), bySeriesPct, (r) => `${r.probe_id}\u0000${r.model}`).map(({ ttft_n: _, ...s }: LatencyPoint & { ttft_n?: number }) => {
      const t = ttft.get(`${s.probe_id}\u0000${s.model}`);
      return t ? { ...s, ttft_p50: t['ttft_p50'] as number, ttft_p95: t['ttft_p95'] as number } : s;
    });
    return {
      window: w,
      summary: { ...(db.prepare(SUMMARY).get() as Summary), ...overall },
      spendToday: store.spendSince(startOfUtcDay(w.until)),
      spendMonth: store.spendSince(startOfUtcMonth(w.until)),
      byProbe: withPercentiles(all<LatencyPoint>(BY_PROBE), new Map(), (r) => r.probe_id),
      bySeries,
      bySeriesBucket: all<LatencyPoint>(BY_SERIES_BUCKET),
      tokenMix: all<TokenMixRow>(TOKEN_MIX),
      costByProbeDay: all<CountPoint>(COST_BY_PROBE_DAY),
      errorsByBucket: all<CountPoint>(ERRORS_BY_BUCKET),
      errorKinds: lastErrorMessages(db, all<Omit<ErrorKindRow, 'last_message'>>(ERROR_KINDS)),
      flagsByBucket: all<CountPoint>(FLAGS_BY_BUCKET),
      slowest: slowestRuns(db, p, topN),
      priciest: priciestRuns(db, w, topN),
      latest: latestPerSeries(db, w),
      alerts: queryAlerts(db, p),
      regions: queryRegions(db, p),
      reconciliation: lastReconciliation(store),
    };
  } finally {
    dropRollups(db);
  }
}
