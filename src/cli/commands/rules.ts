/** `claude-canary rules`: the effective alert rules (defaults + config), listed or exported for Prometheus. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportPrometheusRules, parseAlertsConfig, resolveAlertRules, type Rule } from '../../alerts/index.ts';
import { loadConfig } from '../../config/index.ts';
import { CanaryError } from '../../shared/errors.ts';

const FORMATS = ['prometheus'] as const;

/** The rules the daemon would run, from the config (file, env, flags) over the defaults. */
export async function effectiveRules(configFile?: string): Promise<{ rules: Rule[]; runbookBaseUrl: string | undefined }> {
  const config = await loadConfig(configFile ? { file: configFile } : {});
  const alerts = parseAlertsConfig(config.alerts);
  return { rules: resolveAlertRules(alerts.rules ?? [], { budgets: config.budgets }), runbookBaseUrl: alerts.runbook_base_url };
}

export function register(program: Command): void {
  const rules = program.command('rules').description('alert rules: list them, or export them for Prometheus');
  rules
    .command('list')
    .description('list the effective alert rules (defaults merged with the config)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .action(async (opts: { config?: string }) => {
      const { rules: list } = await effectiveRules(opts.config);
      for (const r of list) {
        const window =
          'window' in r ? r.window
          : r.kind === 'calendar_sum' ? `UTC ${r.period}`
          : r.kind === 'absence' ? `${r.missed_schedules}x schedule`
          : r.kind === 'cost_drift' ? `reconcile <${r.max_age}`
          : r.windows.map((w) => `${w.long}/${w.short}@${w.burn_rate}x`).join(' ');
        const threshold = 'threshold' in r ? r.threshold : r.kind === 'absence' ? `${r.missed_schedules}x` : r.objective;
        process.stdout.write(`${r.id.padEnd(26)} ${r.kind.padEnd(12)} ${r.severity.padEnd(8)} threshold ${String(threshold).padEnd(6)} window ${window.padEnd(22)} for ${r.for.padEnd(4)} min ${r.min_samples}\n`);
      }
    });
  rules
    .command('export')
    .description('write the effective alert rules as a Prometheus rule file (check it with `promtool check rules`)')
    .requiredOption('--format <format>', `output format: ${FORMATS.join(', ')}`)
    .option('--out <file>', 'file to write (default: stdout)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--runbook-base-url <url>', 'prefix for runbook links (default: config alerts.runbook_base_url, else docs/runbooks.md)')
    .action(async (opts: { format: string; out?: string; config?: string; runbookBaseUrl?: string }) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new CanaryError('usage', `--format must be one of ${FORMATS.join(', ')}, got "${opts.format}"`);
      }
      const { rules: list, runbookBaseUrl } = await effectiveRules(opts.config);
      const base = opts.runbookBaseUrl ?? runbookBaseUrl;
      const text = exportPrometheusRules(list, base ? { runbookBaseUrl: base } : {});
      if (!opts.out) return void process.stdout.write(text);
      const out = resolve(opts.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
      process.stderr.write(`wrote ${list.length} Prometheus alerting rules to ${out}\n`);
    });
}
