/** The store's one error class: what failed, on which file or database, and how to fix it. */
import { scrubString } from '../log/scrub.ts';

export type StoreErrorCode = 'not_a_database' | 'locked' | 'newer_schema' | 'cannot_open' | 'migration_failed';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  /** The database file the error is about, or the PostgreSQL URL with its password masked. */
  readonly path: string;

  constructor(code: StoreErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
    this.path = path;
  }
}

const sqliteCode = (e: unknown): string => (e as { code?: unknown })?.code?.toString() ?? '';

/** True for SQLITE_BUSY / SQLITE_LOCKED and their extended codes, and PostgreSQL's lock_not_available / deadlock_detected. */
export function isLockError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '55P03' || code === '40P01';
}

/** PostgreSQL: connection refused or unknown host, authentication, no such database, too many clients. */
const PG_CANNOT_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', '28P01', '28000', '3D000', '53300', '57P03', 'timeout']);

/** Turns a better-sqlite3 error raised while opening or migrating into a StoreError naming the path. */
export function storeErrorFrom(e: unknown, path: string): StoreError {
  if (e instanceof StoreError) return e;
  const code = sqliteCode(e);
  // Whatever a server or driver wrote goes through the scrubber (the URL's password is registered).
  const detail = scrubString((e as Error)?.message ?? String(e));
  if (/^postgres(ql)?:/i.test(path)) {
    if (PG_CANNOT_CONNECT.has(code)) {
      return new StoreError('cannot_open', path, `cannot connect to PostgreSQL at ${path} (${detail}). Check the URL, that the server is up and that the database exists.`, { cause: e });
    }
    if (isLockError(e)) return new StoreError('locked', path, `${path}: a lock wait failed (${detail}). Retry; check for long transactions.`, { cause: e });
    return new StoreError('migration_failed', path, `failed to open or migrate ${path}: ${detail}`, { cause: e });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('not_a_database', path, `${path} is not a usable SQLite database (${detail}). Move it aside or point --db at another file.`, { cause: e });
  }
  if (isLockError(e)) {
    return new StoreError('locked', path, `${path} is locked by another process (${detail}). Stop the other writer or raise busyTimeoutMs.`, { cause: e });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return new StoreError('cannot_open', path, `cannot open ${path} for writing (${detail}). Check that the directory exists and is writable.`, { cause: e });
  }
  return new StoreError('migration_failed', path, `failed to open or migrate ${path}: ${detail}`, { cause: e });
}
