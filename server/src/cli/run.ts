// Runs one CLI command: a usage error is one line on stderr and exit code 2, any other failure an "internal error"
// line and exit code 2. Shared by dist/cli.js and the bundle it loads for the less common commands (cli/more.ts):
// each bundle has its own copy of UsageError, so each catches its commands' errors itself.

import { CliIO, UsageError } from './io';

export type Command = (args: string[], io: CliIO) => number;

export function runCommand(name: string, command: Command, args: string[], io: CliIO): number {
  try {
    return command(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`update-inf ${name}: ${err.message}\n`);
      return 2;
    }
    io.stderr(`update-inf ${name}: internal error: ${err instanceof Error ? err.message : String(err)}. Please report it with the input that caused it.\n`);
    return 2;
  }
}
