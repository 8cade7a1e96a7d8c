/**
 * Which API the canaries talk to: `sim` (the built-in simulator, in-process), `anthropic` (the
 * real API, needs ANTHROPIC_API_KEY), or a base URL (e.g. `claude-canary sim` on 127.0.0.1, or
 * a gateway). Without a flag: the real API when ANTHROPIC_API_KEY is set, else the simulator.
 */
import { CanaryError } from '../shared/errors.ts';

export type Target = { kind: 'sim'; label: 'sim' } | { kind: 'anthropic'; label: 'anthropic' } | { kind: 'url'; label: string; baseURL: string };

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
    throw new CanaryError('usage', `--target must be sim, anthropic or a base URL, got "${flag}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CanaryError('usage', `--target URL must be http(s), got "${flag}"`);
  return { target: { kind: 'url', label: url.origin, baseURL: url.origin + url.pathname.replace(/\/$/, '') }, notice: null };
}
