/**
 * Which API the canaries talk to: `sim` (the built-in simulator, in-process), `anthropic` (the
 * real API, needs ANTHROPIC_API_KEY), or a base URL (e.g. `claude-canary sim` on 127.0.0.1, or
 * a gateway). Without a flag: the real API when ANTHROPIC_API_KEY is set, else the simulator.
 */
import { CanaryError } from '../shared/errors.ts';

/** Credentials written into a target URL (`http://user:pass@host`): taken out of the URL, never shown. */
export interface TargetCredentials {
  username: string;
  password: string;
}

export type Target =
  | { kind: 'sim'; label: 'sim' }
  | { kind: 'anthropic'; label: 'anthropic' }
  | {
      kind: 'url';
      /** The origin, without credentials: what logs, results and metrics show. */
      label: string;
      /** Origin and path, without credentials. */
      baseURL: string;
      /** The URL's userinfo, taken out of it (never shown, not sent); null when the URL had none. */
      credentials: TargetCredentials | null;
    };

/**
 * Strips `user:password@` from every URL in a text (a target, a webhook, an error message that
 * quotes one), so no credential is shown wherever a URL is.
 */
export function stripUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]+@/gi, '$1');
}

export function resolveTarget(flag: string | undefined, env: Record<string, string | undefined>): { target: Target; notice: string | null } {
  const hasKey = !!env['ANTHROPIC_API_KEY'];
  if (flag === undefined) {
    return hasKey
      ? { target: { kind: 'anthropic', label: 'anthropic' }, notice: null }
      : { target: { kind: 'sim', label: 'sim' }, notice: 'ANTHROPIC_API_KEY is not set: running against the built-in simulator.' };
  }
  if (flag === 'sim') return { target: { kind: 'sim', label: 'sim' }, notice: null };
  if (flag === 'anthropic') {
    if (!hasKey) throw new CanaryError('usage', '--target anthropic needs ANTHROPIC_API_KEY in the environment');
    return { target: { kind: 'anthropic', label: 'anthropic' }, notice: null };
  }
  let url: URL;
  try {
    url = new URL(flag);
  } catch {
    throw new CanaryError('usage', `--target must be sim, anthropic or a base URL, got "${stripUserinfo(flag)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CanaryError('usage', `--target URL must be http(s), got "${stripUserinfo(flag)}"`);
  const credentials = url.username || url.password ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : null;
  return { target: { kind: 'url', label: url.origin, baseURL: url.origin + url.pathname.replace(/\/$/, ''), credentials }, notice: null };
}
