/** `claude-canary chaos`: every scenario (of one or more folders) on virtual time; a line each; JUnit and HTML; exit 1 on any failure. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadScenarios, matchesGlob, MUTANTS, runSuite, toJUnit, type ScenarioVerdict } from '../../chaos/index.ts';
import { renderChaosReport } from '../../report/chaos/index.ts';
import { CanaryError } from '../../shared/errors.ts';

interface ChaosOptions {
  scenario?: string[];
  dir: string[];
  junit: string;
  html: string;
  mutant?: string;
}

function line(v: ScenarioVerdict): string {
  const status = v.error ? 'ERROR' : v.pass ? 'PASS ' : 'FAIL ';
  const started = v.user?.startup_wall_ms != null ? ` (service ready in ${(v.user.startup_wall_ms / 1000).toFixed(1)} s)` : '';
  const head = `${status} ${v.id.padEnd(34)} ${(v.virtual_ms / 1000).toFixed(1).padStart(8)} s virtual  ${v.wall_ms.toFixed(0).padStart(5)} ms wall${started}`;
  if (v.error) return `${head}\n      ${v.error.split('\n')[0]}`;
  const failed = v.checks.filter((c) => !c.pass);
  return [head, ...failed.map((c) => `      ${c.name}: expected ${c.expected}, got ${c.actual}`)].join('\n');
}

export function register(program: Command): void {
  program
    .command('chaos')
    .description('run the fault scenarios against the production client, checks and alerts, on virtual time')
    .option('--scenario <glob...>', 'only scenarios whose id or file matches (* wildcard)')
    .option('--dir <dir...>', 'scenario folder(s)', ['scenarios'])
    .option('--junit <file>', 'JUnit XML output', 'reports/chaos.junit.xml')
    .option('--html <file>', 'HTML report output', 'reports/chaos.html')
    .option('--mutant <name>', `run against a deliberately broken variant (${MUTANTS.map((m) => m.name).join(', ')})`)
    .action(async (opts: ChaosOptions) => {
      const mutant = opts.mutant ? MUTANTS.find((m) => m.name === opts.mutant) : null;
      if (opts.mutant && !mutant) throw new CanaryError('usage', `unknown mutant "${opts.mutant}"; known: ${MUTANTS.map((m) => m.name).join(', ')}`);
      let scenarios = (await Promise.all(opts.dir.map((d) => loadScenarios(d)))).flat();
      const seen = new Map<string, string>();
      for (const s of scenarios) {
        const other = seen.get(s.value.id);
        if (other) throw new CanaryError('invalid_scenario', `duplicate scenario id "${s.value.id}" in ${s.file} and ${other}`, [{ file: s.file, path: 'id', message: `duplicate scenario id (also in ${other})` }]);
        seen.set(s.value.id, s.file);
      }
      if (opts.scenario?.length) {
        scenarios = scenarios.filter((s) => opts.scenario!.some((g) => matchesGlob(g, s)));
        if (scenarios.length === 0) throw new CanaryError('usage', `no scenario matches ${opts.scenario.join(', ')}`);
      }
      process.stdout.write(`chaos: ${scenarios.length} scenario(s)${mutant ? ` against mutant ${mutant.name}` : ''}\n`);
      const run = await runSuite(scenarios, { mutant, onVerdict: (v) => process.stdout.write(`${line(v)}\n`) });
      for (const [file, body] of [[opts.junit, toJUnit(run)], [opts.html, renderChaosReport(run)]] as const) {
        mkdirSync(dirname(resolve(file)), { recursive: true });
        writeFileSync(file, body);
      }
      const passed = run.scenarios.filter((s) => s.pass).length;
      const speed = run.virtual_ms / Math.max(1, run.wall_ms);
      process.stdout.write(
        `\n${passed}/${run.scenarios.length} scenarios passed; ${(run.virtual_ms / 1000).toFixed(0)} s of virtual time in ${(run.wall_ms / 1000).toFixed(2)} s of wall time (${speed.toFixed(0)} virtual seconds per wall second)\n` +
          `JUnit: ${opts.junit}  HTML: ${opts.html}\n`,
      );
      if (passed !== run.scenarios.length) process.exitCode = 1;
    });
}
