/**
 * `percentile`: a latency quantile in a window, linearly interpolated between the two nearest
 * ranks (the `percentile_cont` definition). Uses SQLite's `percentile_cont` when the build has it
 * (better-sqlite3 12 does); otherwise a window-function query that computes the same figure, so
 * a rule means the same on every SQLite build (a nearest-rank fallback would make a p99 over 90
 * results fire on the single slowest one, where `percentile_cont` needs two). PostgreSQL: the
 * standard `percentile_cont(q) WITHIN GROUP (ORDER BY x)`, same definition.
 */
import { hasPercentileCont } from '../../store/percentiles.ts';
import { durationMs } from '../duration.ts';
import { groupSql, judge, labelsOf } from './sql.ts';
import type { Handler } from './types.ts';

export const percentileHandler: Handler<'percentile'> = (db, rule) => {
  const g = groupSql(rule.group_by);
  const where = `started_at > @from AND started_at <= @to AND ${rule.field} IS NOT NULL`;
  const partition = rule.group_by.length > 0 ? `PARTITION BY ${rule.group_by.join(', ')}` : '';
  const sql = db.dialect === 'postgres'
    ? `SELECT ${g.select}percentile_cont(CAST(@q AS double precision)) WITHIN GROUP (ORDER BY ${rule.field}) AS value, count(*) AS samples FROM results WHERE ${where} ${g.groupBy}`
    : hasPercentileCont(db)
    ? `SELECT ${g.select}percentile_cont(${rule.field}, @q) AS value, count(*) AS samples FROM results WHERE ${where} ${g.groupBy}`
    : // Ranks from 0; the quantile sits at rank (n - 1) x q, between its floor (lo) and the next rank (hi).
      `WITH ranked AS (
         SELECT ${g.select}${rule.field} AS v, row_number() OVER (${partition} ORDER BY ${rule.field}) - 1 AS r,
                count(*) OVER (${partition}) AS n
         FROM results WHERE ${where}),
       picked AS (
         SELECT ${g.select}max(n) AS n, (max(n) - 1) * @q AS pos,
                max(CASE WHEN r = CAST((n - 1) * @q AS INTEGER) THEN v END) AS lo,
                max(CASE WHEN r = CAST((n - 1) * @q AS INTEGER) + 1 THEN v END) AS hi
         FROM ranked ${g.groupBy})
       SELECT ${g.select}lo + (coalesce(hi, lo) - lo) * (pos - CAST(pos AS INTEGER)) AS value, n AS samples FROM picked`;
  const stmt = db.prepare(sql);
  const window = durationMs(rule.window);
  return (now) =>
    (stmt.all({ from: now - window, to: now, q: rule.quantile }) as Array<Record<string, number | null> & { samples: number; value: number | null }>)
      .filter((r) => r.samples > 0)
      .map((r) => judge(labelsOf(r, rule.group_by), r.value, r.samples, rule));
};
