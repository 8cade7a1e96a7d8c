/**
 * PostgreSQL URLs as `--db` / `CANARY_DB` values: `postgres://` or `postgresql://` selects the
 * PostgreSQL backend. The password is registered with the log scrubber as soon as the URL is
 * seen, and every name the store shows (errors, `store.path`, reports) is the masked form.
 */
import { registerSecret } from '../../log/scrub.ts';

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** The URL with its password replaced by `***` (unchanged when it has none or does not parse). */
export function maskPostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // An unparsable URL may still carry `user:password@`: drop everything before the `@`.
    return url.replace(/\/\/[^/@]*@/, '//***@');
  }
}

/** Registers the URL's password (raw and percent-decoded) and the whole URL as secrets; returns the masked URL. */
export function protectPostgresUrl(url: string): string {
  registerSecret(url);
  try {
    const u = new URL(url);
    if (u.password) {
      registerSecret(u.password);
      registerSecret(decodeURIComponent(u.password));
    }
    const inQuery = u.searchParams.get('password');
    if (inQuery) registerSecret(inQuery);
  } catch {
    const m = /\/\/[^/:@]*:([^/@]*)@/.exec(url);
    if (m?.[1]) registerSecret(m[1]);
  }
  return maskPostgresUrl(url);
}
