/**
 * `percentile`: a latency quantile in a window. Uses SQLite's `percentile_cont` (linear
 * interpolation) when the build has it (better-sqlite3 12 does); otherwise a window-function
 * nearest-rank query, still one SQL pass. PostgreSQL: the standard `percentile_cont(q) WITHIN
 * GROUP (ORDER BY x)`, same definition.
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
    : `WITH ranked AS (
         SELECT ${g.select}${rule.field} AS v, row_number() OVER (${partition} ORDER BY ${rule.field}) AS r,
                count(*) OVER (${partition}) AS n
         FROM results WHERE ${where})
       SELECT ${g.select}min(v) AS value, max(n) AS samples FROM ranked WHERE r >= n * @q ${g.groupBy}`;
  const stmt = db.prepare(sql);
  const window = durationMs(rule.window);
  return (now) =>
    (stmt.all({ from: now - window, to: now, q: rule.quantile }) as Array<Record<string, number | null> & { samples: number; value: number | null }>)
      .filter((r) => r.samples > 0)
      .map((r) => judge(labelsOf(r, rule.group_by), r.value, r.samples, rule));
};
