/**
 * `claude-canary reconcile`: our recorded tokens and cost against what Anthropic billed (Admin
 * API usage and cost reports), per model and bucket; exit 1 when a difference passes the
 * thresholds (config `reconcile`), 2 on bad input or when the bill cannot be read.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { durationMs } from '../../alerts/duration.ts';
import { loadConfig } from '../../config/index.ts';
import { registerSecret } from '../../log/scrub.ts';
import { AdminApiError } from '../../reconcile/admin-client.ts';
import { formatReconciliation } from '../../reconcile/format.ts';
import { BUCKET_MS, runReconciliation } from '../../reconcile/run.ts';
import { CanaryError } from '../../shared/errors.ts';
import { openStore } from '../../store/index.ts';

interface ReconcileFlags {
  since: string;
  bucket: string;
  apiKeyId?: string;
  target?: string;
  db?: string;
  config?: string;
  json?: boolean;
  partial?: boolean;
}

/** A placeholder admin key for the simulator, which checks the prefix, not the key. */
const SIM_ADMIN_KEY = 'sk-ant-admin-simulator';
const ANTHROPIC_URL = 'https://api.anthropic.com';

interface BillSource {
  baseURL: string;
  adminKey: string;
  /** The store's target label of calls made against this API. */
  target: string;
  source: string;
}

function billSource(flag: string | undefined, env: NodeJS.ProcessEnv): BillSource {
  const adminKey = env['ANTHROPIC_ADMIN_API_KEY'] || undefined;
  if (flag === 'sim') {
    throw new CanaryError('usage', '--target sim: the built-in simulator keeps its bill only while it runs; start `claude-canary sim`, run the probes with --target <its URL>, then reconcile with --target <its URL>');
  }
  if (flag && flag !== 'anthropic') {
    let url: URL;
    try {
      url = new URL(flag);
    } catch {
      throw new CanaryError('usage', `--target must be a URL (a running \`claude-canary sim\`) or "anthropic", got "${flag}"`);
    }
    return { baseURL: url.origin + url.pathname.replace(/\/$/, ''), adminKey: adminKey ?? SIM_ADMIN_KEY, target: url.origin, source: url.origin };
  }
  if (!adminKey) throw new CanaryError('usage', 'ANTHROPIC_ADMIN_API_KEY is not set: set it (an Admin API key, sk-ant-admin...) to read the bill, or pass --target <URL of a running `claude-canary sim`>');
  return { baseURL: ANTHROPIC_URL, adminKey, target: 'anthropic', source: 'anthropic' };
}

export function register(program: Command): void {
  program
    .command('reconcile')
    .description('compare our recorded tokens and cost with the Admin API usage and cost reports, per model and day (exit 1 when a difference passes the thresholds, 2 on bad input)')
    .option('--since <duration>', 'how far back, e.g. 24h, 7d, 30d', '7d')
    .option('--bucket <width>', 'bucket width: 1d (tokens and cost) or 1h (tokens only: the cost report is daily)', '1d')
    .option('--api-key-id <id>', 'only usage billed to this API key id (the cost report cannot be filtered by key)')
    .option('--target <url>', 'read the bill from a running `claude-canary sim` at this URL instead of api.anthropic.com')
    .option('--db <path>', 'SQLite file with the results (default from config: .canary/canary.db)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--partial', 'include the current, unfinished bucket (default with --target: the simulator bills at once)')
    .option('--no-partial', 'only whole buckets that have ended (default against Anthropic: its bill lags by hours)')
    .option('--json', 'print rows and summary as JSON')
    .action(async (opts: ReconcileFlags) => {
      if (opts.bucket !== '1d' && opts.bucket !== '1h') throw new CanaryError('usage', `--bucket must be 1d or 1h, got "${opts.bucket}"`);
      let windowMs: number;
      try {
        windowMs = durationMs(opts.since);
      } catch {
        throw new CanaryError('usage', `--since must be a duration like 24h, 7d or 30d, got "${opts.since}"`);
      }
      const source = billSource(opts.target, process.env);
      registerSecret(source.adminKey);
      const config = await loadConfig({ ...(opts.config ? { file: opts.config } : {}), flags: opts.db ? { db: opts.db } : {} });
      if (!existsSync(config.db)) throw new CanaryError('usage', `no result store at ${config.db}: run \`claude-canary run\` first, or point --db at one`);
      const store = openStore(config.db);
      const now = Date.now();
      const w = BUCKET_MS[opts.bucket];
      const partial = opts.partial ?? source.target !== 'anthropic';
      try {
        const { rows, record } = await runReconciliation(store, {
          ...source,
          since: now - windowMs,
          until: partial ? now : Math.floor(now / w) * w,
          bucket: opts.bucket,
          ...(opts.apiKeyId ? { apiKeyId: opts.apiKeyId } : {}),
          thresholds: { pct: config.reconcile.threshold_pct, usd: config.reconcile.threshold_usd },
          now,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify({ summary: { ...record, rows: undefined }, rows }, null, 2)}\n`);
        else {
          process.stdout.write(formatReconciliation(rows, opts.bucket));
          process.stdout.write(
            record.outcome === 'agree'
              ? `agreement within ${record.thresholds.pct}% / $${record.thresholds.usd} for every model and bucket (${rows.length} rows; ours $${record.our_cost_usd.toFixed(4)}, billed $${record.billed_cost_usd.toFixed(4)})\n`
              : `${record.over_threshold} of ${rows.length} rows differ by more than ${record.thresholds.pct}% / $${record.thresholds.usd} (ours $${record.our_cost_usd.toFixed(4)}, billed $${record.billed_cost_usd.toFixed(4)})\n`,
          );
        }
        if (record.outcome === 'drift') process.exitCode = 1;
      } catch (err) {
        if (err instanceof AdminApiError) throw new CanaryError('usage', `cannot read the bill from ${source.source}: ${err.message}`, [], { cause: err });
        throw err;
      } finally {
        store.close();
      }
    });
}
