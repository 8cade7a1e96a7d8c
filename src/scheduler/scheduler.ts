/**
 * The probe scheduler: node-cron jobs driving every series (probe x model), no overlap within a
 * series (a tick while the previous run is still pending or running is skipped and counted),
 * random start jitter through the injected Clock, a global concurrency cap, and a graceful stop.
 *
 * One node-cron job per distinct (cron expression, time zone), fanning out to every series that
 * shares it. node-cron spends about half a millisecond of CPU per job per tick (its time matcher
 * formats dates through Intl), so 1,000 jobs due in the same second fire up to ~900 ms late;
 * one job per expression fires them all within a few milliseconds. Overlap, jitter and
 * statistics stay per series.
 */
import { setMaxListeners } from 'node:events';
import { createTask, type Logger, type ScheduledTask } from 'node-cron';
import { systemClock } from '../shared/clock.ts';
import { Limiter } from './limiter.ts';
import type {
  FireOutcome,
  RunContext,
  SchedulableProbe,
  Scheduler,
  SchedulerEvent,
  SchedulerOptions,
  SchedulerStats,
  SeriesKey,
  SeriesStats,
  StopReport,
} from './types.ts';

/** Defaults for {@link createScheduler}. */
export const SCHEDULER_DEFAULTS = {
  maxConcurrency: 4,
  jitterMs: 5_000,
  stopDeadlineMs: 30_000,
} as const;

interface Series<P> {
  key: SeriesKey;
  probe: P;
  model: string;
  busy: boolean;
  maxJitter: number;
  stats: SeriesStats;
}

const emptyStats = (): SeriesStats => ({ fired: 0, started: 0, completed: 0, failed: 0, skipped_overlap: 0, cancelled: 0, missed: 0 });

/** `<probe id>@<model>`. */
export function seriesKey(probeId: string, model: string): SeriesKey {
  return `${probeId}@${model}`;
}

/** Shortest gap between the next few slots of a cron job, ms. */
function interval(task: ScheduledTask): number {
  const runs = task.getNextRuns(4).map((d) => d.getTime());
  let min = Number.POSITIVE_INFINITY;
  for (let i = 1; i < runs.length; i++) min = Math.min(min, runs[i]! - runs[i - 1]!);
  return Number.isFinite(min) ? min : 0;
}

/**
 * Creates a scheduler over `probes`; nothing runs until `start()` (or `trigger()`).
 *
 * @example
 * const scheduler = createScheduler(probes, { run: (probe, model, ctx) => runner.run(probe, model, ctx), maxConcurrency: 8 });
 * scheduler.start();
 * process.once('SIGTERM', () => scheduler.stop({ deadlineMs: 20_000 }));
 */
export function createScheduler<P extends SchedulableProbe>(probes: readonly P[], options: SchedulerOptions<P>): Scheduler {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const jitterMs = options.jitterMs ?? SCHEDULER_DEFAULTS.jitterMs;
  const limiter = new Limiter(options.maxConcurrency ?? SCHEDULER_DEFAULTS.maxConcurrency);
  const emit = (e: SchedulerEvent) => {
    try {
      options.onEvent?.(e);
    } catch {
      // An observer's bug must not change what runs or how it is counted.
    }
  };
  const logger: Logger = {
    info: (message) => emit({ type: 'cron_log', level: 'info', message }),
    warn: (message) => emit({ type: 'cron_log', level: 'warn', message }),
    error: (message) => emit({ type: 'cron_log', level: 'error', message: String(message) }),
    debug: (message) => emit({ type: 'cron_log', level: 'debug', message: String(message) }),
  };

  const series = new Map<SeriesKey, Series<P>>();
  for (const probe of probes) {
    if (probe.enabled === false) continue;
    for (const model of typeof probe.model === 'string' ? [probe.model] : probe.model) {
      const key = seriesKey(probe.id, model);
      series.set(key, { key, probe, model, busy: false, maxJitter: jitterMs, stats: emptyStats() });
    }
  }

  const pending = new Set<Promise<void>>();
  const running = new Map<Promise<void>, SeriesKey>();
  const cancelPending = new AbortController();
  const abortRuns = new AbortController();
  // Every queued run and every running probe listens on these: hundreds is normal, not a leak.
  setMaxListeners(0, cancelPending.signal, abortRuns.signal);
  const jobs: ScheduledTask[] = [];
  let started = false;
  let stopping: Promise<StopReport> | undefined;
  let cancelled = 0;

  async function execute(s: Series<P>, scheduledAt: number): Promise<void> {
    const base = { series: s.key, probeId: s.probe.id, model: s.model, scheduledAt };
    const jitter = s.maxJitter > 0 ? Math.floor(random() * s.maxJitter) : 0;
    try {
      if (jitter > 0) await clock.sleep(jitter, cancelPending.signal);
      await limiter.acquire(cancelPending.signal);
    } catch {
      s.stats.cancelled++;
      cancelled++;
      emit({ ...base, type: 'cancelled', reason: 'stopped' });
      return;
    }
    const startedAt = clock.now();
    s.stats.started++;
    emit({ ...base, type: 'started', startedAt, jitterMs: jitter });
    const context: RunContext = { scheduledAt, signal: abortRuns.signal };
    const done = (async () => {
      try {
        await options.run(s.probe, s.model, context);
        s.stats.completed++;
        emit({ ...base, type: 'finished', startedAt, durationMs: clock.now() - startedAt });
      } catch (error) {
        s.stats.failed++;
        emit({ ...base, type: 'failed', startedAt, durationMs: clock.now() - startedAt, error });
      } finally {
        limiter.release();
      }
    })();
    running.set(done, s.key);
    try {
      await done;
    } finally {
      running.delete(done);
    }
  }

  function fire(s: Series<P>, scheduledAt: number): FireOutcome {
    if (stopping) return 'stopped';
    const firedAt = clock.now();
    s.stats.fired++;
    const base = { series: s.key, probeId: s.probe.id, model: s.model, scheduledAt, firedAt };
    emit({ ...base, type: 'fired' });
    if (s.busy) {
      s.stats.skipped_overlap++;
      emit({ ...base, type: 'skipped_overlap' });
      return 'skipped_overlap';
    }
    s.busy = true;
    const p = execute(s, scheduledAt).finally(() => {
      s.busy = false;
      pending.delete(p);
    });
    pending.add(p);
    return 'accepted';
  }

  function sum(): SeriesStats {
    const total = emptyStats();
    for (const s of series.values()) for (const k of Object.keys(total) as Array<keyof SeriesStats>) total[k] += s.stats[k];
    return total;
  }

  return {
    start() {
      if (started || stopping) return;
      started = true;
      const groups = new Map<string, Array<Series<P>>>();
      for (const s of series.values()) {
        const members = groups.get(s.probe.schedule);
        if (members) members.push(s);
        else groups.set(s.probe.schedule, [s]);
      }
      for (const [schedule, members] of groups) {
        const task = createTask(
          schedule,
          (ctx) => {
            const slot = ctx.date.getTime();
            for (const s of members) fire(s, slot);
          },
          { name: schedule, logger, ...(options.timezone ? { timezone: options.timezone } : {}) },
        );
        task.on('execution:missed', (ctx) => {
          for (const s of members) {
            s.stats.missed++;
            emit({ series: s.key, probeId: s.probe.id, model: s.model, scheduledAt: ctx.date.getTime(), type: 'missed' });
          }
        });
        const maxJitter = Math.min(jitterMs, Math.floor(interval(task) / 2));
        for (const s of members) s.maxJitter = maxJitter;
        jobs.push(task);
        void task.start();
      }
    },
    trigger(probeId, model) {
      const s = model !== undefined ? series.get(seriesKey(probeId, model)) : [...series.values()].find((x) => x.probe.id === probeId);
      if (!s) throw new RangeError(`no enabled series for probe "${probeId}"${model ? ` and model "${model}"` : ''}`);
      return fire(s, clock.now());
    },
    async whenIdle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stats(): SchedulerStats {
      return {
        ...sum(),
        running: limiter.running,
        queued: limiter.queued,
        jobs: jobs.length,
        series: Object.fromEntries([...series.values()].map((s) => [s.key, { ...s.stats }])),
      };
    },
    series: () => [...series.keys()],
    stop(opts = {}) {
      stopping ??= (async () => {
        for (const task of jobs) {
          await task.stop();
          await task.destroy();
        }
        jobs.length = 0;
        cancelPending.abort(new Error('scheduler stopped'));
        const deadline = opts.deadlineMs ?? SCHEDULER_DEFAULTS.stopDeadlineMs;
        const wait = new AbortController();
        const timedOut = clock.sleep(deadline, wait.signal).then(
          () => true,
          () => false,
        );
        const drained = Promise.allSettled([...pending]).then(() => false);
        const late = await Promise.race([drained, timedOut]);
        wait.abort();
        const abandoned = late ? [...new Set(running.values())] : [];
        if (late) abortRuns.abort(new Error(`scheduler stop deadline of ${deadline} ms passed`));
        return { drained: !late, abandoned, cancelled };
      })();
      return stopping;
    },
  };
}
