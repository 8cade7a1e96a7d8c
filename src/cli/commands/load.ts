/**
 * `claude-canary load <script>`: runs a k6 script from scenarios/load/ against the simulator
 * (started here on 127.0.0.1) or a URL, keeps k6's summary JSON and its per-request output (for
 * the charts over time), and renders the HTML report. A test split in parts (--execution-segment)
 * runs one `load` per part; `report load` merges their per-request files.
 * Without k6 on PATH it prints how to install k6 and exits 2.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { CanaryError } from '../../shared/errors.ts';
import { packageRoot } from '../../shared/package-root.ts';
import { buildK6Args, DEFAULT_REPORT_PATH, DEFAULT_SAMPLES_PATH, DEFAULT_SUMMARY_PATH, findK6, K6_INSTALL_HINT, K6_THRESHOLDS_FAILED_EXIT, LOAD_SCRIPTS, parseTarget, resolveScript } from '../../load/k6.ts';
import { runK6 } from '../../load/run.ts';
import { writeLoadReport } from './report.ts';


interface LoadCliOptions {
  target: string;
  out: string;
  report: string;
  env: string[];
  plan?: string;
  /** Per-request output path, or false with --no-samples. */
  samples: string | false;
  instance?: string;
  executionSegment?: string;
  executionSegmentSequence?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command('load')
    .description('run a k6 load script against the simulator or a URL, keep the summary JSON and render reports/load.html')
    .argument('<script>', `${LOAD_SCRIPTS.join(' | ')}, or a path to a k6 script`)
    .option('--target <sim|url>', '"sim" starts the simulator on 127.0.0.1; otherwise the base URL to load', 'sim')
    .option('--out <path>', 'where to keep k6\'s summary JSON (--summary-export format)', DEFAULT_SUMMARY_PATH)
    .option('--report <path>', 'HTML report to render from the summary and the per-request output', DEFAULT_REPORT_PATH)
    .option('-e, --env <KEY=VALUE>', 'pass a variable to the script (__ENV), repeatable, e.g. -e RATE=50', collect, [])
    .option('--plan <file>', 'fault plan for the simulator (only with --target sim)')
    .option('--samples <path>', 'where k6 writes every sample (--out json=; .gz is gzip\'d, .csv selects --out csv=), for the charts over time', DEFAULT_SAMPLES_PATH)
    .option('--no-samples', 'no per-request output: the report shows end-of-test figures only')
    .option('--instance <name>', 'tag every sample with instance=<name> (tells the parts of a split test apart when merged)')
    .option('--execution-segment <segment>', 'run only this share of the test, e.g. 0:1/2 (k6 --execution-segment)')
    .option('--execution-segment-sequence <sequence>', 'all parts\' boundaries, e.g. 0,1/2,1 (k6 --execution-segment-sequence)')
    .addHelpText('after', '\nk6 exits 99 when thresholds fail; this command then exits 1 after writing the report.')
    .action(async (script: string, opts: LoadCliOptions) => {
      const scriptPath = resolveScript(script, packageRoot());
      if (!existsSync(scriptPath)) throw new CanaryError('usage', `no such load script: ${scriptPath} (built-in: ${LOAD_SCRIPTS.join(', ')})`);
      let target;
      try {
        target = parseTarget(opts.target);
      } catch (err) {
        throw new CanaryError('usage', (err as Error).message);
      }
      const env: Record<string, string> = {};
      for (const kv of opts.env) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new CanaryError('usage', `-e expects KEY=VALUE, got "${kv}"`);
        env[kv.slice(0, eq)] = kv.slice(eq + 1);
      }
      if (opts.plan && target.kind !== 'sim') throw new CanaryError('usage', '--plan only applies with --target sim');
      const summaryPath = resolve(opts.out);
      const samplesPath = opts.samples === false ? undefined : resolve(opts.samples);
      const k6Args = (baseUrl: string) => buildK6Args({
        script: scriptPath,
        summaryPath,
        env: { BASE_URL: baseUrl, ...env },
        ...(samplesPath ? { samplesPath } : {}),
        ...(opts.instance ? { tags: { instance: opts.instance } } : {}),
        ...(opts.executionSegment ? { executionSegment: opts.executionSegment } : {}),
        ...(opts.executionSegmentSequence ? { executionSegmentSequence: opts.executionSegmentSequence } : {}),
      });
      try {
        k6Args('http://127.0.0.1'); // checks the tag and segment values before anything starts
      } catch (err) {
        throw new CanaryError('usage', (err as Error).message);
      }

      const k6 = findK6(process.env);
      if (!k6) {
        process.stderr.write(`${K6_INSTALL_HINT}\n`);
        process.exitCode = 2;
        return;
      }

      // Imported only when needed, so `load` without k6 (and `report`) never load the simulator.
      let sim: { url: string; close(): Promise<void> } | undefined;
      if (target.kind === 'sim') {
        const mocks = await import('../../../mocks/index.ts');
        const plan = opts.plan ? mocks.loadFaultPlan(opts.plan) : undefined;
        sim = await mocks.startHttpSimulator({ port: 0, host: '127.0.0.1', ...(plan ? { plan } : {}) });
        process.stderr.write(`simulator listening on ${sim.url}\n`);
      }
      const baseUrl = sim ? sim.url : (target as { url: string }).url;
      for (const p of [summaryPath, samplesPath]) {
        if (!p) continue;
        mkdirSync(dirname(p), { recursive: true });
        rmSync(p, { force: true });
      }
      const args = k6Args(baseUrl);
      let code: number;
      const onSignal = () => {}; // k6 gets the same SIGINT from the terminal and ends itself with a summary
      process.on('SIGINT', onSignal);
      try {
        process.stderr.write(`${k6} ${args.join(' ')}\n`);
        code = await runK6(k6, args, { cwd: process.cwd() });
      } finally {
        process.off('SIGINT', onSignal);
        await sim?.close();
      }
      const inputs = [summaryPath, ...(samplesPath ? [samplesPath] : [])].filter((f) => existsSync(f));
      if (!existsSync(summaryPath)) {
        process.stderr.write(`k6 exited ${code} without writing ${summaryPath}; ${inputs.length ? 'the report uses the per-request output only' : 'no report rendered'}\n`);
        if (inputs.length === 0) {
          process.exitCode = code === 0 ? 1 : code;
          return;
        }
      }
      const { passed, out } = await writeLoadReport(inputs, opts.report);
      process.stdout.write(`k6 summary: ${summaryPath}\n${samplesPath && existsSync(samplesPath) ? `k6 per-request output: ${samplesPath}\n` : ''}load report (${passed === false ? 'FAIL' : passed === true ? 'PASS' : 'no thresholds'}): ${out}\n`);
      process.exitCode = code === 0 ? 0 : code === K6_THRESHOLDS_FAILED_EXIT ? 1 : code;
    });
}
