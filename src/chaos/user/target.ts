/**
 * The user's service as a process: started in its own process group with the simulator's URL in
 * its environment, polled until ready, and stopped at the end (SIGTERM to the group, then SIGKILL
 * after a grace period). Its stdout and stderr are kept (the last 64 KiB) for the verdict. (Internal.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Target } from './schema.ts';

const OUTPUT_LIMIT = 64 * 1024;

export interface RunningTarget {
  /** Base URL of the service, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Everything it printed so far (tail), secrets replaced. */
  output(): string;
  /** Whether it ever printed one of the secrets. */
  leaked(): boolean;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (closed again before the service binds it). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitReady(url: string, timeoutMs: number, exited: () => string | null): Promise<void> {
  const until = performance.now() + timeoutMs;
  let last = 'no answer yet';
  while (performance.now() < until) {
    const gone = exited();
    if (gone) throw new Error(`the target exited before it was ready (${gone})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer(); // read, not cancelled: a cancelled body can hang under MSW on Node 20
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await delay(25);
  }
  throw new Error(`the target was not ready at ${url} within ${timeoutMs} ms (last: ${last})`);
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    /* the group is already gone */
  }
}

/**
 * Starts (or, for a `url` target, just waits for) the user's service. `env` is what the
 * service must see (ANTHROPIC_BASE_URL and friends); `secrets` are masked in its output.
 */
export async function startTarget(t: Target, env: Record<string, string>, secrets: readonly string[]): Promise<RunningTarget> {
  if (t.url !== undefined) {
    const url = t.url.replace(/\/$/, '');
    await waitReady(url + t.ready.path, t.ready.timeout_ms, () => null);
    return { url, output: () => '', leaked: () => false, stop: async () => {} };
  }
  const port = await freePort();
  const fullEnv = { ...process.env, ...t.env, ...env, [t.port_env]: String(port) };
  const [cmd, args, shell] = typeof t.command === 'string' ? [t.command, [], true] : [t.command![0]!, t.command!.slice(1), false];
  const child = spawn(cmd, args, { cwd: t.cwd, env: fullEnv, detached: true, shell, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let leaked = false;
  const keep = (b: Buffer) => {
    out += b.toString('utf8');
    // Checked on every chunk: the tail kept below may no longer hold it. (A secret split across two chunks is missed.)
    leaked ||= secrets.some((s) => out.includes(s));
    if (out.length > OUTPUT_LIMIT * 2) out = out.slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      exit = sig ? `signal ${sig}` : `exit code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exit = `could not start: ${err.message}`;
      resolve();
    });
  });
  const output = () => {
    let text = out.slice(-OUTPUT_LIMIT);
    for (const s of secrets) text = text.split(s).join('[REDACTED]');
    return exit ? `${text}\n[${exit}]` : text;
  };
  const stop = async () => {
    if (exit === null && child.pid !== undefined) {
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), t.stop_timeout_ms);
      await exited;
      clearTimeout(timer);
      signalGroup(child, 'SIGKILL'); // anything the service left behind in its group
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url + t.ready.path, t.ready.timeout_ms, () => exit);
  } catch (err) {
    await stop();
    throw Object.assign(err as Error, { targetOutput: output() });
  }
  return { url, output, leaked: () => leaked, stop };
}
