/**
 * Finding k6 and building its command line. Pure functions (plus a file-system probe), so the
 * "k6 missing" path and the argument list are unit-tested without k6 installed.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The built-in scripts under scenarios/load/, by short name. */
export const LOAD_SCRIPTS = ['smoke', 'steady', 'spike', 'soak-faults', 'endpoint-template'] as const;
export type LoadScriptName = (typeof LOAD_SCRIPTS)[number];

/** Default summary path (k6's JSON, kept) and report path. */
export const DEFAULT_SUMMARY_PATH = 'reports/load-summary.json';
/** Default per-request output (k6 `--out json=`; gzip'd by k6 because the name ends in `.gz`). */
export const DEFAULT_SAMPLES_PATH = 'reports/load-samples.json.gz';
export const DEFAULT_REPORT_PATH = 'reports/load.html';

/** What to print when k6 is not installed. */
export const K6_INSTALL_HINT = `k6 is not installed (or not on PATH). claude-canary drives k6; it does not bundle it.
Install k6 (v0.57 or later runs the TypeScript scripts natively; v1.x and v2.x work):
  Debian/Ubuntu: add Grafana's apt repository, then \`sudo apt-get install k6\`
                 (https://grafana.com/docs/k6/latest/set-up/install-k6/)
  Fedora/CentOS: \`sudo dnf install https://dl.k6.io/rpm/repo.rpm && sudo dnf install k6\`
  macOS:         \`brew install k6\`
  Windows:       \`winget install k6 --source winget\` or \`choco install k6\`
  Binary:        download a release archive from https://github.com/grafana/k6/releases and put \`k6\` on PATH
  Docker:        docker run --rm -i --network host -v "$PWD:/work" -w /work grafana/k6 run scenarios/load/smoke.ts
Or point K6_BINARY at an existing k6 executable.`;

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The k6 executable to run: `K6_BINARY` if set (and executable), else the first `k6` on `PATH`
 * (`k6.exe` too on Windows). Null when there is none.
 */
export function findK6(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | null {
  const explicit = env.K6_BINARY;
  if (explicit) return isExecutableFile(explicit) ? resolve(explicit) : null;
  const names = platform === 'win32' ? ['k6.exe', 'k6.cmd', 'k6'] : ['k6'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const p = join(dir, n);
      if (isExecutableFile(p)) return p;
    }
  }
  return null;
}

/**
 * Resolves `smoke` to `<root>/scenarios/load/smoke.ts` (`root`: claude-canary's own package);
 * any other value is a path, relative to `cwd` (default: the working directory).
 */
export function resolveScript(script: string, root: string, cwd: string = process.cwd()): string {
  if ((LOAD_SCRIPTS as readonly string[]).includes(script)) return join(root, 'scenarios', 'load', `${script}.ts`);
  return isAbsolute(script) ? script : resolve(cwd, script);
}

export interface K6RunArgs {
  script: string;
  summaryPath: string;
  /** Passed as `-e KEY=VALUE` (k6's `__ENV`), e.g. BASE_URL. */
  env: Record<string, string>;
  /** Extra arguments placed before the script, e.g. `['--quiet']`. */
  extra?: readonly string[];
  /**
   * Where k6 writes every sample, one JSON object per line (`--out json=<path>`; a `.gz` name makes
   * k6 gzip it, a `.csv` / `.csv.gz` name selects `--out csv=` instead). Omitted: no per-request output.
   */
  samplesPath?: string;
  /** Test-wide tags (`--tag NAME=VALUE`), e.g. `{ instance: 'part-1' }` to tell parallel parts apart. */
  tags?: Record<string, string>;
  /** This instance's share of the test, e.g. `0:1/2` (`--execution-segment`). */
  executionSegment?: string;
  /** All parts' boundaries, e.g. `0,1/2,1` (`--execution-segment-sequence`). */
  executionSegmentSequence?: string;
}

/** The k6 `--out` value for a per-request output path: csv for `.csv` / `.csv.gz`, json otherwise. */
export function samplesOutArg(path: string): string {
  return /\.csv(\.gz)?$/i.test(path) ? `csv=${path}` : `json=${path}`;
}

/** One segment boundary as k6 reads it: `1/3`, `0.5`, `50%`. */
const BOUND = String.raw`(?:\d+\/\d+|\d*\.?\d+%?)`;
const SEGMENT = new RegExp(`^${BOUND}(?::${BOUND})?$`);
const SEQUENCE = new RegExp(`^${BOUND}(?:,${BOUND})+$`);

/**
 * `k6 run` arguments. The summary is written with `--summary-export` (flat format, supported
 * from k6 0.26 through 2.x); `parseK6Summary` also reads handleSummary and machine-readable JSON.
 */
export function buildK6Args(a: K6RunArgs): string[] {
  const args = ['run', `--summary-export=${a.summaryPath}`];
  if (a.samplesPath) args.push('--out', samplesOutArg(a.samplesPath));
  for (const [k, v] of Object.entries(a.tags ?? {}).sort(([x], [y]) => x.localeCompare(y))) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid k6 tag name: ${k}`);
    args.push('--tag', `${k}=${v}`);
  }
  if (a.executionSegment !== undefined) {
    if (!SEGMENT.test(a.executionSegment)) throw new Error(`invalid execution segment "${a.executionSegment}": expected a share like 0:1/2, 1/2:1 or 1/3`);
    args.push('--execution-segment', a.executionSegment);
  }
  if (a.executionSegmentSequence !== undefined) {
    if (!SEQUENCE.test(a.executionSegmentSequence)) throw new Error(`invalid execution segment sequence "${a.executionSegmentSequence}": expected boundaries like 0,1/2,1`);
    args.push('--execution-segment-sequence', a.executionSegmentSequence);
  }
  for (const [k, v] of Object.entries(a.env).sort(([x], [y]) => x.localeCompare(y))) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name for k6: ${k}`);
    args.push('-e', `${k}=${v}`);
  }
  args.push(...(a.extra ?? []), a.script);
  return args;
}

/** What the load is aimed at: the bundled simulator, or a base URL. */
export type LoadTarget = { kind: 'sim' } | { kind: 'url'; url: string };

/** Parses `--target`: `sim` or an http(s) URL. Throws a message fit for a usage error otherwise. */
export function parseTarget(value: string): LoadTarget {
  if (value === 'sim') return { kind: 'sim' };
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new Error(`--target must be "sim" or an http(s) URL, got "${value}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--target must be "sim" or an http(s) URL, got "${value}"`);
  return { kind: 'url', url: value.replace(/\/+$/, '') };
}

/** k6's exit code when thresholds were crossed. */
export const K6_THRESHOLDS_FAILED_EXIT = 99;
