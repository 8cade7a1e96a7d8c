/**
 * Every CLI command, in help order, loaded on demand: a command's module (and the parts it
 * imports) is loaded only when that command runs, so `claude-canary sim` does not pay for
 * OpenTelemetry, MSW or Chromium helpers. `--help` loads them all.
 * Add a command by adding its loader here.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: Record<string, () => Promise<{ register: RegisterCommand }>> = {
  run: () => import('./run.ts'),
  monitor: () => import('./monitor.ts'),
  sim: () => import('./sim.ts'),
  chaos: () => import('./chaos.ts'),
  load: () => import('./load.ts'),
  report: () => import('./report.ts'),
  alerts: () => import('./alerts.ts'),
  rules: () => import('./rules.ts'),
  reconcile: () => import('./reconcile.ts'),
  init: () => import('./init.ts'),
  doctor: () => import('./doctor.ts'),
};

/** The commands to load for these arguments: the one named, or all (help, unknown names). */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const loaders = name && COMMANDS[name] ? [COMMANDS[name]] : Object.values(COMMANDS);
  return (await Promise.all(loaders.map((l) => l()))).map((m) => m.register);
}
