/**
 * `npm run mutation`: StrykerJS over the mutate set of stryker.config.mjs, then a table per file
 * (score, killed, survived, no coverage, timeout, marked equivalent, errors), the overall score
 * and the wall time. Exit 1 when a file scores below `thresholds.low` or has mutants no test
 * reaches, or (full runs only) the whole set scores below `thresholds.high`.
 *
 *   npm run mutation                          every file of the mutate set
 *   npm run mutation -- --incremental         reuse the last run's results for unchanged code and tests
 *   npm run mutation -- --mutate src/client/cost.ts[,more]   only these files
 *   npm run mutation -- --changed             only the files of the set changed since $MUTATION_BASE (default HEAD~1)
 *   npm run mutation -- --concurrency 1       one Stryker worker (default: the config's)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stryker } from '@stryker-mutator/core';
import { formatTable, inMutateSet, summarise, type MutantOutcome } from './mutation-summary.ts';

type StrykerOptions = ConstructorParameters<typeof Stryker>[0];

interface Args {
  incremental: boolean;
  changed: boolean;
  mutate: string[];
  concurrency: number | undefined;
}

function usage(message: string): never {
  process.stderr.write(`npm run mutation: ${message}\nusage: npm run mutation -- [--incremental] [--changed | --mutate <file,...>] [--concurrency <n>]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { incremental: false, changed: false, mutate: [], concurrency: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--incremental') args.incremental = true;
    else if (a === '--changed') args.changed = true;
    else if (a === '--mutate') args.mutate.push(...value().split(',').filter(Boolean));
    else if (a === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) usage('--concurrency needs a whole number of at least 1');
      args.concurrency = n;
    } else usage(`unknown option ${a}`);
  }
  if (args.changed && args.mutate.length > 0) usage('--changed and --mutate exclude each other');
  return args;
}

/** Files changed between `base` and HEAD (added, copied, modified, renamed: not deleted). */
function changedFiles(base: string): string[] {
  try {
    const out = execFileSync('git', ['diff', '--name-only', '--diff-filter=ACMR', `${base}..HEAD`], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  } catch {
    usage(`cannot diff ${base}..HEAD (a shallow clone? fetch at least 2 commits, or set MUTATION_BASE)`);
  }
}

const duration = (ms: number) => `${Math.floor(ms / 60_000)}m ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = ((await import(pathToFileURL(resolve('stryker.config.mjs')).href)) as { default: StrykerOptions }).default;
  const patterns = (config.mutate ?? []).filter((p): p is string => typeof p === 'string');
  const options: StrykerOptions = {};
  if (args.changed) {
    const base = process.env['MUTATION_BASE'] || 'HEAD~1';
    const files = inMutateSet(changedFiles(base), patterns).filter((f) => existsSync(f));
    if (files.length === 0) {
      process.stdout.write(`mutation: no file of the mutate set changed in ${base}..HEAD, nothing to run\n`);
      return;
    }
    process.stdout.write(`mutation: files of the mutate set changed in ${base}..HEAD: ${files.join(', ')}\n`);
    options.mutate = files;
  } else if (args.mutate.length > 0) {
    options.mutate = args.mutate;
  }
  if (args.incremental) options.incremental = true;
  if (args.concurrency !== undefined) options.concurrency = args.concurrency;
  // The progress bar redraws one line: fine on a terminal, noise in a CI log.
  if (!process.stdout.isTTY) options.reporters = (config.reporters ?? []).map((r) => (r === 'progress' ? 'progress-append-only' : r));

  const full = options.mutate === undefined;
  const thresholds = { perFile: config.thresholds?.low ?? 90, overall: config.thresholds?.high ?? 95 };
  const loadStart = loadavg()[0]!;
  const started = performance.now();
  const results = await new Stryker(options).runMutationTest();
  const elapsed = performance.now() - started;

  const outcomes: MutantOutcome[] = results.map((r) => ({ fileName: relative(process.cwd(), resolve(r.fileName)), status: r.status }));
  const verdict = summarise(outcomes, thresholds, full);
  const concurrency = options.concurrency ?? config.concurrency ?? 'default';
  process.stdout.write(`\n${formatTable(verdict)}\n\n`);
  process.stdout.write(`${full ? 'overall' : 'these files'}: ${verdict.total.score === null ? 'n/a' : `${verdict.total.score.toFixed(2)}%`} (${outcomes.length} mutants)\n`);
  process.stdout.write(
    `wall time: ${duration(elapsed)} on ${availableParallelism()} cores, concurrency ${concurrency}${args.incremental ? ', incremental' : ''}; load average ${loadStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end\n`,
  );
  process.stdout.write(`thresholds: every file >= ${thresholds.perFile}%, no mutant without coverage${full ? `, overall >= ${thresholds.overall}%` : ' (overall only on a full run)'}\n`);
  if (verdict.failures.length > 0) {
    process.stdout.write(`FAIL\n${verdict.failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  } else process.stdout.write('PASS\n');
}

await main();
