/**
 * Discovery: imports every `*.probe.ts` in a folder, validates every export, and collects every
 * problem (file and field path) across all files before failing once.
 */
import { loadDefinitions } from '../shared/load-definitions.ts';
import { probeInputProblems } from './probe-limits.ts';
import { ProbeSchema, type Probe } from './probe-schema.ts';

/** Defaults for {@link loadProbes}. */
export const LOAD_DEFAULTS = {
  /** File names that hold probes. */
  suffix: '.probe.ts',
} as const;

export interface LoadProbesOptions {
  /** Default `.probe.ts`. */
  suffix?: string;
  /** Import every file again, bypassing the module cache (the monitor's reload). Default false. */
  fresh?: boolean;
}

/**
 * Imports `dir/*.probe.ts` (sorted by name), validates every export (a default export, named
 * exports, or arrays of probes), and returns the probes with defaults applied.
 * Throws one CanaryError('invalid_probe') listing every problem: a file that fails to import
 * (a syntax error at `file:line:column` with its reason), a file without a probe export, each
 * invalid field (with its path), an input that could not fit (probe-limits.ts), duplicate ids.
 *
 * @example
 * const probes = await loadProbes('probes');
 */
export async function loadProbes(dir: string, options: LoadProbesOptions = {}): Promise<Probe[]> {
  const loaded = await loadDefinitions(dir, {
    noun: 'probe',
    code: 'invalid_probe',
    schema: ProbeSchema,
    suffix: options.suffix ?? LOAD_DEFAULTS.suffix,
    example: 'export default defineProbe({...})',
    check: probeInputProblems,
  }, { fresh: options.fresh ?? false });
  return loaded.map((l) => l.value);
}
