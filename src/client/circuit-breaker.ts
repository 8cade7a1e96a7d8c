/**
 * A circuit breaker per model. It counts consecutive overload-type failures (the service is
 * unhealthy: overloaded, server_error, timeout, connection); at the threshold it opens and calls
 * fail fast for `openMs`. Then it half-opens: one trial call goes through; success closes it,
 * failure opens it again. Time comes from the injected clock.
 *
 * A 429 `rate_limited` is not overload: it is the caller's own quota, and it carries the exact
 * pacing (`retry-after`) the retry policy already honours. Opening on it would swap that signal
 * for a blind 30 s fail-fast, and the breaker would then be what the numbers show instead of the
 * rate limit. It neither counts toward opening nor resets the count.
 *
 * The breaker remembers the kind of the failure that (re)opened it ({@link CircuitBreaker.openedBy}),
 * so a refused call is counted as that fault, never as the breaker.
 */
import type { Clock } from '../shared/clock.ts';
import type { ErrorKind } from '../shared/types.ts';

export interface CircuitBreakerOptions {
  /** Consecutive overload-type failed attempts that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long it stays open before half-opening, ms. Default 30000. */
  openMs?: number;
}

export const DEFAULT_BREAKER: Required<CircuitBreakerOptions> = { failureThreshold: 5, openMs: 30_000 };

export const OVERLOAD_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'overloaded',
  'server_error',
  'timeout',
  'connection',
]);

export type CircuitState = 'closed' | 'open' | 'half_open';

interface Entry {
  failures: number;
  openedAt: number | null;
  /** Kind of the failure that last opened the circuit. */
  openedBy: ErrorKind | null;
  trialInFlight: boolean;
}

export class CircuitBreaker {
  private readonly entries = new Map<string, Entry>();
  private readonly opts: Required<CircuitBreakerOptions>;

  constructor(
    private readonly clock: Clock,
    options: CircuitBreakerOptions = {},
  ) {
    this.opts = { ...DEFAULT_BREAKER, ...options };
  }

  private entry(key: string): Entry {
    let e = this.entries.get(key);
    if (!e) {
      // Stryker disable next-line BooleanLiteral: equivalent: onFailure, the only caller that makes an entry, clears the flag right after
      e = { failures: 0, openedAt: null, openedBy: null, trialInFlight: false };
      this.entries.set(key, e);
    }
    return e;
  }

  state(key: string): CircuitState {
    const e = this.entries.get(key);
    if (!e || e.openedAt === null) return 'closed';
    return this.clock.now() - e.openedAt >= this.opts.openMs ? 'half_open' : 'open';
  }

  /** May an attempt go out now? In half-open state only one trial at a time. */
  tryAcquire(key: string): boolean {
    const s = this.state(key);
    if (s === 'closed') return true;
    if (s === 'open') return false;
    const e = this.entry(key);
    if (e.trialInFlight) return false;
    e.trialInFlight = true;
    return true;
  }

  onSuccess(key: string): void {
    // A model with no entry has never failed: nothing to reset, and no entry made for it.
    const e = this.entries.get(key);
    if (!e) return;
    e.failures = 0;
    e.openedAt = null;
    e.openedBy = null;
    // Stryker disable next-line BooleanLiteral: equivalent: the circuit is closed now and half-opens again only through onFailure, which clears the flag
    e.trialInFlight = false;
  }

  /**
   * Records a failed attempt; permanent errors say nothing about overload and reset nothing (a
   * half-open trial that ends in one leaves the circuit half-open, for the next call to try).
   * The count is kept while the circuit is open, so a half-open trial that fails with an
   * overload-type error is one more past the threshold and opens it again for a full `openMs`.
   */
  onFailure(key: string, kind: ErrorKind): void {
    const e = this.entry(key);
    e.trialInFlight = false;
    if (!OVERLOAD_KINDS.has(kind)) return;
    e.failures++;
    if (e.failures >= this.opts.failureThreshold) {
      e.openedAt = this.clock.now();
      e.openedBy = kind;
    }
  }

  /** The kind of the failure that opened the circuit (null while closed): what a refused call counts as. */
  openedBy(key: string): ErrorKind | null {
    // Set when the circuit opens, cleared with the count when it closes.
    return this.entries.get(key)?.openedBy ?? null;
  }

  /** Consecutive overload-type failures counted for this model. */
  failures(key: string): number {
    return this.entries.get(key)?.failures ?? 0;
  }

  /** Releases a half-open trial that ended without a verdict (e.g. the caller aborted). */
  release(key: string): void {
    const e = this.entries.get(key);
    if (e) e.trialInFlight = false;
  }
}
