// The command-line tool: the only module that knows argv, stdout, stderr, exit codes and the real file system.
// Every command lives in cli/<command>.ts and receives a CliIO; this file wires them to the process.
//
//   update-inf check <file-or-folder>... [--format text|json|sarif] [--inf-only] [--rule CODE=LEVEL]
//   update-inf simulate <package>... --profile <name-or-file.json> [...]
//   update-inf log <file> [--compare-with <simulation.json>] [--format text|json]
//   update-inf rules            lists every rule with its code and default severity

import { ALL_RULES } from './checks/index';
import { runCheckCommand } from './cli/check';
import type * as More from './cli/more';
import { CliIO } from './cli/io';
import { Command, runCommand } from './cli/run';
import { writeSync } from 'node:fs';
import { nodeIO } from './nodeFs';
import { TOOL_VERSION } from './version';

const VERSION = TOOL_VERSION;

const HELP = `update-inf ${VERSION} - checks, simulates and explains Windows package-installer (Update.exe) update packages

Usage:
  update-inf check <file-or-folder>... [--format text|json|sarif] [--inf-only] [--rule CODE=LEVEL]...
      Checks INF files (a folder: every INF inside, recursively). Exit 0 when no error was found, 1 when at
      least one error was found, 2 on usage or I/O errors.
  update-inf simulate <package-folder-or-inf>... --profile <name-or-file.json> [--switches "/quiet /norestart"]
      [--installer-version 6.1.22.0] [--uninstall KB######] [--format text|json] [--log-out <file>]
      Predicts what the package installer would do on a machine described by a profile.
  update-inf log <file> [--compare-with <simulation.json>] [--format text|json]
      Explains an installer log (KB######.log, Svcpack.log ...): true failures, harmless errors, codes, restarts.
  update-inf rules
      Lists every check with its code and default severity.
  update-inf help | --help      update-inf --version
`;

function realIO(): CliIO {
  return nodeIO(writer(1, () => process.stdout), writer(2, () => process.stderr));
}

/**
 * Writes to stdout or stderr. Outside Windows straight to the file descriptor, as process.stdout does for files and
 * pipes there (synchronously), without making process.stdout, whose first use loads Node's stream modules (2-3 ms of
 * each run). The stream takes over for good when a write does not go through at once (a full non-blocking pipe, a
 * closed one: the stream then reports it as before), and on Windows, where a console needs the stream's conversion.
 */
function writer(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let direct = process.platform !== 'win32';
  return (text) => {
    if (!direct) {
      stream().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(fd, bytes, done);
    } catch {
      direct = false;
      stream().write(bytes.subarray(done));
    }
  };
}

/**
 * simulate and log, loaded when one of them runs. In dist/ the build leaves this require to run time
 * (dist/cli/more.js, a bundle of its own); in out/ it is the transpiled module.
 */
function more(): typeof More {
  return require('./cli/more') as typeof More;
}

const COMMANDS: Record<string, Command> = {
  check: runCheckCommand,
  simulate: (args, io) => more().runMoreCommand('simulate', args, io),
  log: (args, io) => more().runMoreCommand('log', args, io),
  rules: (_args, io) => {
    for (const r of ALL_RULES) io.stdout(`${r.code.padEnd(34)} ${r.defaultSeverity.padEnd(11)} ${r.title}\n`);
    return 0;
  },
};

function main(argv: string[]): number {
  const io = realIO();
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.stdout(HELP);
    return cmd === undefined ? 2 : 0;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  const command = COMMANDS[cmd];
  if (!command) {
    io.stderr(`update-inf: unknown command "${cmd}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "update-inf help".\n`);
    return 2;
  }
  return runCommand(cmd, command, rest, io);
}

process.exitCode = main(process.argv.slice(2));
