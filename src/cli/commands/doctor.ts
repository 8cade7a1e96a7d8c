/**
 * `claude-canary doctor`: the deployment checklist, run. Every check prints pass, warn, fail or
 * skip with what was checked and how to fix it; `--json` for CI. Exit 1 when any check fails.
 */
import type { Command } from 'commander';
import { doctorTable, runDoctor, DOCTOR_DEFAULTS } from '../../doctor/index.ts';
import { CanaryError } from '../../shared/errors.ts';

interface DoctorCliOptions {
  config?: string;
  db?: string;
  target?: string;
  json?: boolean;
  sendTest?: boolean;
  maxCatalogueAge?: string;
  maxReconcileAge?: string;
}

/** A whole number of days from a flag, or a usage error naming the flag. */
function days(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CanaryError('usage', `${flag} must be a whole number of days, got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('doctor')
    .description('run the deployment checklist: telemetry, prices, budgets, sinks, runbooks, TLS, key source, audit trail, reconciliation')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--db <path>', 'SQLite store (default: the config `db`, .canary/canary.db)')
    .option('--target <target>', 'sim, anthropic or a base URL (default: anthropic with ANTHROPIC_API_KEY, else sim)')
    .option('--send-test', 'deliver a test notification to each alert sink')
    .option('--max-catalogue-age <days>', `warn when the newest catalogue price is older (default ${DOCTOR_DEFAULTS.maxCatalogueAgeDays})`)
    .option('--max-reconcile-age <days>', `warn when reconciliation ran longer ago (default ${DOCTOR_DEFAULTS.maxReconcileAgeDays})`)
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: DoctorCliOptions) => {
      const maxCatalogueAgeDays = days('--max-catalogue-age', opts.maxCatalogueAge);
      const maxReconcileAgeDays = days('--max-reconcile-age', opts.maxReconcileAge);
      const report = await runDoctor({
        ...(opts.config ? { config: opts.config } : {}),
        ...(opts.db ? { db: opts.db } : {}),
        ...(opts.target ? { target: opts.target } : {}),
        sendTest: opts.sendTest ?? false,
        ...(maxCatalogueAgeDays !== undefined ? { maxCatalogueAgeDays } : {}),
        ...(maxReconcileAgeDays !== undefined ? { maxReconcileAgeDays } : {}),
      });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : doctorTable(report));
      if (!report.ok) process.exitCode = 1;
    });
}
