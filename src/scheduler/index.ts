export { scheduleIntervalMs } from './interval.ts';
export { createScheduler, seriesKey, SCHEDULER_DEFAULTS } from './scheduler.ts';
export type {
  FireOutcome,
  RunContext,
  RunFn,
  SchedulableProbe,
  Scheduler,
  SchedulerEvent,
  SchedulerOptions,
  SchedulerStats,
  SeriesKey,
  SeriesStats,
  StopReport,
} from './types.ts';
