/**
 * What `run` and `monitor` share: settings, probes, the target, the client and the store, built
 * once from the command line. Kept apart from the commands so both stay thin.
 */
import { startHttpSimulator, type HttpSimulator } from '../../mocks/http/server.ts';
import { createClient, type ClaudeClient } from '../client/index.ts';
import { loadConfig, resolveTarget, type ResolvedConfig, type Target, type TargetCredentials } from '../config/index.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { registerSecret } from '../log/scrub.ts';
import { loadProbes, probeModels, type Probe } from '../probes/index.ts';
import { createRunner, type Runner } from '../probes/runner.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import { CanaryError } from '../shared/errors.ts';
import { openStore, type Store } from '../store/index.ts';

export interface RuntimeFlags {
  config?: string;
  /** Folder of probe files (overrides config and CANARY_PROBES_DIR). */
  probesDir?: string;
  db?: string;
  /** This runner's id (overrides config and CANARY_RUNNER_ID). */
  runner?: string;
  /** This runner's region (overrides config and CANARY_REGION). */
  region?: string;
  target?: string;
  probe?: string[];
  verbose?: boolean;
  /** Log level when not verbose. Default `warn` (the daemon uses `info`). */
  logLevel?: 'info' | 'warn';
}

export interface Runtime {
  config: ResolvedConfig;
  probes: Probe[];
  /** Every (probe, model) series to run, in order. */
  series: Array<{ probe: Probe; model: string }>;
  target: Target;
  notice: string | null;
  client: ClaudeClient;
  store: Store;
  runner: Runner;
  logger: Logger;
  clock: Clock;
  close(): Promise<void>;
}

/** A dummy key for the offline simulator: it checks that a key is sent, not which. */
const SIM_KEY = 'sk-ant-simulator-offline';

/** Settings for these flags: defaults < config file < environment < flags. */
export function configFor(flags: RuntimeFlags): Promise<ResolvedConfig> {
  return loadConfig({
    ...(flags.config ? { file: flags.config } : {}),
    flags: {
      ...(flags.db ? { db: flags.db } : {}),
      ...(flags.probesDir ? { probes_dir: flags.probesDir } : {}),
      ...(flags.runner ? { runner_id: flags.runner } : {}),
      ...(flags.region ? { region: flags.region } : {}),
    },
  });
}

/**
 * The probes these flags select from the configured folder: the enabled ones, or exactly the
 * `--probe` ids. `fresh` imports the files again (the monitor's reload on SIGHUP).
 */
export async function selectProbes(config: ResolvedConfig, flags: Pick<RuntimeFlags, 'probe'>, options: { fresh?: boolean } = {}): Promise<Probe[]> {
  const all = await loadProbes(config.probes_dir, { fresh: options.fresh ?? false });
  if (!flags.probe || flags.probe.length === 0) return all.filter((p) => p.enabled);
  const known = new Map(all.map((p) => [p.id, p]));
  const missing = flags.probe.filter((id) => !known.has(id));
  if (missing.length > 0) throw new CanaryError('usage', `unknown probe ${missing.map((m) => `"${m}"`).join(', ')}; known: ${[...known.keys()].join(', ')}`);
  return flags.probe.map((id) => known.get(id)!);
}

/**
 * A target URL's `user:password@`: registered as secrets (so nothing shows them, wherever they
 * are echoed) and not sent. The SDK authenticates with `Authorization: Bearer <key>`, which a
 * Basic header would replace, and fetch refuses URLs with credentials.
 */
function credentialsNotice(credentials: TargetCredentials | null): string | null {
  if (!credentials) return null;
  registerSecret(credentials.password);
  registerSecret(credentials.username);
  registerSecret(`${credentials.username}:${credentials.password}`);
  return 'the credentials in --target are not sent (and never shown); set ANTHROPIC_API_KEY for the key.';
}

/** The store, or a usage error naming where the path came from (a bad `--db` is bad input, exit 2). */
function openStoreFor(path: string, fromFlag: boolean): Store {
  try {
    return openStore(path);
  } catch (e) {
    const source = fromFlag ? '--db' : 'db (config file or CANARY_DB)';
    throw new CanaryError('usage', `${source} ${path}: ${e instanceof Error ? e.message : String(e)}`, [], { cause: e });
  }
}

export async function buildRuntime(flags: RuntimeFlags, logDestination: { write(line: string): void }, preloaded?: ResolvedConfig): Promise<Runtime> {
  const config = preloaded ?? (await configFor(flags));
  const probes = await selectProbes(config, flags);
  const { target, notice } = resolveTarget(flags.target, process.env);
  const clock = systemClock;
  const logger = createLogger({ destination: logDestination, level: flags.verbose ? 'debug' : (flags.logLevel ?? 'warn'), base: { runner_id: config.runner_id, region: config.region } });
  let sim: HttpSimulator | null = null;
  let baseURL: string | undefined;
  let apiKey: string | undefined;
  if (target.kind === 'sim') {
    // The simulator over real loopback HTTP: no process-wide interception in a daemon. The
    // probes' reply rules (a dry run offline) are combined in probe order: first match wins.
    const replies = probes.flatMap((p) => p.replies ?? []);
    sim = await startHttpSimulator(replies.length > 0 ? { plan: { faults: [], replies } } : {});
    baseURL = sim.url;
    apiKey = SIM_KEY;
  } else if (target.kind === 'url') {
    baseURL = target.baseURL;
    apiKey = process.env['ANTHROPIC_API_KEY'] ?? SIM_KEY;
  }
  const credentials = target.kind === 'url' ? credentialsNotice(target.credentials) : null;
  const store = openStoreFor(config.db, flags.db !== undefined);
  const client = createClient({
    ...(baseURL ? { baseURL } : {}),
    ...(apiKey ? { apiKey } : {}),
    clock,
    logger,
    maxResponseBytes: config.max_response_bytes,
    ...(Object.keys(config.prices).length > 0 ? { priceOverrides: config.prices } : {}),
  });
  const runner = createRunner({
    client,
    clock,
    store,
    target: target.label,
    runner_id: config.runner_id,
    region: config.region,
    budgets: config.budgets,
    output_preview_chars: config.output_preview_chars,
  });
  return {
    config,
    probes,
    series: probes.flatMap((probe) => probeModels(probe).map((model) => ({ probe, model }))),
    target,
    notice: [notice, credentials].filter(Boolean).join(' ') || null,
    client,
    store,
    runner,
    logger,
    clock,
    async close() {
      store.close();
      await sim?.close();
    },
  };
}
