/**
 * The fleet view's data: per-region figures over the window and the newest run of each probe
 * series in each region (the "where" view). A store that has only ever had one region returns
 * null before any window query (one index probe), so a single runner's dashboard costs nothing
 * more and renders as before. (Internal.)
 */
import { bySql, type Db } from '../../store/index.ts';
import type { RegionData, RegionLatest, RegionRow } from './types.ts';

// Distinct regions in the whole table by a loose index scan of results_region (migration 7):
// one seek per region, whatever the row count.
const REGIONS_EVER = `WITH RECURSIVE r(region) AS (
    SELECT min(region) FROM results
    UNION ALL SELECT (SELECT min(region) FROM results WHERE region > r.region) FROM r WHERE r.region IS NOT NULL
  ) SELECT region FROM r WHERE region IS NOT NULL LIMIT 3`;

const IN_WINDOW = 'started_at >= @since AND started_at < @until';
const COUNTS = `count(DISTINCT runner_id) AS runners, count(*) AS runs,
    coalesce(sum(CASE WHEN outcome = 'skipped' THEN 1 ELSE 0 END), 0) AS skipped,
    coalesce(sum(CASE WHEN outcome = 'error' THEN 1 ELSE 0 END), 0) AS errors,
    coalesce(sum(CASE WHEN outcome = 'fail' THEN 1 ELSE 0 END), 0) AS failed,
    max(started_at) AS last_at`;
const BY_REGION = bySql({
  sqlite: `SELECT region, ${COUNTS}, percentile_cont(latency_ms, 0.5) AS p50, percentile_cont(latency_ms, 0.95) AS p95
    FROM results WHERE ${IN_WINDOW} GROUP BY region ORDER BY region`,
  postgres: `SELECT region, ${COUNTS}, percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
    FROM results WHERE ${IN_WINDOW} GROUP BY region ORDER BY region`,
});
const RUNNERS = `SELECT region, runner_id, max(started_at) AS last_at FROM results WHERE ${IN_WINDOW} GROUP BY region, runner_id ORDER BY region, runner_id`;
const LATEST = `SELECT r.region, r.probe_id, r.model, r.runner_id, r.started_at, r.outcome, r.error_kind, r.latency_ms
  FROM results AS r JOIN (
    SELECT region, probe_id, model, max(started_at) AS last_at FROM results WHERE ${IN_WINDOW} GROUP BY region, probe_id, model
  ) AS m ON r.region = m.region AND r.probe_id = m.probe_id AND r.model = m.model AND r.started_at = m.last_at
  ORDER BY r.probe_id, r.model, r.region, r.id DESC`;

/** Null when the store has one region (or none); else the fleet view over `[since, until)`. */
export function queryRegions(db: Db, p: { since: number; until: number }): RegionData | null {
  if ((db.prepare(REGIONS_EVER).pluck().all() as string[]).length < 2) return null;
  const regions = db.prepare(BY_REGION).all(p) as Array<Omit<RegionRow, 'runner_ids'>>;
  if (regions.length < 2) return null;
  const runners = new Map<string, string[]>();
  for (const r of db.prepare(RUNNERS).all(p) as Array<{ region: string; runner_id: string }>) runners.set(r.region, [...(runners.get(r.region) ?? []), r.runner_id]);
  const seen = new Set<string>();
  const latest = (db.prepare(LATEST).all(p) as RegionLatest[]).filter((r) => {
    const k = `${r.region}\u0000${r.probe_id}\u0000${r.model}`;
    if (seen.has(k)) return false; // two results at the same millisecond: the newest row
    seen.add(k);
    return true;
  });
  return { regions: regions.map((r) => ({ ...r, runner_ids: runners.get(r.region) ?? [] })), latest };
}
