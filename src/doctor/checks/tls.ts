/**
 * `tls`: the target uses HTTPS with TLS 1.2 or later. The negotiated version is read from a real
 * handshake (`tls.connect`, `getProtocol()`), not guessed from the URL scheme; the client offers
 * every version down to TLS 1.0 so an old server's version is reported, not just refused.
 */
import { connect } from 'node:tls';
import { isIP } from 'node:net';
import { DEFAULT_BASE_URL } from '../../client/create-client.ts';
import type { CheckResult, DoctorContext } from '../types.ts';

/** Versions accepted, as `getProtocol()` names them. */
const GOOD_VERSIONS: ReadonlySet<string> = new Set(['TLSv1.2', 'TLSv1.3']);

export interface Handshake {
  protocol: string | null;
  authorized: boolean;
  authorizationError: string | null;
}

/** One handshake with `host:port`; rejects on a connection or handshake error. */
export function handshake(host: string, port: number, timeoutMs: number, ca?: string | Buffer): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      minVersion: 'TLSv1',
      // Old versions need the low security level to be offered at all; the verdict is ours.
      ciphers: 'DEFAULT@SECLEVEL=0',
      rejectUnauthorized: false,
      ...(ca ? { ca } : {}),
    });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)));
    socket.once('secureConnect', () => {
      const err = socket.authorizationError;
      resolve({ protocol: socket.getProtocol(), authorized: socket.authorized, authorizationError: err ? String((err as Error).message ?? err) : null });
      socket.end();
    });
    socket.once('error', reject);
  });
}

export async function checkTls(ctx: DoctorContext): Promise<CheckResult> {
  const checked = 'the target is HTTPS and negotiates TLS 1.2 or later (a real handshake)';
  if (ctx.target.kind === 'sim') {
    return { id: 'tls', status: 'skip', checked, detail: 'skipped (simulator)', fix: 'run with the real target (ANTHROPIC_API_KEY set, or --target <url>) to check it' };
  }
  const base = ctx.target.kind === 'url' ? ctx.target.baseURL : (ctx.env['ANTHROPIC_BASE_URL'] ?? DEFAULT_BASE_URL);
  const url = new URL(base);
  if (url.protocol !== 'https:') {
    return { id: 'tls', status: 'fail', checked, detail: `${url.host} is plain HTTP: requests and the API key travel unencrypted`, fix: 'use an https:// target (TLS 1.2 or later)' };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  let hs: Handshake;
  try {
    hs = await handshake(host, port, ctx.networkTimeoutMs, ctx.tlsCa);
  } catch (err) {
    return { id: 'tls', status: 'fail', checked, detail: `TLS handshake with ${url.host} failed: ${(err as Error).message}`, fix: `check that ${url.host} is reachable and serves TLS 1.2 or later` };
  }
  const version = hs.protocol ?? 'unknown';
  if (!GOOD_VERSIONS.has(version)) {
    return { id: 'tls', status: 'fail', checked, detail: `${url.host} negotiated ${version}, older than TLS 1.2`, fix: `configure ${url.host} (or the gateway in front of it) to offer TLS 1.2 or 1.3 only` };
  }
  if (!hs.authorized) {
    return { id: 'tls', status: 'fail', checked, detail: `${url.host} negotiated ${version} but its certificate is not trusted: ${hs.authorizationError}`, fix: 'serve a certificate from a trusted CA (or add your CA with NODE_EXTRA_CA_CERTS)' };
  }
  return { id: 'tls', status: 'pass', checked, detail: `${url.host} negotiated ${version} with a trusted certificate`, fix: 'keep TLS 1.2 as the minimum' };
}
