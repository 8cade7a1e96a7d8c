import type { ErrorKind } from '../shared/types.ts';
import type { CallRecord } from './types.ts';

/**
 * Why our own code ended an attempt. Set as the AbortSignal reason, so the attempt loop can tell
 * its own timeouts from a caller's abort and from the server.
 */
export class LocalAbort extends Error {
  readonly reason: 'attempt_timeout' | 'deadline' | 'stream_idle' | 'caller';
  constructor(reason: LocalAbort['reason'], message: string) {
    super(message);
    this.name = 'LocalAbort';
    this.reason = reason;
  }
}

/** A failure of our own detection (truncated stream, garbage body, refusal to send). */
export class ClientFault extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClientFault';
    this.kind = kind;
  }
}

/**
 * What `call()` throws when a call fails: the error kind, the full record (every attempt, waits,
 * timings) and the last underlying error as `cause`.
 */
export class ClaudeCallError extends Error {
  readonly kind: ErrorKind;
  readonly record: CallRecord;
  constructor(kind: ErrorKind, message: string, record: CallRecord, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClaudeCallError';
    this.kind = kind;
    this.record = record;
  }
}
