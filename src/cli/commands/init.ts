/**
 * `claude-canary init`: scaffolds probes/, scenarios/, a config and a CI workflow in the working
 * directory. Never overwrites: a file that exists is left as it is and reported.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { INIT_TEMPLATES } from '../init-templates.ts';

export function register(program: Command): void {
  program
    .command('init')
    .description('scaffold probes/, scenarios/, claude-canary.config.ts and a GitHub Actions workflow here (never overwrites)')
    .action(() => {
      let written = 0;
      for (const t of INIT_TEMPLATES) {
        const file = resolve(t.path);
        if (existsSync(file)) {
          process.stdout.write(`  kept     ${t.path} (exists)\n`);
          continue;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, t.body, { flag: 'wx' });
        written++;
        process.stdout.write(`  created  ${t.path}\n`);
      }
      process.stdout.write(
        `\n${written} file(s) created. Next:\n  npx claude-canary run      # the probes once, against the simulator without ANTHROPIC_API_KEY\n  npx claude-canary chaos    # the scenarios, on virtual time\n`,
      );
    });
}
