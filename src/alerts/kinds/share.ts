/** `share`: the fraction of results in a window that match (errors of some kinds, or quality flags). */
import { durationMs } from '../duration.ts';
import { countWhere, groupSql, judge, labelsOf, matchSql } from './sql.ts';
import type { Handler } from './types.ts';

export const shareHandler: Handler<'share'> = (db, rule) => {
  const g = groupSql(rule.group_by);
  const m = matchSql(rule.match, db.dialect);
  const stmt = db.prepare(
    `SELECT ${g.select}count(*) AS samples, coalesce(${countWhere(m.hit, db.dialect)}, 0) AS hits
     FROM results WHERE started_at > @from AND started_at <= @to AND ${m.base} ${g.groupBy}`,
  );
  const window = durationMs(rule.window);
  return (now) =>
    (stmt.all({ from: now - window, to: now }) as Array<Record<string, number> & { samples: number; hits: number }>)
      .filter((r) => r.samples > 0)
      .map((r) => judge(labelsOf(r, rule.group_by), r.hits / r.samples, r.samples, rule));
};
