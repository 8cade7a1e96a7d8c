/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temp folder, the server
 * on 127.0.0.1 and a free port (its unix socket in that folder too), stopped and removed by
 * `stop()`. PostgreSQL refuses to run as root: as root the server runs as the `postgres` OS user
 * (`runuser`), otherwise as the current user.
 *
 * Binaries: `$PG_BIN`, else the newest /usr/lib/postgresql/<version>/bin (Debian's place, not on
 * PATH), else `initdb` on PATH. Without them PostgreSQL tests skip with the reason, except in CI
 * (`CI=true`), where they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

/** Where initdb, pg_ctl and postgres are, or why they cannot be used. */
export function findPgBin(): { bin: string } | { missing: string } {
  const env = process.env['PG_BIN'];
  if (env) return existsSync(join(env, 'initdb')) ? { bin: env } : { missing: `PG_BIN=${env} has no initdb` };
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return { bin: join(debian, versions[0], 'bin') };
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  if (which.status === 0 && onPath) return { bin: dirname(realpathSync(onPath)) };
  return { missing: 'PostgreSQL binaries not found: no initdb in $PG_BIN, /usr/lib/postgresql/*/bin or PATH (Debian: apt-get install postgresql)' };
}

/** Whether PostgreSQL tests run here: `skip` holds the reason when they skip; in CI a missing binary is not a skip. */
export function pgTestGate(): { skip: false; bin: string } | { skip: true; reason: string } | { skip: false; bin: null; reason: string } {
  const found = findPgBin();
  if ('bin' in found) return { skip: false, bin: found.bin };
  if (process.env['CI'] === 'true') return { skip: false, bin: null, reason: `${found.missing} (CI=true: PostgreSQL tests must run)` };
  return { skip: true, reason: found.missing };
}

/** Environment variable through which the global setup hands its cluster's superuser URL to the test processes. */
export const PG_SHARED_ENV = 'CANARY_TEST_PG_URL';

export interface PgCluster {
  /** Superuser URL (`canary`, trust auth) to the `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** A new empty database; returns its URL (with `password`, when given: trust auth ignores it). */
  newDatabase(options?: { password?: string }): Promise<string>;
  /** Stops the server (fast shutdown) and removes the folder. */
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a cluster. `durable: false` (tests) turns fsync off; benchmarks keep the defaults. `maxConnections`: 50 unless given (a cluster every test process shares needs more). */
export async function startPgCluster(bin: string, options: { durable?: boolean; maxConnections?: number } = {}): Promise<PgCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'canary-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const file = join(bin, cmd);
    return asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe', cwd: dir }) : execFileSync(file, args, { stdio: 'pipe', cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const settings = ['-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `max_connections=${options.maxConnections ?? 50}`];
  if (options.durable === false) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  else settings.push('-c', 'max_wal_size=2GB', '-c', 'shared_buffers=256MB');
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'canary', '--no-sync', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`could not start a PostgreSQL cluster: ${err.stderr?.toString() || err.message}`, { cause: e });
  }
  let stopped = false;
  return {
    ...sharedPgCluster(`postgres://canary@127.0.0.1:${port}/postgres`),
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Databases made in this process (names carry the pid: test processes share one cluster). */
let databases = 0;

/**
 * A cluster someone else started and stops (the test run's global setup: one for every test
 * file, see test/global-setup.ts): new databases on it; `stop` does nothing.
 */
export function sharedPgCluster(url: string): PgCluster {
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    async newDatabase(o = {}) {
      const name = `t${process.pid}_${++databases}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
      } finally {
        await c.end();
      }
      return `postgres://canary${o.password ? `:${encodeURIComponent(o.password)}` : ''}@127.0.0.1:${port}/${name}`;
    },
    stop() {},
  };
}
