/** `max`: the largest value of a column in a window (any single request over the threshold). */
import { durationMs } from '../duration.ts';
import { groupSql, judge, labelsOf } from './sql.ts';
import type { Handler } from './types.ts';

export const maxHandler: Handler<'max'> = (db, rule) => {
  const g = groupSql(rule.group_by);
  const stmt = db.prepare(
    `SELECT ${g.select}max(${rule.field}) AS value, count(*) AS samples
     FROM results WHERE started_at > @from AND started_at <= @to AND ${rule.field} IS NOT NULL ${g.groupBy}`,
  );
  const window = durationMs(rule.window);
  return (now) =>
    (stmt.all({ from: now - window, to: now }) as Array<Record<string, number | null> & { samples: number; value: number | null }>)
      .filter((r) => r.samples > 0)
      .map((r) => judge(labelsOf(r, rule.group_by), r.value, r.samples, rule));
};
