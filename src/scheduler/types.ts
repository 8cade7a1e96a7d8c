/** Public shapes of the scheduler. */
import type { Clock } from '../shared/clock.ts';

/** What the scheduler needs of a probe; a validated Probe satisfies it. */
export interface SchedulableProbe {
  id: string;
  /** node-cron expression (5 fields, or 6 with seconds). */
  schedule: string;
  /** One model, or several: each is its own series with its own job. */
  model: string | readonly string[];
  /** A disabled probe is not scheduled. Default true. */
  enabled?: boolean;
}

export interface RunContext {
  /** The cron slot this run belongs to (epoch ms), or the trigger time for a manual run. */
  scheduledAt: number;
  /** Aborts when stop()'s deadline passes with the run still going: finish up and return. */
  signal: AbortSignal;
}

/** Runs one probe against one model. Errors are counted as `failed`; the scheduler carries on. */
export type RunFn<P extends SchedulableProbe> = (probe: P, model: string, context: RunContext) => Promise<void>;

/** Series key: `<probe id>@<model>`. */
export type SeriesKey = string;

interface EventBase {
  series: SeriesKey;
  probeId: string;
  model: string;
  scheduledAt: number;
}

/** What the scheduler reports as it goes; the daemon logs them, tests and benches measure them. */
export type SchedulerEvent =
  | (EventBase & { type: 'fired'; firedAt: number })
  | (EventBase & { type: 'skipped_overlap'; firedAt: number })
  | (EventBase & { type: 'started'; startedAt: number; jitterMs: number })
  | (EventBase & { type: 'finished'; startedAt: number; durationMs: number })
  | (EventBase & { type: 'failed'; startedAt: number; durationMs: number; error: unknown })
  | (EventBase & { type: 'cancelled'; reason: 'stopped' })
  | (EventBase & { type: 'missed' })
  | { type: 'cron_log'; level: 'info' | 'warn' | 'error' | 'debug'; message: string };

export interface SeriesStats {
  fired: number;
  started: number;
  completed: number;
  failed: number;
  skipped_overlap: number;
  cancelled: number;
  missed: number;
}

export interface SchedulerStats extends SeriesStats {
  /** Runs holding a concurrency slot now. */
  running: number;
  /** Runs waiting for a slot now. */
  queued: number;
  /** node-cron jobs running (one per distinct cron expression). */
  jobs: number;
  series: Record<SeriesKey, SeriesStats>;
}

export interface StopReport {
  /** True when every started run finished before the deadline. */
  drained: boolean;
  /** Series whose run was still going at the deadline (their signal was aborted). */
  abandoned: SeriesKey[];
  /** Runs that had fired but not started (jitter or queue) and were dropped. */
  cancelled: number;
}

export interface SchedulerOptions<P extends SchedulableProbe> {
  run: RunFn<P>;
  /** Clock for jitter waits, timestamps and the stop deadline. Default systemClock. */
  clock?: Clock;
  /** Most runs at once across all series; the rest queue in fire order. Default 4. */
  maxConcurrency?: number;
  /**
   * Upper bound of the random delay before each run, ms, spreading runs that share a cron slot.
   * Capped at half the series' interval so jitter alone never causes an overlap. Default 5000.
   */
  jitterMs?: number;
  /** Random source in [0, 1) for jitter. Default Math.random. */
  random?: () => number;
  /** IANA time zone for cron expressions. Default: the process's. */
  timezone?: string;
  /** Receives every event. Default: none. An exception it throws is ignored. */
  onEvent?: (event: SchedulerEvent) => void;
}

/** Outcome of a fire (a cron tick or a manual trigger). */
export type FireOutcome = 'accepted' | 'skipped_overlap' | 'stopped';

export interface Scheduler {
  /** Creates and starts one node-cron job per enabled series. */
  start(): void;
  /** Fires a series now through the same path as a cron tick (overlap, jitter, cap). */
  trigger(probeId: string, model?: string): FireOutcome;
  /** Resolves when no run is in flight, pending jitter or queued. */
  whenIdle(): Promise<void>;
  stats(): SchedulerStats;
  /** Series keys in start order. */
  series(): SeriesKey[];
  /**
   * Stops scheduling, drops runs not yet started, waits for in-flight runs up to `deadlineMs`
   * (default 30000), then aborts the stragglers' signals. Idempotent.
   */
  stop(options?: { deadlineMs?: number }): Promise<StopReport>;
}
