// The commands `simulate` and `log`, bundled apart from dist/cli.js (as dist/cli/more.js) and loaded only when one
// of them runs: the simulator and the log reader are half of the CLI's code, and compiling them made every
// `update-inf check` slower to start.

import { CliIO } from './io';
import { runLogCommand } from './log';
import { Command, runCommand } from './run';
import { runSimulateCommand } from './simulate';

const COMMANDS: Record<'simulate' | 'log', Command> = {
  simulate: runSimulateCommand,
  log: runLogCommand,
};

export function runMoreCommand(name: 'simulate' | 'log', args: string[], io: CliIO): number {
  return runCommand(name, COMMANDS[name], args, io);
}
