/**
 * Discovery: imports every `*.probe.ts` in a folder, validates every export, and collects every
 * problem (file and field path) across all files before failing once.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CanaryError, formatProblems, zodProblems, type Problem } from '../shared/errors.ts';
import { ProbeSchema, type Probe } from './probe-schema.ts';

/** Defaults for {@link loadProbes}. */
export const LOAD_DEFAULTS = {
  /** File names that hold probes. */
  suffix: '.probe.ts',
} as const;

export interface LoadProbesOptions {
  /** Default `.probe.ts`. */
  suffix?: string;
}

/** A file path as users should read it: relative to the working directory when inside it. */
function display(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0] ?? message;
}

interface Candidate {
  file: string;
  /** Field-path prefix: '' for a default export, the export name otherwise, plus `[i]` in arrays. */
  prefix: string;
  value: unknown;
}

function candidates(file: string, mod: Record<string, unknown>): Candidate[] {
  const out: Candidate[] = [];
  for (const [name, value] of Object.entries(mod)) {
    const prefix = name === 'default' ? '' : name;
    if (Array.isArray(value)) value.forEach((v, i) => out.push({ file, prefix: `${prefix}[${i}]`, value: v }));
    else out.push({ file, prefix, value });
  }
  return out;
}

/**
 * Imports `dir/*.probe.ts` (sorted by name), validates every export (a default export, named
 * exports, or arrays of probes), and returns the probes with defaults applied.
 * Throws one CanaryError('invalid_probe') listing every problem: a file that fails to import,
 * a file without a probe export, each invalid field (with its path), duplicate ids across files.
 *
 * @example
 * const probes = await loadProbes('probes');
 */
export async function loadProbes(dir: string, options: LoadProbesOptions = {}): Promise<Probe[]> {
  const suffix = options.suffix ?? LOAD_DEFAULTS.suffix;
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CanaryError('invalid_probe', `probe folder ${display(root)} not found`, [{ file: display(root), message: 'folder not found' }]);
  }
  const files = readdirSync(root)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(root, f));
  const problems: Problem[] = [];
  if (files.length === 0) problems.push({ file: display(root), message: `no probe files (names must end with ${suffix})` });

  const probes: Probe[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    const shown = display(file);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      problems.push({ file: shown, message: `failed to import: ${firstLine(e)}` });
      continue;
    }
    const found = candidates(shown, mod);
    if (found.length === 0) {
      problems.push({ file: shown, message: 'exports no probe (write `export default defineProbe({...})`)' });
      continue;
    }
    for (const c of found) {
      const parsed = ProbeSchema.safeParse(c.value);
      if (!parsed.success) {
        problems.push(...zodProblems(parsed.error.issues, shown, c.prefix));
        continue;
      }
      const owner = owners.get(parsed.data.id);
      if (owner !== undefined) {
        problems.push({ file: shown, path: c.prefix ? `${c.prefix}.id` : 'id', message: `duplicate probe id "${parsed.data.id}" (also in ${owner})` });
        continue;
      }
      owners.set(parsed.data.id, shown);
      probes.push(parsed.data);
    }
  }
  if (problems.length > 0) {
    const n = problems.length;
    throw new CanaryError('invalid_probe', `${n} problem${n === 1 ? '' : 's'} in ${display(root)}:\n${formatProblems(problems)}`, problems);
  }
  return probes;
}
