import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler, type Scheduler, type SchedulerEvent } from '../../src/scheduler/index.ts';
import { VirtualClock } from '../../src/shared/clock.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const probe = (id: string, schedule = '0 0 1 1 *', model: string | string[] = 'claude-haiku-4-5', enabled = true) => ({ id, schedule, model, enabled });

/** A promise with its resolve function, to hold runs open. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop({ deadlineMs: 100 });
  scheduler = undefined;
});

describe('scheduler', () => {
  it('does not pile up a run slower than its schedule: ticks while it runs are skipped and counted', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    scheduler = createScheduler([probe('slow', '* * * * * *')], {
      jitterMs: 0,
      run: async () => {
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(2_300);
        concurrent--;
      },
    });
    scheduler.start();
    await sleep(4_600);
    const s = scheduler.stats();
    expect(maxConcurrent).toBe(1);
    // Four ticks in 4.6 s, two runs; a loaded machine may miss a tick, never start an extra run.
    expect(s.fired).toBeGreaterThanOrEqual(3);
    expect(s.started).toBeLessThanOrEqual(2);
    expect(s.skipped_overlap).toBe(s.fired - s.started);
    expect(s.skipped_overlap).toBeGreaterThanOrEqual(1);
  }, 10_000);

  it('runs every series of a multi-model probe on real cron ticks, skipping disabled probes', async () => {
    const seen: string[] = [];
    scheduler = createScheduler([probe('multi', '* * * * * *', ['claude-haiku-4-5', 'claude-sonnet-4-6']), probe('off', '* * * * * *', 'claude-haiku-4-5', false)], {
      jitterMs: 0,
      run: async (p, model) => void seen.push(`${p.id}@${model}`),
    });
    expect(scheduler.series()).toEqual(['multi@claude-haiku-4-5', 'multi@claude-sonnet-4-6']);
    scheduler.start();
    expect(scheduler.stats().jobs).toBe(1);
    await sleep(2_200);
    expect(new Set(seen)).toEqual(new Set(['multi@claude-haiku-4-5', 'multi@claude-sonnet-4-6']));
    expect(scheduler.stats().series['multi@claude-haiku-4-5']!.completed).toBeGreaterThanOrEqual(1);
  }, 10_000);

  it('creates one node-cron job per distinct cron expression, however many series share it', () => {
    const probes = [...Array.from({ length: 50 }, (_, i) => probe(`p${i}`, '*/5 * * * *')), probe('hourly', '0 * * * *')];
    scheduler = createScheduler(probes, { run: async () => {} });
    scheduler.start();
    expect(scheduler.stats().jobs).toBe(2);
    expect(scheduler.series()).toHaveLength(51);
  });

  it('respects the global concurrency cap, queueing the rest in fire order', async () => {
    const g = gate();
    let concurrent = 0;
    let maxConcurrent = 0;
    const order: string[] = [];
    const probes = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => probe(id));
    scheduler = createScheduler(probes, {
      jitterMs: 0,
      maxConcurrency: 2,
      run: async (p) => {
        order.push(p.id);
        concurrent++;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await g.opened;
        await sleep(5);
        concurrent--;
      },
    });
    for (const p of probes) expect(scheduler.trigger(p.id)).toBe('accepted');
    await sleep(20);
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 4, started: 2 });
    g.open();
    await scheduler.whenIdle();
    expect(maxConcurrent).toBe(2);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(scheduler.stats()).toMatchObject({ running: 0, queued: 0, started: 6, completed: 6 });
  });

  it('skips a trigger while the same series is still queued', async () => {
    const g = gate();
    scheduler = createScheduler([probe('a'), probe('b')], { jitterMs: 0, maxConcurrency: 1, run: () => g.opened });
    expect(scheduler.trigger('a')).toBe('accepted');
    expect(scheduler.trigger('b')).toBe('accepted');
    expect(scheduler.trigger('b')).toBe('skipped_overlap');
    expect(scheduler.trigger('a')).toBe('skipped_overlap');
    g.open();
    await scheduler.whenIdle();
    expect(scheduler.stats()).toMatchObject({ fired: 4, started: 2, skipped_overlap: 2 });
  });

  it('counts a failing run as failed and keeps scheduling the series', async () => {
    let calls = 0;
    const events: SchedulerEvent[] = [];
    scheduler = createScheduler([probe('flaky')], {
      jitterMs: 0,
      onEvent: (e) => events.push(e),
      run: async () => {
        if (++calls === 1) throw new Error('boom');
      },
    });
    scheduler.trigger('flaky');
    await scheduler.whenIdle();
    scheduler.trigger('flaky');
    await scheduler.whenIdle();
    expect(scheduler.stats()).toMatchObject({ started: 2, failed: 1, completed: 1 });
    expect(events.find((e) => e.type === 'failed')).toMatchObject({ series: 'flaky@claude-haiku-4-5', error: new Error('boom') });
  });

  it('keeps counting correctly when an event observer throws', async () => {
    scheduler = createScheduler([probe('a')], {
      jitterMs: 0,
      onEvent: () => {
        throw new Error('observer bug');
      },
      run: async () => {},
    });
    scheduler.trigger('a');
    await scheduler.whenIdle();
    expect(scheduler.stats()).toMatchObject({ started: 1, completed: 1, failed: 0 });
  });

  it('delays each start by random jitter read from the injected clock', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1), { autoAdvance: false });
    let startedAt: number | undefined;
    scheduler = createScheduler([probe('j')], { clock, jitterMs: 1_000, random: () => 0.5, run: async () => void (startedAt = clock.now()) });
    scheduler.trigger('j');
    await sleep(5);
    clock.advance(499);
    await sleep(5);
    expect(startedAt).toBeUndefined();
    clock.advance(1);
    await scheduler.whenIdle();
    expect(startedAt).toBe(Date.UTC(2026, 0, 1) + 500);
  });

  it('caps jitter at half the series interval', async () => {
    const events: SchedulerEvent[] = [];
    scheduler = createScheduler([probe('fast', '* * * * * *')], { jitterMs: 60_000, random: () => 0.99, onEvent: (e) => events.push(e), run: async () => {} });
    scheduler.start();
    scheduler.trigger('fast');
    await scheduler.whenIdle();
    const started = events.find((e) => e.type === 'started');
    expect(started && 'jitterMs' in started && started.jitterMs).toBe(495);
  });

  it('stop waits for in-flight runs to finish, then fires nothing more', async () => {
    let finished = false;
    scheduler = createScheduler([probe('s', '* * * * * *')], {
      jitterMs: 0,
      run: async () => {
        await sleep(1_500);
        finished = true;
      },
    });
    scheduler.start();
    while (scheduler.stats().started === 0) await sleep(20);
    const report = await scheduler.stop();
    expect(finished).toBe(true);
    expect(report).toEqual({ drained: true, abandoned: [], cancelled: 0 });
    const fired = scheduler.stats().fired;
    await sleep(1_200);
    expect(scheduler.stats().fired).toBe(fired);
    expect(scheduler.trigger('s')).toBe('stopped');
  }, 10_000);

  it('stop drops runs still waiting for jitter or a slot', async () => {
    const g = gate();
    const ran: string[] = [];
    scheduler = createScheduler([probe('a'), probe('b'), probe('c')], {
      jitterMs: 0,
      maxConcurrency: 1,
      run: async (p) => {
        ran.push(p.id);
        await g.opened;
      },
    });
    ['a', 'b', 'c'].forEach((id) => scheduler!.trigger(id));
    await sleep(10);
    const stopping = scheduler.stop();
    g.open();
    expect(await stopping).toEqual({ drained: true, abandoned: [], cancelled: 2 });
    expect(ran).toEqual(['a']);
    expect(scheduler.stats()).toMatchObject({ cancelled: 2, completed: 1 });
  });

  it('aborts the signal of runs still going at the stop deadline and reports them', async () => {
    let aborted = false;
    scheduler = createScheduler([probe('stuck')], {
      jitterMs: 0,
      run: (_, __, ctx) =>
        new Promise<void>((resolve) =>
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          }),
        ),
    });
    scheduler.trigger('stuck');
    await sleep(5);
    const t0 = Date.now();
    const report = await scheduler.stop({ deadlineMs: 200 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(report).toEqual({ drained: false, abandoned: ['stuck@claude-haiku-4-5'], cancelled: 0 });
    expect(aborted).toBe(true);
  });
});
