/**
 * One clock for every wait: retry backoff, timeouts and the simulator's latency model.
 * Production uses {@link systemClock}; tests and the chaos engine use {@link VirtualClock}, so a
 * 30 s retry-after or a 60 s hang takes no wall time while every wait is still measured.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time. With `autoAdvance` (the default) the clock jumps to the next timer whenever the
 * process has nothing else to do (checked with `setImmediate`, i.e. after pending I/O callbacks
 * and microtasks have run), so code under test never waits in wall time.
 */
export class VirtualClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;
  private readonly autoAdvance: boolean;

  constructor(startMs = Date.UTC(2026, 0, 1), options: { autoAdvance?: boolean } = {}) {
    this.current = startMs;
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  /** Number of sleeps not yet due. */
  get pending(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve: () => {} };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(abortReason(signal!));
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.schedule();
    });
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    while (this.timers.length > 0 && this.timers[0]!.at <= target) {
      const t = this.timers.shift()!;
      this.current = Math.max(this.current, t.at);
      t.resolve();
    }
    this.current = target;
  }

  /** Fires the earliest timer (and any due at the same instant). Returns false if none. */
  advanceToNext(): boolean {
    const next = this.timers[0];
    if (!next) return false;
    this.advance(next.at - this.current);
    return true;
  }

  private schedule(): void {
    if (!this.autoAdvance || this.scheduled) return;
    this.scheduled = true;
    // Two macrotask hops let in-process I/O (MSW, streams) settle before time jumps.
    setImmediate(() =>
      setImmediate(() => {
        this.scheduled = false;
        if (this.advanceToNext()) this.schedule();
      }),
    );
  }
}
