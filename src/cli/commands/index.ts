/** Every CLI command, in help order. Add a command by adding its `register` here. */
import type { Command } from 'commander';
import { register as chaos } from './chaos.ts';
import { register as run } from './run.ts';
import { register as monitor } from './monitor.ts';
import { register as sim } from './sim.ts';
import { register as load } from './load.ts';
import { register as report } from './report.ts';
import { register as alerts } from './alerts.ts';
import { register as rules } from './rules.ts';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  run,
  monitor,
  sim,
  chaos,
  load,
  report,
  alerts,
  rules,
];
