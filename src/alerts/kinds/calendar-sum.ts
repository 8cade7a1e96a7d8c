/**
 * `calendar_sum`: spend since the start of the UTC day or month, at or over the threshold.
 *
 * A month holds up to every stored row, so re-summing it every tick would not meet the tick
 * budget. The sum is incremental instead: one SQL pass at the first tick of a period (and after
 * a restart), then each tick adds only rows with a rowid above the last one seen (a rowid range,
 * which also catches late results started earlier in the period). Deleting rows of the current
 * period (retention) is not reflected until the next period or restart.
 *
 * On PostgreSQL the period is summed again at every tick (an index range scan): identity ids
 * are handed out at insert and become visible at commit, possibly out of order, so "ids above
 * the last one seen" could skip a row another runner committed late.
 */
import { groupSql, judge, labelsOf } from './sql.ts';
import type { Handler, Observation } from './types.ts';

/** Start of the UTC calendar day or month holding `now`. */
export function periodStart(now: number, period: 'day' | 'month'): number {
  const d = new Date(now);
  return period === 'day' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the next period after the one starting at `start`. */
export function periodEnd(start: number, period: 'day' | 'month'): number {
  const d = new Date(start);
  return period === 'day' ? start + 86_400_000 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

interface Acc {
  labels: Record<string, string>;
  total: number;
  samples: number;
}

export const calendarSumHandler: Handler<'calendar_sum'> = (db, rule) => {
  const g = groupSql(rule.group_by);
  const f = rule.field;
  const cols = `${g.select}coalesce(sum(${f}), 0) AS total, count(${f}) AS samples`;
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM results').pluck();
  // Cold: the period through the started_at index. Warm: new rowids only (`+started_at` keeps the
  // planner on the rowid range instead of the whole period's index range).
  const cold = db.prepare(`SELECT ${cols} FROM results WHERE started_at >= @start AND started_at < @end AND id <= @upto ${g.groupBy}`);
  const warm = db.prepare(`SELECT ${cols} FROM results WHERE id > @after AND id <= @upto AND +started_at >= @start AND +started_at < @end ${g.groupBy}`);
  let period = Number.NaN;
  let seen = 0;
  const sums = new Map<string, Acc>();

  return (now): Observation[] => {
    const start = periodStart(now, rule.period);
    const end = periodEnd(start, rule.period);
    const upto = maxId.get() as number;
    // PostgreSQL: every tick sums the period again (a new period or an emptied table is handled below).
    const resum = db.dialect === 'postgres' && upto > 0;
    if (resum) {
      for (const acc of sums.values()) Object.assign(acc, { total: 0, samples: 0 });
      seen = 0;
    }
    if (start !== period || upto < seen) {
      // A new period is data: every label set seen so far now stands at 0 (and resolves), where
      // dropping them would read as "no data" and keep yesterday's alert firing. (The first tick
      // zeroes an empty map.) A table that shrank under us (a restored or replaced store) starts
      // over instead: its label sets come back from its rows.
      const rolled = start !== period;
      period = start;
      seen = 0;
      if (rolled) for (const acc of sums.values()) Object.assign(acc, { total: 0, samples: 0 });
      else sums.clear();
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a query over an empty rowid range adds nothing; the test only saves it
    if (upto > seen) {
      const rows = (seen === 0 ? cold.all({ start, end, upto }) : warm.all({ after: seen, upto, start, end })) as Array<
        Record<string, unknown> & { total: number; samples: number }
      >;
      for (const r of rows) {
        const labels = labelsOf(r, rule.group_by);
        const key = JSON.stringify(labels);
        const acc = sums.get(key) ?? { labels, total: 0, samples: 0 };
        acc.total += r.total;
        acc.samples += r.samples;
        sums.set(key, acc);
      }
      seen = upto;
    }
    // Zero samples in the current period means zero spend, a known value (the rule's labels are
    // the group-by ones; with no group-by there is always exactly one label set).
    if (rule.group_by.length === 0 && sums.size === 0) sums.set('{}', { labels: {}, total: 0, samples: 0 });
    return [...sums.values()].map((a) => ({ ...judge(a.labels, a.total, a.samples, rule, true), known: true }));
  };
};
