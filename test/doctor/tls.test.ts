/**
 * The TLS check does a real handshake and reports the negotiated version: against local HTTPS
 * servers on 127.0.0.1 with a self-signed certificate made at test time (openssl), one offering
 * only TLS 1.1 and one only TLS 1.3.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkTls } from '../../src/doctor/checks/tls.ts';
import { doctorContext } from './context.ts';

let key: Buffer;
let cert: Buffer;
const servers: Server[] = [];

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'key.pem'));
  cert = readFileSync(join(dir, 'cert.pem'));
});

afterAll(() => {
  for (const s of servers) s.close();
});

/** An HTTPS server on 127.0.0.1 that negotiates exactly this version. */
async function httpsOnly(version: 'TLSv1.1' | 'TLSv1.3'): Promise<string> {
  // TLS 1.1 ciphers exist only at OpenSSL security level 0.
  const server = createServer({ key, cert, minVersion: version, maxVersion: version, ...(version === 'TLSv1.1' ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}) }, (_req, res) => res.end('ok'));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const urlTarget = (baseURL: string) => ({ kind: 'url' as const, label: new URL(baseURL).origin, baseURL, credentials: null });

test('a server offering only TLS 1.1 fails the check, which names the negotiated version', async () => {
  const url = await httpsOnly('TLSv1.1');
  const r = await checkTls(await doctorContext({ target: urlTarget(url), tlsCa: cert }));
  expect(r.status).toBe('fail');
  expect(r.detail).toContain('negotiated TLSv1.1');
});

test('a server offering TLS 1.3 with a trusted certificate passes, reporting TLSv1.3', async () => {
  const url = await httpsOnly('TLSv1.3');
  const r = await checkTls(await doctorContext({ target: urlTarget(url), tlsCa: cert }));
  expect(r).toMatchObject({ status: 'pass' });
  expect(r.detail).toContain('negotiated TLSv1.3');
});

test('TLS 1.3 with a certificate nobody trusts fails as untrusted, still naming the version', async () => {
  const url = await httpsOnly('TLSv1.3');
  const r = await checkTls(await doctorContext({ target: urlTarget(url) }));
  expect(r.status).toBe('fail');
  expect(r.detail).toMatch(/negotiated TLSv1\.3 but its certificate is not trusted/);
});

test('a plain-HTTP target fails without a handshake; the simulator is skipped', async () => {
  const plain = await checkTls(await doctorContext({ target: urlTarget('http://127.0.0.1:9') }));
  expect(plain.status).toBe('fail');
  expect(plain.detail).toContain('plain HTTP');
  const sim = await checkTls(await doctorContext());
  expect(sim).toMatchObject({ status: 'skip', detail: 'skipped (simulator)' });
});

test('nothing listening on the target port fails naming the host', async () => {
  const r = await checkTls(await doctorContext({ target: urlTarget('https://127.0.0.1:9') }));
  expect(r.status).toBe('fail');
  expect(r.detail).toContain('TLS handshake with 127.0.0.1:9 failed');
});
