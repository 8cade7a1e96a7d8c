/**
 * Simulated time that runs `1 / scale` times faster than the wall clock, for code we cannot put
 * on a virtual clock (the user's SDK sleeps with the real setTimeout; a service runs in another
 * process). `now()` is simulated ms; `sleep(ms)` waits `ms x scale` of wall time.
 */
import { systemClock, type Clock } from '../../shared/clock.ts';

export class ScaledClock implements Clock {
  private readonly wall0 = performance.now();

  constructor(
    /** Simulated ms at the start. */
    private readonly epoch: number,
    /** Wall ms per simulated ms, in (0, 1]. */
    readonly scale: number,
  ) {}

  now(): number {
    return this.epoch + (performance.now() - this.wall0) / this.scale;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms * this.scale, signal);
  }
}
