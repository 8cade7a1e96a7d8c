/**
 * `claude-canary report`: HTML reports. The bare command renders the dashboard over the result
 * store; `report load` renders k6 output: a summary and/or merged per-request files.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { durationMs } from '../../alerts/duration.ts';
import type { PriceOverride } from '../../client/cost.ts';
import { loadConfig, type ResolvedConfig } from '../../config/index.ts';
import { renderDashboard } from '../../report/dashboard/index.ts';
import { CanaryError } from '../../shared/errors.ts';
import { openStore } from '../../store/index.ts';
import { DEFAULT_REPORT_PATH } from '../../load/k6.ts';
import { loadReportFromFiles, LoadInputError } from '../../load/report-files.ts';

/**
 * Reads k6 output files (an end-of-test summary and/or per-request `--out json` / `--out csv`
 * files of parallel instances, merged) and writes the load report; returns the verdict. Throws
 * CanaryError on bad input.
 */
export async function writeLoadReport(files: readonly string[], outPath: string): Promise<{ passed: boolean | null; out: string; sampleFiles: number; instances: string[] }> {
  let result;
  try {
    result = await loadReportFromFiles(files);
  } catch (err) {
    if (err instanceof LoadInputError) throw new CanaryError('usage', err.message, [], { cause: err });
    throw err;
  }
  const out = resolve(outPath);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, result.html);
  return { passed: result.passed, out, sampleFiles: result.sampleFiles, instances: result.instances };
}

/** Where `claude-canary report` writes the dashboard by default. */
export const DEFAULT_DASHBOARD_PATH = 'reports/index.html';

interface DashboardFlags {
  db?: string;
  since: string;
  out: string;
  config?: string;
}

/** Config `prices` entries usable as overrides (both input and output set). */
function priceOverrides(config: ResolvedConfig): Record<string, PriceOverride> {
  const out: Record<string, PriceOverride> = {};
  for (const [model, p] of Object.entries(config.prices)) {
    if (p.input !== undefined && p.output !== undefined) out[model] = { input: p.input, output: p.output };
  }
  return out;
}

/** Renders the dashboard from the configured store into `flags.out`. Throws CanaryError on bad input. */
export async function writeDashboard(flags: DashboardFlags, now = Date.now()): Promise<{ out: string; db: string; windowMs: number }> {
  let windowMs: number;
  try {
    windowMs = durationMs(flags.since);
  } catch {
    throw new CanaryError('usage', `--since must be a duration like 24h, 7d or 30d, got "${flags.since}"`);
  }
  if (windowMs <= 0) throw new CanaryError('usage', `--since must be longer than 0, got "${flags.since}"`);
  const config = await loadConfig({ ...(flags.config ? { file: flags.config } : {}), flags: flags.db ? { db: flags.db } : {} });
  if (!existsSync(config.db)) {
    throw new CanaryError('usage', `no result store at ${config.db}: run \`claude-canary run\` first, or point --db at one`);
  }
  const store = openStore(config.db);
  let page: string;
  try {
    page = renderDashboard(store, { windowMs, now, budgets: config.budgets, priceOverrides: priceOverrides(config), source: config.db });
  } finally {
    store.close();
  }
  const out = resolve(flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, page);
  return { out, db: config.db, windowMs };
}

export function register(program: Command): void {
  // `report` and `report load` both take --out: options must bind to the command they follow,
  // which commander only does when every command above has positional options on. The program
  // itself has no options besides --help and --version, so nothing else changes.
  program.enablePositionalOptions();
  const report = program
    .command('report')
    .description('Render the dashboard (latency, cost, errors, quality, alerts) from the result store as one HTML file; subcommands render other reports')
    .enablePositionalOptions()
    .option('--db <path>', 'SQLite file with the results (default from config: .canary/canary.db)')
    .option('--since <duration>', 'how far back to look, e.g. 24h, 7d, 30d (hourly charts up to 2d, daily beyond)', '7d')
    .option('--out <path>', 'HTML file to write', DEFAULT_DASHBOARD_PATH)
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .action(async (opts: DashboardFlags) => {
      const { out, db } = await writeDashboard(opts);
      process.stdout.write(`dashboard (last ${opts.since}, from ${db}): ${out}\n`);
    });
  report
    .command('load')
    .description('Render a k6 load test as HTML: an end-of-test summary (--summary-export or handleSummary JSON) and/or per-request output (--out json=… or csv=…, gzip\'d or not); several per-request files (parallel instances of one test) merge into one report with charts over time')
    .argument('<files...>', 'k6 summary JSON and/or per-request output files (kind detected from the content)')
    .option('--out <path>', 'HTML file to write', DEFAULT_REPORT_PATH)
    .action(async (files: string[], opts: { out: string }) => {
      const { passed, out, sampleFiles, instances } = await writeLoadReport(files, opts.out);
      const verdict = passed === true ? 'PASS' : passed === false ? 'FAIL' : 'no thresholds';
      const merged = sampleFiles > 1 ? ` (${sampleFiles} per-request files merged; instances: ${instances.join(', ')})` : '';
      process.stdout.write(`load report (${verdict}): ${out}${merged}\n`);
    });
}
