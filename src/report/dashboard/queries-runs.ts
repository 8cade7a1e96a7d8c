/** Row-level lookups: slowest and most expensive runs, newest result and error per series, the last message per error kind (internal). */
import type { Db } from '../../store/index.ts';
import { failureReasons } from '../../shared/failure.ts';
import { resultSource } from '../../shared/source.ts';
import type { AssertionResult } from '../../shared/types.ts';
import { ISSUE_ROLLUP, SERIES_ROLLUP as ROLLUP, TOP_ROLLUP } from './queries-rollup.ts';
import type { ErrorKindRow, ReportWindow, RunRow, SeriesLatest } from './types.ts';

const IN_WINDOW = 'started_at >= @since AND started_at < @until';
const RUN_COLUMNS = 'started_at, probe_id, model, outcome, error_kind, latency_ms, ttft_ms, cost_usd, input_tokens, output_tokens, request_id, target';

// The ids come from an index-only scan (latency_ms is in results_started_at); only the top rows are read.
const SLOWEST = `SELECT ${RUN_COLUMNS} FROM results WHERE id IN (
    SELECT id FROM results WHERE ${IN_WINDOW} AND latency_ms IS NOT NULL ORDER BY latency_ms DESC LIMIT @limit
  ) ORDER BY latency_ms DESC, started_at DESC`;

// PostgreSQL: the ids from the buckets' top N (TOP_ROLLUP), so the window is not read again.
const TOP = (kind: string, col: string) => `SELECT ${RUN_COLUMNS} FROM results WHERE id IN (
    SELECT id FROM ${TOP_ROLLUP} WHERE kind = '${kind}' ORDER BY v DESC LIMIT @limit
  ) ORDER BY ${col} DESC, started_at DESC`;
const SLOWEST_PG = TOP('latency', 'latency_ms');
const PRICIEST_PG = TOP('cost', 'cost_usd');

export function slowestRuns(db: Db, p: { since: number; until: number }, limit: number): RunRow[] {
  if (db.dialect === 'postgres') return db.prepare(SLOWEST_PG).all({ limit }) as RunRow[];
  return db.prepare(SLOWEST).all({ ...p, limit }) as RunRow[];
}

// The top-N rows overall lie in the N (series, bucket) groups with the highest max cost: read only those.
const PRICIEST_GROUPS = `SELECT probe_id, model, t FROM ${ROLLUP} WHERE max_cost IS NOT NULL ORDER BY max_cost DESC LIMIT @limit`;
const PRICIEST_IN_GROUP = `SELECT ${RUN_COLUMNS} FROM results
  WHERE probe_id = @probe_id AND model = @model AND started_at >= @from AND started_at < @to AND cost_usd IS NOT NULL
  ORDER BY cost_usd DESC LIMIT @limit`;

export function priciestRuns(db: Db, w: ReportWindow, limit: number): RunRow[] {
  if (db.dialect === 'postgres') return db.prepare(PRICIEST_PG).all({ limit }) as RunRow[];
  const inGroup = db.prepare(PRICIEST_IN_GROUP);
  const groups = db.prepare(PRICIEST_GROUPS).all({ limit }) as { probe_id: string; model: string; t: number }[];
  return groups
    .flatMap((g) => inGroup.all({ probe_id: g.probe_id, model: g.model, from: Math.max(g.t, w.since), to: Math.min(g.t + w.bucketMs, w.until), limit }) as RunRow[])
    .sort((a, b) => b.cost_usd! - a.cost_usd! || b.started_at - a.started_at)
    .slice(0, limit);
}

// Index-driven per series (probe_id, model, started_at): newest result, and newest error.
const SERIES = `SELECT DISTINCT probe_id, model FROM ${ROLLUP} ORDER BY probe_id, model`;
const LATEST = `SELECT started_at, outcome, output_preview, target FROM results WHERE probe_id = @probe_id AND model = @model AND ${IN_WINDOW} ORDER BY started_at DESC LIMIT 1`;
// The newest failed run: its bucket from the series rollup (all series in one statement), then an index range within that bucket.
const LATEST_FAIL_BUCKETS = `SELECT probe_id, model, max(t) AS v FROM ${ROLLUP} WHERE failed > 0 GROUP BY probe_id, model`;
const LATEST_FAIL = `SELECT started_at, outcome, assertions, error_message FROM results
  WHERE probe_id = @probe_id AND model = @model AND started_at >= @from AND started_at < @to AND outcome = 'fail' ORDER BY started_at DESC LIMIT 1`;
// The newest error's time comes from the issue rollup; the row itself is one index seek.
const LATEST_ERRORS_AT = `SELECT probe_id, model, max(last_at) AS v FROM ${ISSUE_ROLLUP} WHERE error_kind IS NOT NULL GROUP BY probe_id, model`;
const LATEST_ERROR = `SELECT started_at, error_kind, error_message FROM results
  WHERE probe_id = @probe_id AND model = @model AND started_at = @at AND error_kind IS NOT NULL ORDER BY id DESC LIMIT 1`;

export function latestPerSeries(db: Db, w: ReportWindow): SeriesLatest[] {
  const p = { since: w.since, until: w.until };
  const latest = db.prepare(LATEST);
  // Per series from the rollups, one statement each (a round trip per series adds up on PostgreSQL).
  const bySeries = (sql: string) =>
    new Map((db.prepare(sql).all() as { probe_id: string; model: string; v: number }[]).map((r) => [`${r.probe_id}\u0000${r.model}`, r.v]));
  const failBuckets = bySeries(LATEST_FAIL_BUCKETS);
  const errorsAt = bySeries(LATEST_ERRORS_AT);
  const latestFail = db.prepare(LATEST_FAIL);
  const latestError = db.prepare(LATEST_ERROR);
  return (db.prepare(SERIES).all() as { probe_id: string; model: string }[]).flatMap((s) => {
    const last = latest.get({ ...p, ...s }) as { started_at: number; outcome: string; output_preview: string | null; target: string } | undefined;
    if (!last) return [];
    const ft = failBuckets.get(`${s.probe_id}\u0000${s.model}`) ?? null;
    const fail = (ft === null ? undefined : latestFail.get({ ...s, from: Math.max(ft, w.since), to: Math.min(ft + w.bucketMs, w.until) })) as
      | { started_at: number; outcome: 'fail'; assertions: string; error_message: string | null }
      | undefined;
    const at = errorsAt.get(`${s.probe_id}\u0000${s.model}`) ?? null;
    const err = (at === null ? undefined : latestError.get({ ...s, at })) as { started_at: number; error_kind: string | null; error_message: string | null } | undefined;
    return [{
      ...s,
      last_at: last.started_at,
      last_outcome: last.outcome,
      output_preview: last.output_preview,
      error_at: err?.started_at ?? null,
      error_kind: err?.error_kind ?? null,
      error_message: err?.error_message ?? null,
      source: resultSource(last.target),
      fail_at: fail?.started_at ?? null,
      fail_reasons: fail ? failureReasons({ ...fail, assertions: JSON.parse(fail.assertions) as AssertionResult[] }) : [],
    }];
  });
}

// The newest error of a kind, found by its time through the started_at index.
const LAST_OF_KIND = 'SELECT error_message FROM results WHERE started_at = @at AND error_kind = @kind LIMIT 1';

export function lastErrorMessages(db: Db, kinds: readonly Omit<ErrorKindRow, 'last_message'>[]): ErrorKindRow[] {
  const stmt = db.prepare(LAST_OF_KIND).pluck();
  return kinds.map((k) => ({ ...k, last_message: (stmt.get({ at: k.last_at, kind: k.error_kind }) as string | null | undefined) ?? null }));
}
