/**
 * End to end, as an operator runs it: a server on 127.0.0.1 that echoes the API key (and the
 * target URL's password) back, plain, URL-encoded, fully percent-encoded and in base64, in an
 * error body and in reply text. The real CLI runs against it as a child process; neither secret
 * may appear in --json, stderr, the SQLite files, the HTML report, /metrics or OTLP.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// Assembled at run time, so no key-shaped string is committed.
const KEY = ['sk', 'ant', 'api03', 'KEYSENTINEL1x9Qz7Lm3Vb5Nc8Tr2Wd4'].join('-');
const PASSWORD = 'URLSENTINEL-p4ss-w0rd-9f8e7d6c5b4a';

const pct = (s: string) => Array.from(s, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
/** What a test looks for: each secret's distinctive part, plain, fully percent-encoded (both cases) and base64. */
const FORBIDDEN = [KEY, PASSWORD].flatMap((s) => {
  const core = s.includes('KEYSENTINEL') ? 'KEYSENTINEL' : 'URLSENTINEL';
  return [core, pct(core), pct(core).toLowerCase(), Buffer.from(s).toString('base64').slice(4, 24)];
});

function leaks(text: string): string[] {
  return FORBIDDEN.filter((f) => text.includes(f));
}

/** Everything a request carried that a careless server would echo back. */
function echo(req: IncomingMessage): string {
  const auth = String(req.headers['authorization'] ?? '');
  const key = auth.replace(/^Bearer /, '');
  const basic = `canary:${PASSWORD}`; // as a gateway that logged the target URL would
  return `key ${key} url-encoded ${encodeURIComponent(key)} percent ${pct(key)} json ${JSON.stringify(key).replace(/[a-z]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)} base64 ${Buffer.from(key).toString('base64')} auth ${auth} basic ${Buffer.from(basic).toString('base64')} user:pass ${basic} pass ${pct(basic)}`;
}

let server: Server;
let port = 0;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(String(req.headers['authorization']));
      const text = echo(req);
      res.setHeader('content-type', 'application/json');
      res.setHeader('request-id', 'req_echo_1');
      if (body.includes('FAIL')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: `bad request from ${text}` }, request_id: 'req_echo_1' }));
        return;
      }
      res.end(JSON.stringify({ id: 'msg_echo', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: `Echo: ${text}` }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 60 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function workspace(): { dir: string; probes: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  const probes = join(dir, 'probes');
  mkdirSync(probes);
  writeFileSync(join(probes, 'fails.probe.ts'), `export default { id: 'fails', description: 'error body echoes the key', schedule: '*/2 * * * * *', model: 'claude-haiku-4-5', prompt: 'FAIL please', max_tokens: 100 };`);
  writeFileSync(
    join(probes, 'echo.probe.ts'),
    `export default { id: 'echo', description: 'reply echoes the key', schedule: '*/2 * * * * *', model: 'claude-haiku-4-5', prompt: 'hello', max_tokens: 100,
       expectations: { checks: { too_short: false, repetition: false }, assertions: [{ kind: 'not_contains', value: 'key' }, { kind: 'regex', pattern: '^nothing$' }] } };`,
  );
  return { dir, probes, db: join(dir, 'canary.db') };
}

const target = () => `http://canary:${PASSWORD}@127.0.0.1:${port}`;

/** The CLI as a child process, without blocking this process (the echo server lives here). */
function cli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

test('a key echoed by the server, plain or encoded, reaches none of --json, stderr, the SQLite files or the HTML report', async () => {
  const { dir, probes, db } = workspace();
  const report = join(dir, 'report.html');
  const r = await cli(['run', '--probes-dir', probes, '--db', db, '--target', target(), '--json', '--report', report, '--verbose'], { ANTHROPIC_API_KEY: KEY, OTEL_SDK_DISABLED: 'true' });
  // Positive control: the server did receive both secrets, and the run did reach it.
  expect(seen.length, r.stderr).toBeGreaterThan(0);
  expect(seen.every((s) => s.includes(`Bearer ${KEY}`))).toBe(true);
  expect(r.status).toBe(1);
  const results = JSON.parse(r.stdout) as Array<{ probe_id: string; outcome: string; error_message: string | null; output_preview: string | null }>;
  expect(results.map((x) => [x.probe_id, x.outcome])).toEqual([['echo', 'fail'], ['fails', 'error']]);
  expect(results[0]!.output_preview).toContain('[REDACTED]');
  expect(results[1]!.error_message).toContain('[REDACTED]');
  expect(leaks(r.stdout)).toEqual([]);
  expect(leaks(r.stderr)).toEqual([]);
  const stored = readdirSync(dir).filter((f) => f.startsWith('canary.db')).map((f) => readFileSync(join(dir, f)).toString('latin1')).join('\n');
  expect(stored).toContain('REDACTED');
  expect(leaks(stored)).toEqual([]);
  const html = readFileSync(report, 'utf8');
  expect(html).toContain('fails');
  expect(leaks(html)).toEqual([]);
  // The target is shown without its credentials.
  expect(r.stderr).toContain(`against http://127.0.0.1:${port}`);
}, 60_000);

test('monitor with --target http://user:<secret>@host: /metrics and OTLP carry neither secret, nor the command line', async () => {
  const { probes, db } = workspace();
  const bodies: string[] = [];
  const otlp = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(`${req.url} ${Buffer.concat(chunks).toString('latin1')}`);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => otlp.listen(0, '127.0.0.1', () => r()));
  const metricsPort = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'monitor', '--probes-dir', probes, '--db', db, '--target', target(), '--metrics-port', String(metricsPort), '--run-now'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: KEY,
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    const end = Date.now() + 45_000;
    while ((out.match(/"event":"result"/g) ?? []).length < 2) {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`monitor: ${out.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain('target_info');
    expect(metrics).toContain('process_pid');
    expect(metrics).not.toContain('process_command_args');
    expect(leaks(metrics)).toEqual([]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const exported = bodies.join('\n');
    expect(exported).toContain('/v1/traces');
    expect(exported).toContain('/v1/metrics');
    expect(exported).not.toContain('process.command_args');
    expect(leaks(exported)).toEqual([]);
      expect(leaks(out)).toEqual([]);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await new Promise<void>((r) => otlp.close(() => r()));
  }
}, 90_000);
