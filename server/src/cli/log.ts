// `update-inf log <file> [--compare-with <simulation.json>] [--format text|json]`: explains an installer log.
// Exit 0 when the log was analysed (whatever the installation's result), 2 on usage or I/O errors.

import { decodeText } from '../core/text';
import { analyzeLog, compareWithSimulation, formatLogReport, LogComparison, logReportJson } from '../log/index';
import { parseArgs, UsageError } from './io';

/** The part of CliIO this command needs (CliIO satisfies it). readFile may return undefined or throw when unreadable. */
export interface LogCommandIO {
  readFile(path: string): Uint8Array | undefined;
  stdout(text: string): void;
  stderr(text: string): void;
  display?(path: string): string;
}

const USAGE = 'Usage: update-inf log <file> [--compare-with <simulation.json>] [--format text|json]';

function read(io: LogCommandIO, path: string, what: string): Uint8Array {
  let bytes: Uint8Array | undefined;
  try {
    bytes = io.readFile(path);
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}.`);
  }
  if (!bytes) throw new UsageError(`cannot read ${what} ${path}: no such file.`);
  return bytes;
}

export function runLogCommand(args: string[], io: LogCommandIO): number {
  try {
    const { positional, opts } = parseArgs(args, [], ['compare-with', 'format']);
    if (positional.length !== 1) throw new UsageError(positional.length ? `give exactly one log file (got ${positional.length}). ${USAGE}` : `name the log file to explain. ${USAGE}`);
    const format = (opts.get('format') ?? ['text']).slice(-1)[0];
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (got "${format}").`);
    const compareWith = opts.get('compare-with')?.slice(-1)[0];
    const file = positional[0];
    const text = decodeText(read(io, file, 'the log'), { utf8: true }).text;
    let comparison: LogComparison | undefined;
    let simText: string | undefined;
    if (compareWith !== undefined) simText = decodeText(read(io, compareWith, 'the simulation'), { utf8: true }).text;
    const shown = io.display ? io.display(file) : file;
    const analysis = analyzeLog(text, shown);
    if (simText !== undefined) {
      comparison = compareWithSimulation(analysis, simText);
      if (!comparison.ok) {
        io.stderr(`update-inf log: ${compareWith}: ${comparison.error}\n`);
        return 2;
      }
    }
    if (format === 'json') io.stdout(JSON.stringify(logReportJson(analysis, comparison), null, 2) + '\n');
    else io.stdout(formatLogReport(analysis, comparison));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`update-inf log: ${err.message}\n`);
      return 2;
    }
    io.stderr(`update-inf log: internal error: ${err instanceof Error ? err.message : String(err)}. Please report it with the log that caused it.\n`);
    return 2;
  }
}
