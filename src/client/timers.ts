/**
 * Timers over the injected Clock: every timeout is a `clock.sleep` raced by an AbortSignal, never
 * a raw setTimeout, so virtual time drives them in tests and the chaos engine.
 */
import type { Clock } from '../shared/clock.ts';

/** A constant abort reason: cancelling a timer must not cost a DOMException and its stack. */
const CANCELLED = Object.freeze({ cancelled: true });
const noop = () => {};

/** Calls `fire` after `ms` unless the returned cancel function runs first. */
export function startTimer(clock: Clock, ms: number, fire: () => void): () => void {
  const ac = new AbortController();
  clock.sleep(ms, ac.signal).then(fire, noop);
  return () => ac.abort(CANCELLED);
}

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

/**
 * Stall detection for streams: aborts with `reason()` when no `touch()` came for `idleMs`.
 * One pending sleep at a time, re-armed from the last touch, instead of a timer per event.
 */
export function startIdleWatchdog(clock: Clock, idleMs: number, onIdle: () => void): { touch(): void; stop(): void } {
  let last = clock.now();
  let stopped = false;
  const ac = new AbortController();
  const loop = async () => {
    while (!stopped) {
      const due = last + idleMs - clock.now();
      if (due <= 0) {
        stopped = true;
        onIdle();
        return;
      }
      await clock.sleep(due, ac.signal);
    }
  };
  loop().catch(noop);
  return {
    touch: () => {
      last = clock.now();
    },
    stop: () => {
      stopped = true;
      ac.abort(CANCELLED);
    },
  };
}
