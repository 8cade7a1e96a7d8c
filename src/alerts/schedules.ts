/** The series a monitor expects results from, for absence rules and the freshness gauges. */
import type { Db } from '../store/index.ts';
import type { SeriesSchedule } from './kinds/types.ts';

export type { SeriesSchedule } from './kinds/types.ts';

/** SQL for the start of a series' newest non-skipped result (a walk down the series index). */
export const NEWEST_RUN_SQL = "SELECT started_at FROM results WHERE probe_id = ? AND model = ? AND outcome <> 'skipped' ORDER BY started_at DESC LIMIT 1";

/** Each series with the start of its newest stored non-skipped run (null when none). */
export function withLastRun(db: Db, schedules: readonly SeriesSchedule[]): Array<SeriesSchedule & { last_run_at: number | null }> {
  const newest = db.prepare(NEWEST_RUN_SQL).pluck();
  return schedules.map((s) => ({ ...s, last_run_at: (newest.get(s.probe_id, s.model) as number | undefined) ?? null }));
}
