/**
 * The CLI: thin commands over the parts. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`. Only this file calls `process.exit`.
 */
import { Command } from 'commander';
import { CanaryError, formatProblems } from '../shared/errors.ts';
import { commandsFor } from './commands/index.ts';

const program = new Command();
program
  .name('claude-canary')
  .description('Canary probes, fault injection, load tests and reports for the Claude API')
  .version('0.1.0')
  .showHelpAfterError();

for (const register of await commandsFor(process.argv.slice(2))) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CanaryError) {
    process.stderr.write(`claude-canary: ${err.message}\n`);
    if (err.problems.length > 0) process.stderr.write(`${formatProblems(err.problems)}\n`);
    process.exit(2);
  }
  process.stderr.write(`claude-canary: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
