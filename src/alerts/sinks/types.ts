/** What a sink is: a name (the outbox key) and one async delivery. */
import type { Notification } from '../notification.ts';

export interface Sink {
  /** Unique name; outbox rows are keyed by it, so renaming a sink orphans its pending rows. */
  readonly name: string;
  /**
   * Delivers one notification or throws. Must honour `signal` (the delivery timeout).
   * Throw a {@link SinkError} with `permanent: true` for failures a retry cannot fix.
   */
  deliver(notification: Notification, signal: AbortSignal): Promise<void>;
}

/** A failed delivery; `permanent` ones are dead-lettered at once instead of retried. */
export class SinkError extends Error {
  readonly permanent: boolean;
  readonly status: number | null;

  constructor(message: string, options: { permanent?: boolean; status?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SinkError';
    this.permanent = options.permanent ?? false;
    this.status = options.status ?? null;
  }
}

/** Where the console sink writes; the CLI passes stdout, tests an array. */
export interface Writer {
  write(text: string): void;
}
