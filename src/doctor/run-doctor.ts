/**
 * Builds the doctor's context from settings (the same precedence as every command: defaults <
 * config file < environment < flags) and runs every check in order. A config file that does not
 * load is itself a failed check; the others then run on defaults and the environment.
 */
import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_DEADLINE_MS, DEFAULT_STREAM_IDLE_TIMEOUT_MS } from '../client/create-client.ts';
import { DEFAULT_RETRY } from '../client/index.ts';
import { loadConfig, resolveTarget, CONFIG_FILE, type ResolvedConfig } from '../config/index.ts';
import { loadProbes, probeModels, type Probe } from '../probes/index.ts';
import { defaultCatalog, type Catalog } from '../shared/catalog.ts';
import { CanaryError, type Problem } from '../shared/errors.ts';
import { lastReconciliationAt } from './last-reconciliation.ts';
import { makeProbeCall, type ProbeCallOutcome } from './probe-call.ts';
import { CHECKS } from './registry.ts';
import { CHECK_IDS, type CheckResult, type CheckStatus, type ClientSettings, type DoctorContext } from './types.ts';

/** Every default of the doctor, in one place. */
export const DOCTOR_DEFAULTS = {
  /** Warn when the catalogue's newest price is older than this many days. */
  maxCatalogueAgeDays: 90,
  /** Warn when reconciliation last ran longer ago than this many days. */
  maxReconcileAgeDays: 7,
  /** One TLS handshake, one test notification, one OTLP export, ms. */
  networkTimeoutMs: 10_000,
  /** The doctor's own call, retries included, ms. */
  callDeadlineMs: 30_000,
  /** The model called when no enabled probe names one. */
  fallbackModel: 'claude-haiku-4-5',
} as const;

export interface DoctorOptions {
  /** Config file; default claude-canary.config.ts in `cwd` when present. */
  config?: string;
  db?: string;
  /** `sim`, `anthropic` or a base URL; default: anthropic with ANTHROPIC_API_KEY, else sim. */
  target?: string;
  sendTest?: boolean;
  cwd?: string;
  env?: Record<string, string | undefined>;
  now?: number;
  maxCatalogueAgeDays?: number;
  maxReconcileAgeDays?: number;
  networkTimeoutMs?: number;
  /** Extra CA certificates the TLS check trusts. */
  tlsCa?: string | Buffer;
  /** Client settings to judge; default the client's defaults (what run and monitor use). */
  client?: Partial<ClientSettings>;
  catalog?: Catalog;
}

export interface DoctorReport {
  /** False when any check failed. */
  ok: boolean;
  counts: Record<CheckStatus, number>;
  checks: CheckResult[];
}

const EMPTY_CONFIG = fileURLToPath(new URL(`./empty-config${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

async function settings(opts: DoctorOptions, cwd: string, env: Record<string, string | undefined>): Promise<{ config: ResolvedConfig; file: string | null; problems: Problem[] }> {
  const flags = opts.db ? { db: opts.db } : {};
  const file = opts.config ? resolve(cwd, opts.config) : existsSync(resolve(cwd, CONFIG_FILE)) ? resolve(cwd, CONFIG_FILE) : null;
  try {
    return { config: await loadConfig({ ...(file ? { file } : {}), cwd, env, flags }), file, problems: [] };
  } catch (err) {
    if (!(err instanceof CanaryError) || err.code !== 'invalid_config') throw err;
    const problems = err.problems.length > 0 ? err.problems : [{ ...(file ? { file } : {}), message: err.message }];
    return { config: { ...(await loadConfig({ file: EMPTY_CONFIG, cwd, env, flags })), file }, file, problems };
  }
}

async function enabledProbes(config: ResolvedConfig): Promise<{ probes: Probe[]; problems: Problem[] }> {
  try {
    return { probes: (await loadProbes(config.probes_dir)).filter((p) => p.enabled), problems: [] };
  } catch (err) {
    if (!(err instanceof CanaryError)) throw err;
    return { probes: [], problems: err.problems.length > 0 ? err.problems : [{ file: config.probes_dir, message: err.message }] };
  }
}

/**
 * Runs the checklist. Failed checks are data; only bad input throws (a bad `--target`).
 * @example
 * const report = await runDoctor({ sendTest: true });
 * if (!report.ok) process.exitCode = 1;
 */
export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const { target } = resolveTarget(opts.target, env);
  const { config, file, problems } = await settings(opts, cwd, env);
  const loaded = await enabledProbes(config);
  const model = loaded.probes.flatMap((p) => probeModels(p))[0] ?? DOCTOR_DEFAULTS.fallbackModel;
  let call: Promise<ProbeCallOutcome> | null = null;
  const ctx: DoctorContext = {
    config,
    configProblems: [...problems, ...loaded.problems],
    configFile: file,
    env,
    target,
    probes: loaded.probes,
    sendTest: opts.sendTest ?? false,
    now: opts.now ?? Date.now(),
    catalog: opts.catalog ?? defaultCatalog,
    maxCatalogueAgeDays: opts.maxCatalogueAgeDays ?? DOCTOR_DEFAULTS.maxCatalogueAgeDays,
    maxReconcileAgeDays: opts.maxReconcileAgeDays ?? DOCTOR_DEFAULTS.maxReconcileAgeDays,
    client: {
      maxRetries: DEFAULT_RETRY.maxRetries,
      maxRetryAfterMs: DEFAULT_RETRY.maxRetryAfterMs,
      attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS,
      deadlineMs: DEFAULT_DEADLINE_MS,
      streamIdleTimeoutMs: DEFAULT_STREAM_IDLE_TIMEOUT_MS,
      ...opts.client,
    },
    ...(opts.tlsCa ? { tlsCa: opts.tlsCa } : {}),
    networkTimeoutMs: opts.networkTimeoutMs ?? DOCTOR_DEFAULTS.networkTimeoutMs,
    probeCall: () => (call ??= makeProbeCall({ target, model, env, deadlineMs: DOCTOR_DEFAULTS.callDeadlineMs })),
    lastReconciliationAt: () => lastReconciliationAt(config),
  };
  const checks: CheckResult[] = [];
  for (const id of CHECK_IDS) {
    try {
      checks.push(await CHECKS[id](ctx));
    } catch (err) {
      // A check that throws is a bug in it; the rest of the checklist still runs.
      checks.push({ id, status: 'fail', checked: id, detail: `the check itself failed: ${(err as Error).message}`, fix: 'report this as a claude-canary bug' });
    }
  }
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  return { ok: counts.fail === 0, counts, checks };
}
