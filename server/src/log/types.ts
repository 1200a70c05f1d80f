// The data the log reader returns: runs, phases, file actions, outcome, the KB976647 migration report and the
// diagnostics. Plain data (JSON-friendly) except LogAnalysis.lineIndex.

import { InfDiagnostic } from '../core/diagnostics';
import { LineIndex, Span } from '../core/text';
import { ReturnCodeInfo } from '../knowledge/returnCodes';
import { LogLine } from './parse';
import { PhaseId } from './patterns';

export type LogKind = 'install' | 'removal' | 'service-pack' | 'service-pack-removal' | 'post-restart' | 'setupapi' | 'unknown';

export type RunOutcome = 'success' | 'success-restart' | 'failed' | 'cancelled' | 'incomplete';

export type LogFileActionKind = 'copied' | 'delayed' | 'cached' | 'skipped' | 'skipped-oem' | 'restored';

export interface LogFileAction {
  /** Full target path as logged (original case). */
  target: string;
  action: LogFileActionKind;
  /** 0-based line of the log that shows it. */
  line: number;
  /** The SET*.tmp / uninst*.tmp name a delayed copy went to, when known. */
  tempName?: string;
  version?: string;
}

export interface PhaseRange {
  id: PhaseId;
  title: string;
  /** First and last 0-based line of the phase. */
  firstLine: number;
  lastLine: number;
  span: Span;
  /** The marker line that opened it (the run's first line for 'analysis'). */
  markerLine: number;
}

export interface MigratedHotfix {
  id: string;
  /** Line of "MigrateHotfix: Migrating hotfix ...". */
  line: number;
  /** Registry values whose write failed (NoRemove, MigratedCount), with the Win32 code. */
  failedValues: { name: string; code: number; line: number }[];
  noBackupDirectory: boolean;
  commandLine?: string;
}

export interface MigrationReport {
  failed: boolean;
  /** Line of "DoInstallation: Migration failed". */
  failureLine?: number;
  hotfixes: MigratedHotfix[];
  /** The hotfixes whose Add or Remove Programs key is (by the KB976647 pattern) missing. */
  affected: string[];
  explanation?: string;
}

export interface RestartInfo {
  pending: boolean;
  /** True when the log ends without a result or end marker, so it does not tell whether a restart is needed. */
  unknown?: boolean;
  /** Why, in plain words (one per reason). */
  reasons: string[];
  /** Target files that will be replaced at the restart. */
  delayedFiles: string[];
}

export interface LogRun {
  /** 0-based run number in the file (a log is appended on each attempt). */
  index: number;
  firstLine: number;
  lastLine: number;
  span: Span;
  startedAt?: string;
  installer?: { path: string; version?: string };
  commandLine?: string;
  kind: LogKind;
  /** KB###### (or Q######) of the package, when the log says it. */
  package?: string;
  /** Branch the run installed, when the log shows it ($hf_mig$\KB\SP2QFE\..., update_SP2GDR.inf, -B:). */
  branch?: string;
  phases: PhaseRange[];
  files: LogFileAction[];
  outcome: RunOutcome;
  /** The plain code (0, 3010, 1603) the run returned, logged or derived. */
  returnCode?: number;
  extendedCode?: number;
  extended?: ReturnCodeInfo;
  restart: RestartInfo;
  migration?: MigrationReport;
  /** Line that stopped a failed run, when one can be named. */
  failureLine?: number;
  /** Line carrying the result (extended code / return code). */
  resultLine?: number;
  /** One-paragraph plain-language summary. */
  summary: string;
}

export interface LogSummary {
  fileName?: string;
  kind: LogKind;
  runCount: number;
  /** Index of the run the summary describes: the last one. */
  run: number;
  package?: string;
  outcome: RunOutcome | 'empty';
  returnCode?: number;
  extendedCode?: number;
  extendedName?: string;
  extendedMeaning?: string;
  restartPending: boolean;
  restartReasons: string[];
  delayedFiles: string[];
  failures: number;
  benign: number;
  migrationFailed: boolean;
  text: string;
}

export interface LogAnalysis {
  fileName?: string;
  kind: LogKind;
  text: string;
  lines: LogLine[];
  runs: LogRun[];
  diagnostics: InfDiagnostic[];
  summary: LogSummary;
  /** Per line: the benign-entry id when the line is a known harmless "error". */
  benignByLine: Map<number, string>;
  lineIndex: LineIndex;
}
