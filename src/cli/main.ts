/**
 * The CLI: thin commands over the parts. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`. Only this file calls `process.exit`.
 *
 * Exit codes: 0 done, 1 a probe or expectation failed (set by the command) or an unexpected
 * error, 2 bad input (unknown command or option, a bad flag value, an unreadable `--db`, a
 * definition folder with problems). Bad input gets one line naming the flag or file (then each
 * problem once), never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { registerSecret, scrubString } from '../log/scrub.ts';
import { CanaryError, formatProblems } from '../shared/errors.ts';
import { commandsFor } from './commands/index.ts';

// Secrets known from the environment before anything can print: every command's output (logs,
// results, reports, errors) is scrubbed of them, plain or encoded.
registerSecret(process.env['ANTHROPIC_API_KEY']);
registerSecret(process.env['ANTHROPIC_ADMIN_KEY']);
registerSecret(process.env['ANTHROPIC_AUTH_TOKEN']);

// Everything the CLI prints goes through the scrubber once more: results, tables, --json, logs
// and notices are scrubbed where they are made, and this catches what anything else prints.
for (const stream of [process.stdout, process.stderr]) {
  const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => original(typeof chunk === 'string' ? scrubString(chunk) : chunk, ...rest)) as typeof stream.write;
}

const USAGE = 2;
const write = (text: string) => process.stderr.write(`${text}\n`);

const program = new Command();
program
  .name('claude-canary')
  .description('Canary probes, fault injection, load tests and reports for the Claude API')
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

// Subcommands inherit exitOverride (commander copies it when they are created): they throw too.
for (const register of await commandsFor(process.argv.slice(2))) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Commander has printed its one-line message already; help and --version end well.
    const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version';
    process.exit(ok ? 0 : USAGE);
  }
  if (err instanceof CanaryError) {
    // The message's first line is the summary; each problem is printed once, under it.
    write(`claude-canary: ${err.problems.length > 0 ? (err.message.split('\n')[0] ?? err.message) : err.message}`);
    if (err.problems.length > 0) write(formatProblems(err.problems));
    process.exit(USAGE);
  }
  write(`claude-canary: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
}
