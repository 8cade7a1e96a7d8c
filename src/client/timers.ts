/**
 * Timers over the injected Clock: every timeout is a `clock.sleep` raced by an AbortSignal, never
 * a raw setTimeout, so virtual time drives them in tests and the chaos engine.
 *
 * One watchdog per call covers the call deadline, the current attempt's timeout and the stream
 * idle timeout with a single pending sleep: it sleeps until the earliest of the three, re-checks
 * on waking (moving bounds only move later, so an early wake just sleeps again), and fires the
 * one that is due. One sleep instead of three keeps the per-call cost low (Node 20 AbortSignals
 * are not cheap; see bench/client.bench.ts).
 */
import type { Clock } from '../shared/clock.ts';
import { LocalAbort } from './errors.ts';

/** A constant abort reason: cancelling a timer must not cost a DOMException and its stack. */
const CANCELLED = Object.freeze({ cancelled: true });
const noop = () => {};

/** Aborts `target` when `source` aborts, with the same reason. Returns the unlink function. */
export function linkSignal(source: AbortSignal | undefined, target: AbortController): () => void {
  if (!source) return noop;
  if (source.aborted) {
    target.abort(source.reason);
    return noop;
  }
  const onAbort = () => target.abort(source.reason);
  source.addEventListener('abort', onAbort, { once: true });
  return () => source.removeEventListener('abort', onAbort);
}

export class CallWatchdog {
  private attemptAt = Infinity;
  private idleMs = Infinity;
  private lastEvent = 0;
  private abortAttempt: ((reason: LocalAbort) => void) | null = null;
  private attemptTimeoutMs = 0;
  private stopped = false;
  private sleeping: AbortController | null = null;
  private wakeAt = Infinity;
  /** True once the call deadline fired. */
  expired = false;

  constructor(
    private readonly clock: Clock,
    private readonly deadlineAt: number,
    private readonly deadlineMs: number,
  ) {}

  /** Arms the attempt timeout; `abort` ends the attempt with our reason. */
  startAttempt(timeoutMs: number, abort: (reason: LocalAbort) => void): void {
    this.attemptTimeoutMs = timeoutMs;
    this.attemptAt = this.clock.now() + timeoutMs;
    this.abortAttempt = abort;
    this.idleMs = Infinity;
    this.arm();
  }

  /** From now on, a gap of `idleMs` between `touch()`es is a stall. */
  watchIdle(idleMs: number): void {
    this.idleMs = idleMs;
    this.lastEvent = this.clock.now();
    this.arm();
  }

  touch(): void {
    this.lastEvent = this.clock.now();
  }

  endAttempt(): void {
    this.attemptAt = Infinity;
    this.idleMs = Infinity;
    this.abortAttempt = null;
  }

  stop(): void {
    this.stopped = true;
    this.endAttempt();
    this.sleeping?.abort(CANCELLED);
    this.sleeping = null;
  }

  private due(): number {
    return Math.min(this.deadlineAt, this.attemptAt, this.lastEvent + this.idleMs);
  }

  private arm(): void {
    if (this.stopped) return;
    const at = this.due();
    if (this.sleeping && this.wakeAt <= at) return; // an earlier wake is pending; it re-arms
    this.sleeping?.abort(CANCELLED);
    const ac = new AbortController();
    this.sleeping = ac;
    this.wakeAt = at;
    this.clock.sleep(at - this.clock.now(), ac.signal).then(() => {
      if (this.sleeping !== ac) return;
      this.sleeping = null;
      this.wakeAt = Infinity;
      this.check();
    }, noop);
  }

  private check(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const abort = this.abortAttempt;
    if (now >= this.deadlineAt) {
      this.expired = true;
      this.endAttempt();
      abort?.(new LocalAbort('deadline', `call exceeded its ${this.deadlineMs} ms deadline`));
      return;
    }
    if (now >= this.attemptAt) {
      this.endAttempt();
      abort?.(new LocalAbort('attempt_timeout', `attempt exceeded ${this.attemptTimeoutMs} ms`));
    } else if (now >= this.lastEvent + this.idleMs) {
      const idle = this.idleMs;
      this.endAttempt();
      abort?.(new LocalAbort('stream_idle', `stream stalled: no event for ${idle} ms`));
    }
    this.arm();
  }
}
