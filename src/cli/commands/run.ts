/** `claude-canary run`: every (or the chosen) probe once; a result table; exit 1 when one fails or errors, or when every one was skipped (budget), 2 on bad input. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProbeResult } from '../../shared/types.ts';
import { resultSource } from '../../shared/source.ts';
import { progressLine, resultTable } from '../format.ts';
import { buildRuntime } from '../runtime.ts';

interface RunOptions {
  probe?: string[];
  probesDir?: string;
  target?: string;
  db?: string;
  runner?: string;
  region?: string;
  config?: string;
  json?: boolean;
  verbose?: boolean;
  report?: string;
}

/** Runs tasks with at most `limit` in flight, keeping input order in the output. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run probes once and print the results (exit 1 when a probe fails or errors, or when every probe was skipped for budget; 2 on bad input)')
    .option('--probe <id...>', 'only these probe ids')
    .option('--target <target>', 'sim | anthropic | <base URL> (default: anthropic when ANTHROPIC_API_KEY is set, else sim)')
    .option('--db <path>', 'SQLite file for results')
    .option('--runner <id>', 'this runner\'s id in the results (default CANARY_RUNNER_ID, else the host name)')
    .option('--region <name>', 'this runner\'s region in the results (default CANARY_REGION, else local)')
    .option('--probes-dir <dir>', 'folder of *.probe.ts files (default probes)')
    .option('--config <file>', 'config file (default claude-canary.config.ts when present)')
    .option('--json', 'print results as JSON instead of a table')
    .option('-v, --verbose', 'JSON logs of every call on stderr')
    .option('--report <file>', 'then write the HTML dashboard of the store (last 7 days) to this file')
    .action(async (opts: RunOptions) => {
      const rt = await buildRuntime(opts, process.stderr);
      try {
        if (rt.notice) process.stderr.write(`${rt.notice}\n`);
        process.stderr.write(`running ${rt.series.length} probe series against ${rt.target.label} as runner ${rt.config.runner_id} in region ${rt.config.region}, results in ${rt.store.db.name}\n`);
        const results: ProbeResult[] = await pool(rt.series, rt.config.concurrency, async ({ probe, model }) => {
          const { result } = await rt.runner.run(probe, model);
          process.stderr.write(`${progressLine(result)}\n`);
          return result;
        });
        // JSON keeps stored precision (it is data); `source` says which API answered.
        const json = () => JSON.stringify(results.map((r) => ({ ...r, source: resultSource(r.target) })), null, 2);
        process.stdout.write(opts.json ? `${json()}\n` : `\n${resultTable(results)}\n`);
        if (opts.report) {
          const { renderDashboard } = await import('../../report/dashboard/index.ts');
          const out = resolve(opts.report);
          mkdirSync(dirname(out), { recursive: true });
          writeFileSync(out, renderDashboard(rt.store, { budgets: rt.config.budgets }));
          process.stderr.write(`dashboard: ${opts.report}\n`);
        }
        if (results.some((r) => r.outcome === 'fail' || r.outcome === 'error')) process.exitCode = 1;
        // Nothing was checked: a run that measured nothing must not look like a healthy one.
        const skipped = results.filter((r) => r.outcome === 'skipped');
        if (results.length > 0 && skipped.length === results.length) {
          process.stderr.write(`every probe was skipped (${skipped[0]!.error_kind ?? 'skipped'}): ${skipped[0]!.error_message ?? 'no reason given'}\n`);
          process.exitCode = 1;
        }
      } finally {
        await rt.close();
      }
    });
}
