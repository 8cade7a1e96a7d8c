/** Loads and merges settings: defaults < config file < environment < flags. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CanaryError, zodProblems, type Problem } from '../shared/errors.ts';
import { isPostgresUrl } from '../store/pg/url.ts';
import { ConfigSchema, DEFAULTS, type CanaryConfigInput, type ResolvedConfig } from './schema.ts';

export const CONFIG_FILE = 'claude-canary.config.ts';

/** Settings read from the environment (all optional). */
export function configFromEnv(env: Record<string, string | undefined>): { input: CanaryConfigInput; problems: Problem[] } {
  const input: CanaryConfigInput = {};
  const problems: Problem[] = [];
  const num = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) problems.push({ path: name, message: `must be a non-negative number, got "${v}"` });
    return n;
  };
  if (env['CANARY_DB']) input.db = env['CANARY_DB'];
  if (env['CANARY_PROBES_DIR']) input.probes_dir = env['CANARY_PROBES_DIR'];
  if (env['CANARY_RUNNER_ID']) input.runner_id = env['CANARY_RUNNER_ID'];
  if (env['CANARY_REGION']) input.region = env['CANARY_REGION'];
  const daily = num('CANARY_DAILY_BUDGET_USD');
  const monthly = num('CANARY_MONTHLY_BUDGET_USD');
  if (daily !== undefined || monthly !== undefined) {
    input.budgets = { ...(daily !== undefined ? { daily_usd: daily } : {}), ...(monthly !== undefined ? { monthly_usd: monthly } : {}) };
  }
  return { input, problems };
}

function merge(...layers: CanaryConfigInput[]): CanaryConfigInput {
  const out: CanaryConfigInput = {};
  for (const l of layers) {
    for (const [k, v] of Object.entries(l)) {
      if (v === undefined) continue;
      const prev = (out as Record<string, unknown>)[k];
      (out as Record<string, unknown>)[k] =
        k === 'budgets' || k === 'prices' || k === 'reconcile' ? { ...(prev as object | undefined), ...(v as object) } : v;
    }
  }
  return out;
}

export interface LoadConfigOptions {
  /** Explicit config file; default `claude-canary.config.ts` in `cwd` when it exists. */
  file?: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** CLI flags, highest precedence. */
  flags?: CanaryConfigInput;
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ? resolve(cwd, options.file) : existsSync(resolve(cwd, CONFIG_FILE)) ? resolve(cwd, CONFIG_FILE) : null;
  let fromFile: CanaryConfigInput = {};
  const problems: Problem[] = [];
  if (file) {
    if (!existsSync(file)) throw new CanaryError('invalid_config', `config file not found: ${file}`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw new CanaryError('invalid_config', `cannot load config ${file}: ${(err as Error).message}`, [{ file, message: (err as Error).message }], { cause: err });
    }
    const r = ConfigSchema.safeParse(mod['default'] ?? mod['config']);
    if (r.success) fromFile = r.data;
    else problems.push(...zodProblems(r.error.issues, file));
  }
  const fromEnv = configFromEnv(env);
  problems.push(...fromEnv.problems.map((p) => ({ ...p, file: 'environment' })));
  const flags = ConfigSchema.safeParse(options.flags ?? {});
  if (!flags.success) problems.push(...zodProblems(flags.error.issues, 'command line'));
  if (problems.length > 0) throw new CanaryError('invalid_config', 'invalid settings', problems);
  const m = merge(fromFile, fromEnv.input, flags.success ? flags.data : {});
  return {
    // A PostgreSQL URL is not a path (resolving it made a SQLite file named after the URL).
    db: m.db !== undefined && isPostgresUrl(m.db) ? m.db : resolve(cwd, m.db ?? DEFAULTS.db),
    probes_dir: resolve(cwd, m.probes_dir ?? DEFAULTS.probes_dir),
    runner_id: m.runner_id ?? DEFAULTS.runner_id,
    region: m.region ?? DEFAULTS.region,
    budgets: { ...DEFAULTS.budgets, ...m.budgets },
    concurrency: m.concurrency ?? DEFAULTS.concurrency,
    jitter_ms: m.jitter_ms ?? DEFAULTS.jitter_ms,
    output_preview_chars: m.output_preview_chars ?? DEFAULTS.output_preview_chars,
    max_response_bytes: m.max_response_bytes ?? DEFAULTS.max_response_bytes,
    prices: m.prices ?? {},
    alerts: m.alerts,
    reconcile: { ...DEFAULTS.reconcile, ...m.reconcile },
    file,
  };
}
