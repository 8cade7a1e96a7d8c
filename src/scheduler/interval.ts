/** How often a cron schedule expects a run: what absence rules measure silence against. */
import { createTask } from 'node-cron';

/**
 * The longest gap between consecutive slots among the next `slots` runs of a cron expression, ms.
 * The longest, not the shortest: a weekday schedule must not read its weekend as silence.
 * @example scheduleIntervalMs('*\/5 * * * *') // 300_000
 */
export function scheduleIntervalMs(expression: string, options: { timezone?: string; slots?: number } = {}): number {
  const task = createTask(expression, () => {}, options.timezone ? { timezone: options.timezone } : {});
  try {
    const runs = task.getNextRuns(options.slots ?? 16).map((d) => d.getTime());
    let max = 0;
    for (let i = 1; i < runs.length; i++) max = Math.max(max, runs[i]! - runs[i - 1]!);
    return max;
  } finally {
    void task.destroy();
  }
}
