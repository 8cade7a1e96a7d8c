/** `claude-canary sim`: the Anthropic API simulator over HTTP on 127.0.0.1, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
// Direct imports, not mocks/index.ts: the HTTP simulator needs no MSW.
import { DEFAULT_LATENCY, NO_LATENCY } from '../../../mocks/core/simulator.ts';
import { FAULT_KINDS } from '../../../mocks/faults/kinds.ts';
import { loadFaultPlan } from '../../../mocks/faults/plan.ts';
import { startHttpSimulator } from '../../../mocks/http/server.ts';
import { CanaryError } from '../../shared/errors.ts';

export interface SimCliOptions {
  port: string;
  host: string;
  plan?: string;
  seed: string;
  latency: boolean;
}

function int(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CanaryError('usage', `${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('serve the Claude API simulator over HTTP (faults by plan file or per request with the x-canary-fault header)')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', '4010')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--plan <file>', 'fault plan JSON file (see mocks/faults/plan.ts)')
    .option('--seed <n>', 'seed for ids, replies and jitter', '1')
    .option('--no-latency', 'answer at once instead of modelling time to first token and time per token')
    .addHelpText('after', `\nFault kinds: ${FAULT_KINDS.join(', ')}\nPer request: x-canary-fault: rate_limit; retry_after=2; times=2`)
    .action(async (opts: SimCliOptions) => {
      const plan = opts.plan ? loadFaultPlan(opts.plan) : undefined;
      const sim = await startHttpSimulator({
        port: int(opts.port, '--port', 0, 65535),
        host: opts.host,
        seed: int(opts.seed, '--seed', 0, 2 ** 31 - 1),
        latency: opts.latency ? DEFAULT_LATENCY : NO_LATENCY,
        ...(plan ? { plan } : {}),
      });
      process.stdout.write(`claude-canary simulator listening on ${sim.url}\n`);
      process.stderr.write(
        `  POST ${sim.url}/v1/messages  POST ${sim.url}/v1/messages/count_tokens  GET ${sim.url}/v1/models\n` +
          `  admin key: GET ${sim.url}/v1/organizations/usage_report/messages  GET ${sim.url}/v1/organizations/cost_report (the bill of what it answered)\n` +
          `  plan: ${opts.plan ?? 'healthy'}; latency: ${opts.latency ? 'modelled' : 'none'}; Ctrl-C to stop\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
