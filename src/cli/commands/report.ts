/**
 * `claude-canary report`: HTML reports. Subcommands render one report each; the bare command is
 * reserved for the dashboard (issue 8), which lands separately.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CanaryError } from '../../shared/errors.ts';
import { DEFAULT_REPORT_PATH } from '../../load/k6.ts';
import { renderLoadReport } from '../../load/report.ts';
import { parseK6Summary, SummaryFormatError } from '../../load/summary.ts';

/** Reads a k6 summary file and writes the load report; returns the verdict. Throws CanaryError on bad input. */
export function writeLoadReport(summaryPath: string, outPath: string): { passed: boolean | null; out: string } {
  let text: string;
  try {
    text = readFileSync(summaryPath, 'utf8');
  } catch (err) {
    throw new CanaryError('usage', `cannot read k6 summary ${summaryPath}: ${(err as Error).message}`, [], { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CanaryError('usage', `${summaryPath} is not JSON: ${(err as Error).message}`, [], { cause: err });
  }
  let summary;
  try {
    summary = parseK6Summary(data);
  } catch (err) {
    if (err instanceof SummaryFormatError) throw new CanaryError('usage', `${summaryPath}: ${err.message}`, [], { cause: err });
    throw err;
  }
  const out = resolve(outPath);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderLoadReport(summary, { source: summaryPath }));
  return { passed: summary.passed, out };
}

export function register(program: Command): void {
  const report = program
    .command('report')
    .description('Render self-contained HTML reports')
    .action(() => {
      process.stderr.write('dashboard report: not available yet (use `claude-canary report load <summary.json>` for load tests)\n');
      process.exitCode = 2;
    });
  report
    .command('load')
    .description("Render a k6 end-of-test summary (--summary-export or handleSummary JSON) as HTML")
    .argument('<summary>', 'k6 summary JSON file')
    .option('--out <path>', 'HTML file to write', DEFAULT_REPORT_PATH)
    .action((summaryPath: string, opts: { out: string }) => {
      const { passed, out } = writeLoadReport(summaryPath, opts.out);
      const verdict = passed === true ? 'PASS' : passed === false ? 'FAIL' : 'no thresholds';
      process.stdout.write(`load report (${verdict}): ${out}\n`);
    });
}
