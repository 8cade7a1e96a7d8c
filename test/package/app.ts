/**
 * Packs claude-canary as npm would publish it and installs the tarball into a new app outside the
 * repository, as a user would: `npm ci` of the app, offline. The app's lock file is the
 * repository's own, less its dev-only entries, so every dependency comes from the npm cache that
 * `npm ci` of the repository filled: no registry, no network.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export interface Packed {
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  files: string[];
}

/** `npm pack` (its `prepack` builds dist/) into `dest`. */
export function pack(dest: string): Packed {
  const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', dest], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no package: ${out}`);
  return { tarball: join(dest, basename(info.filename)), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => f.path) };
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  [k: string]: unknown;
}

/**
 * Writes `dir/package.json` (its "type" as given: 'module', or omitted for CommonJS) and a lock
 * file, then `npm ci --offline`. Install scripts run, except better-sqlite3's: it would compile
 * its addon from source for a minute (its prebuilt download needs the network), so the app gets
 * the addon the repository's own `npm ci` compiled from the same version for this same Node
 * (checked: same version, then loaded by the app's own test runs).
 */
export function installApp(dir: string, tarball: string, type: 'module' | 'commonjs'): void {
  mkdirSync(dir, { recursive: true });
  const spec = `file:${tarball}`;
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  const manifest = { name: `app-${type}`, version: '1.0.0', private: true, ...(type === 'module' ? { type } : {}), dependencies: { 'claude-canary': spec } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const repoLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = {
    '': { name: manifest.name, version: '1.0.0', dependencies: manifest.dependencies },
    'node_modules/claude-canary': {
      version: ours['version'],
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: ours['license'],
      dependencies: ours['dependencies'],
      bin: ours['bin'],
      engines: ours['engines'],
    },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === '' || entry.dev || entry.devOptional) continue;
    packages[path] = entry;
  }
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify({ name: manifest.name, version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  execFileSync(NPM, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env });
  const addon = 'node_modules/better-sqlite3';
  const version = (d: string) => (JSON.parse(readFileSync(join(d, addon, 'package.json'), 'utf8')) as { version: string }).version;
  if (version(dir) !== version(ROOT)) throw new Error(`better-sqlite3 ${version(dir)} in the app, ${version(ROOT)} in the repository: cannot reuse the compiled addon`);
  cpSync(join(ROOT, addon, 'build'), join(dir, addon, 'build'), { recursive: true });
  const withScripts = Object.keys(repoLock.packages)
    .filter((p) => p.startsWith('node_modules/') && !repoLock.packages[p]?.dev && !repoLock.packages[p]?.devOptional && repoLock.packages[p]?.['hasInstallScript'] === true)
    .map((p) => p.slice('node_modules/'.length))
    .filter((name) => name !== 'better-sqlite3');
  if (withScripts.length > 0) execFileSync(NPM, ['rebuild', '--offline', ...withScripts], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env });
}

/** Bytes under `dir` (du -sb). */
export function diskUsage(dir: string): number {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}
