/**
 * Timers over the injected Clock: every timeout is a `clock.sleep` raced by an AbortSignal, never
 * a raw setTimeout, so virtual time drives them in tests and the chaos engine.
 *
 * One watchdog per call covers the call deadline, the current attempt's timeout and the stream
 * idle timeout with a single pending sleep: it sleeps until the earliest of the three, re-checks
 * on waking (moving bounds only move later, so an early wake just sleeps again), and fires the
 * one that is due. One sleep instead of three keeps the per-call cost low (Node 20 AbortSignals
 * are not cheap; see bench/client.bench.ts).
 *
 * Under {@link systemClock} itself (whose sleep is a plain setTimeout) every watchdog shares one
 * timer ({@link SystemWakeups}): same timing, but no AbortController, promise, listener or Node
 * timer per call. Any other clock (virtual time, wrappers) goes through `clock.sleep`.
 */
import type { Context } from '@opentelemetry/api';
import { systemClock, type Clock } from '../shared/clock.ts';
import { LocalAbort } from './errors.ts';

/** A constant abort reason: cancelling a timer must not cost a DOMException and its stack. */
const CANCELLED = Object.freeze({ cancelled: true });
const noop = () => {};
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The abort handle of one attempt. The SDK is given no signal at all: linking one costs it a
 * listener, a WeakMap entry and a FinalizationRegistry cell per request (SDK 1.14
 * `request-signal`), about 10 µs a call on Node 20. Instead the request options carry this
 * handle under {@link ATTEMPT}, and {@link InstrumentedSdk} binds it to the SDK's own
 * per-request AbortController as the request reaches fetch, so aborting the attempt aborts that
 * controller: the fetch, or the body being read, is cancelled.
 */
export class AttemptAbort {
  aborted = false;
  reason: unknown = undefined;
  /** The fetch of this attempt's request, as the SDK made it (headers, status, request id). */
  response: Promise<Response> | null = null;
  /** The call span's context when it records: InstrumentedSdk writes its `traceparent` into the request's headers (sdk.ts). */
  traceContext: Context | undefined = undefined;
  private controller: AbortController | null = null;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.controller?.abort(this.reason);
  }

  /** @internal The SDK's controller for this attempt's request (aborted now if we already are). */
  bind(controller: AbortController): void {
    this.controller = controller;
    if (this.aborted) controller.abort(this.reason);
  }
}

/** Request-option key under which an attempt's {@link AttemptAbort} travels through the SDK. */
export const ATTEMPT: unique symbol = Symbol('claude-canary.attempt');

/** Aborts `target` when `source` aborts, with the same reason. Returns the unlink function. */
export function linkSignal(source: AbortSignal | undefined, target: { abort(reason?: unknown): void }): () => void {
  if (!source) return noop;
  if (source.aborted) {
    target.abort(source.reason);
    return noop;
  }
  const onAbort = () => target.abort(source.reason);
  source.addEventListener('abort', onAbort, { once: true });
  return () => source.removeEventListener('abort', onAbort);
}

/** What the watchdog aborts: an AbortController or an {@link AttemptAbort}. */
export interface AbortTarget {
  abort(reason: LocalAbort): void;
}

/**
 * One Node timer for every system-clock watchdog in the process, set for the earliest wake among
 * them. A call's attempt timeout (2 min by default) is almost always later than the wake already
 * pending, so starting and ending a call only links it into and out of a list, with no
 * setTimeout/clearTimeout pair per call (an A/B against a timer per call measured -2 to +3 µs a
 * call non-streaming and -9 to 0 µs streaming, inside that A/B's noise of about ±10 µs). When the timer fires it wakes every watchdog that is due
 * (each re-checks its own bounds, and may ask for a later wake) and is set again for the
 * earliest one left. Each firing scans the watchdogs waiting: O(calls in flight).
 *
 * The timer keeps the process alive only while some watchdog is waiting, as a per-call timer
 * would. A timer that should have fired long ago but did not (a test's fake timers, uninstalled)
 * is replaced on the next add, so it cannot silence every watchdog after it.
 */
class SystemWakeups {
  /** The waiting watchdogs: an intrusive doubly-linked list, so adding and removing one is a few pointer writes, no hashing. */
  private head: CallWatchdog | null = null;
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private refed = false;

  add(w: CallWatchdog, now: number): void {
    const head = this.head;
    w.nextWaiting = head;
    w.prevWaiting = null;
    if (head) head.prevWaiting = w;
    this.head = w;
    this.count++;
    if (w.wakeAt < this.timerAt || this.timerAt < now - STALE_TIMER_MS) this.arm(w.wakeAt, now);
    else if (!this.refed) {
      this.timer!.ref();
      this.refed = true;
    }
  }

  /** Removes `w`; a watchdog not waiting (already woken, or stopped by an abort another one fired) is left alone. */
  delete(w: CallWatchdog): void {
    const prev = w.prevWaiting;
    if (prev === null && this.head !== w) return; // linked iff it has a predecessor or is the head
    const next = w.nextWaiting;
    if (prev) prev.nextWaiting = next;
    else this.head = next;
    if (next) next.prevWaiting = prev;
    w.prevWaiting = w.nextWaiting = null;
    if (--this.count === 0 && this.refed) {
      this.timer!.unref();
      this.refed = false;
    }
  }

  private arm(at: number, now: number): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    // Capped at setTimeout's maximum: an early wake finds nothing due and re-arms.
    this.timer = setTimeout(fireWakeups, Math.min(MAX_TIMER_MS, Math.max(0, at - now)));
    this.refed = true;
  }

  fire(): void {
    this.timer = null;
    this.timerAt = Infinity;
    this.refed = false;
    const now = Date.now();
    const due: CallWatchdog[] = [];
    for (let w = this.head; w; w = w.nextWaiting) if (w.wakeAt <= now) due.push(w);
    for (const w of due) {
      this.delete(w);
      w.woke(); // may add itself back, for a later wake
    }
    let next = Infinity;
    for (let w = this.head; w; w = w.nextWaiting) if (w.wakeAt < next) next = w.wakeAt;
    if (next < this.timerAt) this.arm(next, now);
  }

  /** @internal For tests: how many watchdogs are waiting. */
  get size(): number {
    return this.count;
  }
}

const STALE_TIMER_MS = 60_000;
export const systemWakeups = new SystemWakeups();
const fireWakeups = () => systemWakeups.fire();

export class CallWatchdog {
  private attemptAt = Infinity;
  private idleMs = Infinity;
  private lastEvent = 0;
  private abortAttempt: AbortTarget | null = null;
  private attemptTimeoutMs = 0;
  private stopped = false;
  private sleeping: AbortController | null = null;
  private readonly direct: boolean;
  /** @internal When this watchdog next wants to run its checks. */
  wakeAt = Infinity;
  /** @internal Neighbours in {@link systemWakeups}' list while waiting there. */
  prevWaiting: CallWatchdog | null = null;
  /** @internal */
  nextWaiting: CallWatchdog | null = null;
  /** True once the call deadline fired. */
  expired = false;

  constructor(
    private readonly clock: Clock,
    private readonly deadlineAt: number,
    private readonly deadlineMs: number,
  ) {
    this.direct = clock === systemClock;
  }

  /**
   * Arms the attempt timeout; `abort.abort(reason)` ends the attempt with our reason. A stream
   * attempt passes its idle timeout as `idleHintMs`: the wake is then set no later than one idle
   * window from now, so the `watchIdle` that follows (idle bound >= that wake) need not re-arm
   * the timer; a wake that finds nothing due just sleeps again.
   */
  startAttempt(timeoutMs: number, abort: AbortTarget, idleHintMs = Infinity): void {
    const now = this.clock.now();
    this.attemptTimeoutMs = timeoutMs;
    this.attemptAt = now + timeoutMs;
    this.abortAttempt = abort;
    this.idleMs = Infinity;
    this.arm(now + idleHintMs);
  }

  /** From now on, a gap of `idleMs` between `touch()`es is a stall. */
  watchIdle(idleMs: number): void {
    this.idleMs = idleMs;
    this.lastEvent = this.clock.now();
    this.arm();
  }

  touch(): void {
    this.lastEvent = this.direct ? Date.now() : this.clock.now();
  }

  endAttempt(): void {
    this.attemptAt = Infinity;
    this.idleMs = Infinity;
    this.abortAttempt = null;
  }

  stop(): void {
    this.stopped = true;
    this.endAttempt();
    this.cancelWake();
  }

  private cancelWake(): void {
    // Under the system clock the watchdog waits in systemWakeups' list (a no-op when not linked).
    if (this.direct) systemWakeups.delete(this);
    this.sleeping?.abort(CANCELLED);
    this.sleeping = null;
    this.wakeAt = Infinity;
  }

  /** @internal The system-clock timer's callback. */
  woke(): void {
    this.wakeAt = Infinity;
    this.check();
  }

  private due(): number {
    return Math.min(this.deadlineAt, this.attemptAt, this.lastEvent + this.idleMs);
  }

  private arm(earliest = Infinity): void {
    if (this.stopped) return;
    const at = Math.min(this.due(), earliest);
    if (this.wakeAt <= at) return; // an earlier wake is pending; it re-arms
    this.cancelWake();
    this.wakeAt = at;
    if (this.direct) {
      systemWakeups.add(this, Date.now());
      return;
    }
    const ac = new AbortController();
    this.sleeping = ac;
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
      abort?.abort(new LocalAbort('deadline', `call exceeded its ${this.deadlineMs} ms deadline`));
      return;
    }
    if (now >= this.attemptAt) {
      this.endAttempt();
      abort?.abort(new LocalAbort('attempt_timeout', `attempt exceeded ${this.attemptTimeoutMs} ms`));
    } else if (now >= this.lastEvent + this.idleMs) {
      const idle = this.idleMs;
      this.endAttempt();
      abort?.abort(new LocalAbort('stream_idle', `stream stalled: no event for ${idle} ms`));
    }
    this.arm();
  }
}
