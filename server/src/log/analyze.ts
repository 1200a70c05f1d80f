// Analysis of an installer log: runs (the log is appended on each attempt), phases, file actions, the outcome of
// each run with its decoded codes, the restart decision and why, the KB976647 migration failure, and the
// diagnostics an author sees on the log. Pure; never throws (a failure inside yields an 'internal-error' diagnostic).

import { compareDiagnostics, InfDiagnostic, RelatedInfo, Severity } from '../core/diagnostics';
import { LineIndex, Span } from '../core/text';
import { extendedCodeByMessage, formatCode, lookupExtendedCode, lookupReturnCode, plainReturnCode, returnCodeByName, ReturnCodeInfo } from '../knowledge/returnCodes';
import { LogLine, parseLogLines, startsLikeLogEntry } from './parse';
import { benignEntryOf, ERROR_WORDS, failurePhraseOf, phaseInfo, phaseMarkerOf, PhaseId } from './patterns';
import { LogAnalysis, LogFileAction, LogKind, LogRun, LogSummary, MigratedHotfix, MigrationReport, PhaseRange, RunOutcome } from './types';

/** Diagnostic codes of the log reader (stable; see docs/logs.md). */
export const LOG_CODES = {
  failure: 'log-failure',
  benign: 'log-benign-error',
  unexplained: 'log-unexplained-error',
  result: 'log-result',
  migration: 'log-migration-failed',
  named: 'log-named-code',
  internal: 'internal-error',
} as const;

const LOG_NAME_RE = /^(?:(KB\d{5,7})[\w.-]*?(uninst)?|(Q\d{6})[\w.-]*?(uninst)?|(svcpack)|(spuninst)|(spupdsvc)|(updspapi)|(setupapi)|(xpsp1hfm))\.log$/i;

function baseName(name: string): string {
  const parts = name.split(/[\\/]/);
  return parts[parts.length - 1] ?? name;
}

/** True for the installer's log file names: KB######.log, KB######Uninst.log, Svcpack.log, Spuninst.log, Spupdsvc.log, Updspapi.log (and Setupapi.log, Xpsp1hfm.log, Q######.log). */
export function isInstallerLogName(name: string): boolean {
  if (typeof name !== 'string') return false;
  return LOG_NAME_RE.test(baseName(name));
}

/** Log kind implied by a file name, or undefined. */
export function logKindFromName(name: string | undefined): LogKind | undefined {
  if (!name) return undefined;
  const m = LOG_NAME_RE.exec(baseName(name));
  if (!m) return undefined;
  if (m[1] || m[3]) return m[2] || m[4] ? 'removal' : 'install';
  if (m[5]) return 'service-pack';
  if (m[6]) return 'service-pack-removal';
  if (m[7]) return 'post-restart';
  if (m[8] || m[9]) return 'setupapi';
  if (m[10]) return 'install';
  return undefined;
}

const CONTENT_MARKERS = /update\.exe|spuninst|Hotfix started|Service Pack started|DoInstallation|AnalyzeComponents|PerformInfInstructions|RebootNecessary|MigrateHotfix|\(local\)|\$NtUninstall|Copied file/i;

/** True when text looks like an installer log: mostly "seconds.millis: message" lines with installer vocabulary. */
export function looksLikeInstallerLog(text: string): boolean {
  if (typeof text !== 'string' || !text) return false;
  const lines = text.split(/\r\n|\r|\n/, 80).filter((l) => l.trim() !== '');
  if (!lines.length) return false;
  let stamped = 0;
  let wrapped = 0;
  let markers = 0;
  let prevStamped = false;
  for (const l of lines) {
    // Lines a mail or forum client broke off an entry do not count against the log (see parse.ts).
    if (startsLikeLogEntry(l)) {
      stamped++;
      prevStamped = true;
    } else if (prevStamped) wrapped++;
    if (CONTENT_MARKERS.test(l)) markers++;
  }
  const entries = lines.length - wrapped;
  return stamped >= Math.min(3, entries) && stamped >= entries * 0.5 && markers >= 1;
}

const KB_RE = /\b((?:KB|Q)\d{5,7}(?:-v\d+)?(?:-[A-Za-z0-9]+)?)\b/;

function isDateStart(l: LogLine): boolean {
  if (!l.date) return false;
  const m = l.message.text;
  return m.startsWith(l.date.text) || m.startsWith('[' + l.date.text) || !!l.separator;
}

/** "[KB834707.log]": the file-name banner some logs (and Appendix D) start with. */
function isBanner(l: LogLine): boolean {
  return !l.timestamp && /^\[[^\]]+\.log\]$/i.test(l.message.text);
}

function hasContent(l: LogLine): boolean {
  return l.message.text.trim() !== '' && !l.separator && !isDateStart(l) && !isBanner(l);
}

/** Lines that identify a run rather than report on it (date, installer path, command line). */
function isHeaderLine(l: LogLine): boolean {
  const m = l.message.text;
  return !hasContent(l) || /^\S.*?\.exe\s*\(version [\d.]+\)/i.test(m) || /started with following command line|was run with the following arguments|is being run from the following location/i.test(m);
}

/** Splits lines into runs: a date banner or "=====" line after content, or a clock that jumps back, starts a new run. */
function splitRuns(lines: LogLine[]): [number, number][] {
  const runs: [number, number][] = [];
  if (!lines.length) return runs;
  let start = 0;
  let content = false;
  let lastTs: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const boundary = (l.separator || isDateStart(l)) && content;
    const clockBack = l.timestamp !== undefined && lastTs !== undefined && l.timestamp.seconds + 1 < lastTs && content;
    if (boundary || clockBack) {
      runs.push([start, i - 1]);
      start = i;
      content = false;
      lastTs = undefined;
    }
    if (hasContent(l)) content = true;
    if (l.timestamp) lastTs = l.timestamp.seconds;
  }
  runs.push([start, lines.length - 1]);
  // Trailing blank-only runs are merged into the previous one.
  return runs.filter((r, i) => i === 0 || lines.slice(r[0], r[1] + 1).some((l) => l.message.text.trim() !== ''));
}

/** Named codes in a line: STATUS_..., STR_..., ERROR_... as the installer logs them ("failed:STR_CATALOG_INSTALL_FAILED"). */
const NAMED_CODE_RE = /\b(?:STATUS|STR|ERROR|ERR)_[A-Z0-9_]{3,}\b/g;

/** The table entries for the code names a message carries (known names only, each once). */
export function namedCodesIn(message: string): ReturnCodeInfo[] {
  const out: ReturnCodeInfo[] = [];
  if (message.indexOf('_') < 0) return out;
  for (const m of message.matchAll(NAMED_CODE_RE)) {
    const e = returnCodeByName(m[0]);
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

/** "Setup encountered an error: <message>" (the dialog people quote) and "Message displayed to the user: <message>". */
const USER_MESSAGE_RE = /(?:Setup encountered an error|Message displayed to the user)\s*:\s*(.+)$/i;

/** The Appendix E entry whose message a line quotes, or undefined. */
export function quotedMessageCode(message: string): ReturnCodeInfo | undefined {
  const m = USER_MESSAGE_RE.exec(message);
  return extendedCodeByMessage(m ? m[1] : message);
}

/** Entries a mail client ran together on one line ("... 940.344: DoInstallation: ..."), split at their timestamps. */
export function entrySegments(message: string): string[] {
  return message.split(/\s+\d{1,9}[.,]\d{1,4}:\s+/).filter((x) => x.trim() !== '');
}

/** The harmless-entry id of a message, when every entry on the line that reports an error is harmless. */
function benignOf(message: string) {
  const segs = entrySegments(message);
  if (segs.length <= 1) return benignEntryOf(message);
  let first: ReturnType<typeof benignEntryOf>;
  for (const seg of segs) {
    if (!ERROR_WORDS.test(seg)) continue;
    const b = benignEntryOf(seg);
    if (!b) return undefined;
    first ??= b;
  }
  return first;
}

const EXTENDED_LINE_RE = /extended (?:error|return) code\s*(?:=|:|is|was)?\s*(-?0x[0-9a-f]+|-?\d+)/i;
const PLAIN_LINE_RES = [
  /return code was masked to\s*(0x[0-9a-f]+|\d+)/i,
  /^(?:Update\.exe |Spuninst\.exe |Hotfix |Service Pack |Setup )?(?:final )?return ?code\s*(?:=|:|is|was)\s*(0x[0-9a-f]+|-?\d+)/i,
  /\bDone\. Return code\s*:\s*(0x[0-9a-f]+|-?\d+)/i,
  // "Update.exe failed 1603." as people post the one line they have (ONE_LINE_FAILURE: also the failure line).
  /^(?:Update\.exe|Spuninst\.exe|Update|Setup|Installation|Hotfix|Service Pack|(?:KB|Q)\d{5,7}\S*)\s+(?:has\s+)?failed(?:\s+with)?(?:\s+(?:error|exit|return))?(?:\s+code)?\s*[:=]?\s*(0x[0-9a-f]+|-?\d+)\s*\.?$/i,
];

/** The last of PLAIN_LINE_RES: a line that says the run failed and gives the code in one breath. */
const ONE_LINE_FAILURE = PLAIN_LINE_RES[PLAIN_LINE_RES.length - 1];

function parseNum(t: string): number | undefined {
  const s = t.trim();
  if (/^-?0x/i.test(s)) {
    const neg = s.startsWith('-');
    const v = parseInt(s.replace(/^-?0x/i, ''), 16);
    return Number.isFinite(v) ? (neg ? -v >>> 0 : v >>> 0) : undefined;
  }
  const v = parseInt(s, 10);
  return Number.isFinite(v) ? v >>> 0 : undefined;
}

function lower(p: string): string {
  return p.toLowerCase();
}

const PATH_IN = /((?:[A-Za-z]:\\|\\\\|%\w+%\\)[^\s,;"'<>|()*?]*)/;

function stripDot(p: string): string {
  return p.replace(/[.:]+$/, '');
}

interface RunScan {
  run: LogRun;
  /** The kind the log's content shows, when it shows one (it wins over the file name). */
  contentKind?: LogKind;
  /** Lines quoting an Appendix E message, with its code. */
  quoted: Map<number, ReturnCodeInfo>;
  errorLike: Set<number>;
  resultLines: Set<number>;
  migrationLines: Map<number, string>;
}

function analyzeRun(lines: LogLine[], first: number, last: number, index: number, fileKind: LogKind | undefined, fileName: string | undefined): RunScan {
  const runLines = lines.slice(first, last + 1);
  const span: Span = { start: lines[first].span.start, end: lines[last].span.end };
  const run: LogRun = {
    index, firstLine: lines[first].line, lastLine: lines[last].line, span, kind: fileKind ?? 'unknown', phases: [], files: [],
    outcome: 'incomplete', restart: { pending: false, reasons: [], delayedFiles: [] }, summary: '',
  };
  const errorLike = new Set<number>();
  const resultLines = new Set<number>();
  const migrationLines = new Map<number, string>();
  const quoted = new Map<number, ReturnCodeInfo>();

  // Identity: start, installer, command line, kind, package, branch.
  let kindFromContent: LogKind | undefined;
  for (const l of runLines) {
    const msg = l.message.text;
    if (!run.startedAt && l.date && isDateStart(l)) run.startedAt = l.date.text;
    if (!run.installer) {
      const m = /^(\S.*?\.exe)\s*\(version ([\d.]+)\)/i.exec(msg);
      if (m) run.installer = { path: m[1], version: m[2] };
    }
    if (run.commandLine === undefined) {
      const m = /^(Hotfix|Service Pack) started with following command line:\s*(.*)$/i.exec(msg);
      if (m) {
        run.commandLine = m[2].trim();
        kindFromContent = m[1].toLowerCase() === 'hotfix' ? 'install' : 'service-pack';
      }
      const u = /was run with the following arguments:\s*(.*)$/i.exec(msg);
      if (u) {
        run.commandLine = u[1].trim();
        kindFromContent = 'removal';
      }
    }
    if (!kindFromContent && /^\[PerformInfInstructions\]/i.test(msg)) kindFromContent = 'post-restart';
    // A service pack says so in its uninstall entry, its backup folder or the hotfix migration only it does, whatever
    // the file is called (KB976647; the svcpack.log excerpts people post).
    if (!kindFromContent && (/Uninstall Program (?:for )?->\s*[^,]*Service Pack/i.test(msg) || /\$NtServicePackUninstall\$/i.test(msg) || /^MigrateHotfix/i.test(msg))) kindFromContent = 'service-pack';
    if (!run.package) {
      const m = /\$NtUninstall((?:KB|Q)[\w-]+)\$/i.exec(msg) || /(?:Registering|DeRegistering) (?:the )?Uninstall Program (?:for )?->\s*([^,]*?)\s*(?:,|$)/i.exec(msg);
      if (m && m[1].trim()) run.package = m[1].trim();
    }
    if (!run.branch) {
      // The branch INF the installer reads (update_SP2GDR.inf). $hf_mig$ paths are not used: the installer caches
      // the most cumulative branch there whatever it installs (whitepaper, "Branching").
      const m = /\bupdate_(\w+)\.inf\b/i.exec(msg);
      if (m) run.branch = m[1].toUpperCase();
    }
  }
  if (!run.package && fileName) {
    const m = KB_RE.exec(baseName(fileName).replace(/uninst\.log$/i, '.log'));
    if (m) run.package = m[1];
  }
  if (kindFromContent) {
    if (kindFromContent === 'removal' && fileKind === 'service-pack-removal') run.kind = 'service-pack-removal';
    else if (!(kindFromContent === 'install' && fileKind === 'service-pack')) run.kind = kindFromContent;
  }
  const removal = run.kind === 'removal' || run.kind === 'service-pack-removal';

  // Phases.
  let phase: PhaseRange = { id: 'analysis', title: phaseInfo('analysis').title, firstLine: run.firstLine, lastLine: run.firstLine, span: { ...span }, markerLine: run.firstLine };
  const phases: PhaseRange[] = [phase];
  const open = (id: PhaseId, l: LogLine) => {
    if (phase.id === id) return;
    phase = { id, title: phaseInfo(id).title, firstLine: l.line, lastLine: l.line, span: { start: l.span.start, end: l.span.end }, markerLine: l.line };
    phases.push(phase);
  };

  // Files, restart, result, migration.
  const files = new Map<string, LogFileAction>();
  const rank: Record<string, number> = { skipped: 1, 'skipped-oem': 1, cached: 2, copied: 3, restored: 3, delayed: 4 };
  const addFile = (f: LogFileAction) => {
    const key = lower(f.target);
    const prev = files.get(key);
    if (!prev || rank[f.action] >= rank[prev.action]) files.set(key, prev && prev.tempName && !f.tempName ? { ...f, tempName: prev.tempName } : f);
  };
  const delayedTemps = new Map<string, number>();
  const pfrNew: { source: string; dest: string; line: number }[] = [];
  let pfrBlock: 'old' | 'new' | undefined;
  let pendingSource: string | undefined;
  const rebootTargets: { path: string; line: number }[] = [];
  let rebootNecessary: boolean | undefined;
  let rebootSaid = false;
  let extendedCode: number | undefined;
  let plainCode: number | undefined;
  let resultLine: number | undefined;
  let endMarker = false;
  let oneLineFailure: number | undefined;
  let cancelled = false;
  const migration: MigrationReport = { failed: false, hotfixes: [], affected: [] };
  let currentHotfix: MigratedHotfix | undefined;
  let migrationSucceededLine: number | undefined;

  for (const l of runLines) {
    const msg = l.message.text;
    if (!msg) continue;
    const marker = phaseMarkerOf(msg);
    if (marker && marker.id !== 'analysis') open(marker.id, l);

    // Result.
    const em = EXTENDED_LINE_RE.exec(msg);
    if (em) {
      const v = parseNum(em[1]);
      if (v !== undefined) extendedCode = v;
      resultLines.add(l.line);
      if (resultLine === undefined) resultLine = l.line;
      open('result', l);
    } else {
      for (const re of PLAIN_LINE_RES) {
        const pm = re.exec(msg);
        if (pm && !(l.func && /^Migrate/i.test(l.func.text))) {
          const v = parseNum(pm[1]);
          if (v !== undefined) plainCode = v;
          // "Update.exe failed 1603." is both the result and the line that says what failed.
          if (re === ONE_LINE_FAILURE && v !== 0) oneLineFailure = l.line;
          else resultLines.add(l.line);
          if (resultLine === undefined) resultLine = l.line;
          if (run.kind !== 'post-restart') open('result', l);
          break;
        }
      }
    }
    if (/RebootNecessary\s*=\s*(\d)/i.test(msg)) {
      rebootNecessary = /RebootNecessary\s*=\s*1/i.test(msg);
      endMarker = true;
    }
    if (/^DontReboot\s*=|^DeRegistering the Uninstall Program/i.test(msg)) endMarker = true;
    if (/\breboot is required\b|\brestart is required\b/i.test(msg)) rebootSaid = true;
    if (/cancel+ed by (?:the )?user|^User Input:\s*Cancel/i.test(msg)) cancelled = true;

    // Files.
    let m: RegExpExecArray | null;
    if ((m = /^Copied file \(delayed\)\s*:\s*(.+)$/i.exec(msg))) {
      const p = stripDot(m[1].trim());
      delayedTemps.set(lower(p), l.line);
    } else if ((m = /^(PFR Copy:\s*)?Copied file\s*:\s*(.+)$/i.exec(msg))) {
      const p = stripDot(m[2].trim());
      const cached = /\$hf_mig\$|\$xpsp1hfm\$/i.test(p);
      addFile({ target: p, action: cached ? 'cached' : m[1] ? 'delayed' : removal ? 'restored' : 'copied', line: l.line });
    } else if ((m = /Copied\s+(\S.*?)\s*->\s*(\S.*?)\.?$/i.exec(msg))) {
      const p = stripDot(m[2]);
      addFile({ target: p, action: /\$hf_mig\$|\$xpsp1hfm\$/i.test(p) ? 'cached' : 'copied', line: l.line });
    } else if ((m = /^Oem (?:driver|file)\s+(\S+)\s+is signed by .*will not be replaced/i.exec(msg))) {
      addFile({ target: stripDot(m[1]), action: 'skipped-oem', line: l.line });
    } else if (/\b(?:Skipp(?:ed|ing)|Not copying|will not be (?:replaced|copied)|not (?:be )?replaced)\b/i.test(msg) && (m = PATH_IN.exec(msg))) {
      addFile({ target: stripDot(m[1]), action: 'skipped', line: l.line });
    }
    if ((m = /^IsRebootRequiredForFileQueue:\s*((?:[A-Za-z]:\\|\\\\|%\w+%\\)\S*?)\s+was delayed/i.exec(msg))) rebootTargets.push({ path: stripDot(m[1]), line: l.line });

    // Pending file renames.
    if (/-{2,}\s*New Information In The Registry|-{2,}\s*PendingFileRenam\w*Operations After/i.test(msg)) pfrBlock = 'new';
    else if (/-{2,}\s*Old Information In The Registry|-{2,}\s*PendingFileRenam\w*Operations Before/i.test(msg)) pfrBlock = 'old';
    else if (pfrBlock && (m = /^Source\s*:\s*(\S+)/i.exec(msg))) pendingSource = stripDot(m[1]);
    else if (pfrBlock && (m = /^Destination\s*:\s*(\S+)/i.exec(msg))) {
      if (pfrBlock === 'new' && pendingSource) pfrNew.push({ source: pendingSource, dest: stripDot(m[1]), line: l.line });
      pendingSource = undefined;
    } else if (pfrBlock && !/^(?:Source|Destination)\b/i.test(msg)) pfrBlock = undefined;

    // Migration (KB976647).
    if ((m = /^MigrateHotfix:\s*Migrating hotfix\s+(\S+)/i.exec(msg))) {
      currentHotfix = { id: m[1], line: l.line, failedValues: [], noBackupDirectory: false };
      migration.hotfixes.push(currentHotfix);
      migrationLines.set(l.line, 'start');
    } else if (currentHotfix && (m = /has no backup directory to migrate/i.exec(msg))) {
      currentHotfix.noBackupDirectory = true;
    } else if (currentHotfix && (m = /^Migrating QFE\s+\S+\s+with command line:\s*(.*)$/i.exec(msg))) {
      currentHotfix.commandLine = m[1].trim();
    } else if ((m = /^RegSetValueEx\((\w+)\)\s*failed:?\s*(0x[0-9a-f]+|\d+)/i.exec(msg))) {
      if (currentHotfix) currentHotfix.failedValues.push({ name: m[1], code: parseNum(m[2]) ?? 0, line: l.line });
      migrationLines.set(l.line, 'regset');
    } else if (/^DoInstallation:\s*Migration failed/i.test(msg)) {
      migration.failed = true;
      if (migration.failureLine === undefined) migration.failureLine = l.line;
      migrationLines.set(l.line, 'failed');
    } else if (/^DoInstallation:\s*Migration succeeded/i.test(msg)) {
      migrationSucceededLine = l.line;
    }

    if (ERROR_WORDS.test(msg) || failurePhraseOf(msg)) errorLike.add(l.line);
    if (errorLike.has(l.line) || USER_MESSAGE_RE.test(msg) || /did not complete/i.test(msg)) {
      const q = quotedMessageCode(msg);
      if (q) {
        quoted.set(l.line, q);
        if (!q.success) errorLike.add(l.line);
      }
    }
    phase.lastLine = l.line;
    phase.span.end = l.span.end;
  }
  for (const p of phases) if (p.lastLine < p.firstLine) p.lastLine = p.firstLine;
  run.phases = phases;

  // Delayed files: what the restart check names, plus PFR destinations of this run's temporary copies.
  const delayed = new Map<string, { path: string; line: number; temp?: string }>();
  for (const t of rebootTargets) delayed.set(lower(t.path), { path: t.path, line: t.line });
  for (const p of pfrNew) {
    if (delayedTemps.has(lower(p.source)) && !delayed.has(lower(p.dest))) delayed.set(lower(p.dest), { path: p.dest, line: p.line, temp: p.source });
    else if (delayed.has(lower(p.dest))) delayed.get(lower(p.dest))!.temp = p.source;
  }
  if (!delayed.size) for (const [t, line] of delayedTemps) delayed.set(t, { path: lines[line].message.text.replace(/^Copied file \(delayed\)\s*:\s*/i, '').trim(), line });
  for (const d of delayed.values()) {
    const f: LogFileAction = { target: d.path, action: 'delayed', line: d.line };
    if (d.temp) f.tempName = d.temp;
    addFile(f);
  }
  run.files = [...files.values()].sort((a, b) => a.line - b.line);

  // A refusal logged as "<message> (0xf410)" with no separate result line (removal logs).
  let inlineResult: number | undefined = oneLineFailure;
  if (extendedCode === undefined && plainCode === undefined) {
    for (let n = run.lastLine; n >= run.firstLine; n--) {
      const t = lines[n].message.text;
      if (!t) continue;
      const m = /\((0x[0-9a-f]{4,8}|6[12]\d{3})\)\s*\.?$/i.exec(t);
      const v = m ? parseNum(m[1]) : undefined;
      const e = v !== undefined ? lookupExtendedCode(v) : undefined;
      if (v !== undefined && e && !e.success) {
        extendedCode = v;
        resultLine = n;
        inlineResult = n;
      }
      break;
    }
  }

  // "Setup encountered an error: <Appendix E message>" with no code anywhere: the message is the result.
  if (extendedCode === undefined && plainCode === undefined) {
    for (let n = run.lastLine; n >= run.firstLine; n--) {
      const q = quoted.get(n);
      if (!q || q.success) continue;
      extendedCode = q.code;
      resultLine = n;
      inlineResult = n;
      break;
    }
  }

  // Outcome.
  let outcome: RunOutcome;
  let info: ReturnCodeInfo | undefined;
  if (extendedCode !== undefined) {
    info = lookupExtendedCode(extendedCode) ?? lookupReturnCode(extendedCode, { prefer: ['installer', 'win32', 'setupapi', 'hresult'] });
    if (extendedCode === 0 || info?.success) outcome = info?.restart || rebootNecessary ? 'success-restart' : 'success';
    else if (extendedCode === 61453 || extendedCode === 1223 || extendedCode === 1602) outcome = 'cancelled';
    else outcome = 'failed';
  } else if (plainCode !== undefined) {
    outcome = plainCode === 0 ? (rebootNecessary ? 'success-restart' : 'success') : plainCode === 3010 || plainCode === 1641 ? 'success-restart' : plainCode === 1602 || plainCode === 1223 ? 'cancelled' : 'failed';
  } else if (cancelled) {
    outcome = 'cancelled';
  } else if (endMarker) {
    outcome = rebootNecessary || rebootSaid ? 'success-restart' : 'success';
  } else {
    outcome = 'incomplete';
  }
  if (outcome === 'success' && rebootNecessary) outcome = 'success-restart';
  run.outcome = outcome;
  if (extendedCode !== undefined) {
    run.extendedCode = extendedCode;
    if (info) run.extended = info;
  }
  if (plainCode !== undefined) run.returnCode = plainCode;
  else if (extendedCode !== undefined) run.returnCode = plainReturnCode(extendedCode);
  else if (outcome === 'success') run.returnCode = 0;
  else if (outcome === 'success-restart') run.returnCode = 3010;
  if (resultLine !== undefined) run.resultLine = resultLine;
  // No result line and no end marker: the log does not say whether a restart is needed.
  if (resultLine === undefined && !endMarker && outcome !== 'success-restart') run.restart.unknown = true;

  // Restart.
  if (outcome === 'success-restart' || (outcome === 'success' && delayed.size > 0)) {
    run.outcome = 'success-restart';
    run.restart.pending = true;
    run.restart.delayedFiles = [...delayed.values()].map((d) => d.path);
    if (delayed.size) run.restart.reasons.push(`${delayed.size} file${delayed.size === 1 ? ' was' : 's were'} in use and will be replaced during the restart: ${run.restart.delayedFiles.join(', ')}.`);
    if (rebootNecessary) run.restart.reasons.push('The installer recorded RebootNecessary = 1.');
    if (info?.restart && extendedCode !== undefined) run.restart.reasons.push(`The result code ${formatCode(extendedCode)} ${info.name} means a restart is required.`);
    else if (run.returnCode === 3010) run.restart.reasons.push('The run returned 3010 (restart required).');
    if (!run.restart.reasons.length) run.restart.reasons.push('The installer logged that a restart is required.');
  }

  // Failure line: the last error-like line before the result.
  if (inlineResult !== undefined) run.failureLine = inlineResult;
  else if (run.outcome === 'failed' || run.outcome === 'incomplete') {
    const stop = resultLine !== undefined ? resultLine - 1 : run.lastLine;
    for (let n = stop; n >= run.firstLine; n--) {
      if (errorLike.has(n) && !resultLines.has(n)) {
        if (run.outcome === 'failed' || n >= run.lastLine - 2) run.failureLine = n;
        break;
      }
    }
    // No line says "error": the installer's message is the line just before the result (whitepaper: the cause is
    // usually one of the last lines).
    if (run.failureLine === undefined && run.outcome === 'failed' && resultLine !== undefined) {
      for (let n = resultLine - 1; n >= run.firstLine; n--) {
        if (!lines[n].message.text) continue;
        if (!isHeaderLine(lines[n]) && !resultLines.has(n)) run.failureLine = n;
        break;
      }
    }
  }

  // Migration report.
  if (migration.hotfixes.length || migration.failed) {
    migration.affected = migration.hotfixes.filter((h) => h.failedValues.length > 0).map((h) => h.id);
    if (migration.failed) {
      const who = migration.affected.length ? migration.affected.join(', ') : 'one of the hotfixes listed above';
      migration.explanation =
        `Migration of ${who} failed: the service pack tried to record the hotfix under its Add or Remove Programs key ` +
        `(HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${migration.affected[0] ?? 'KB######'}) and the writes of ` +
        `${[...new Set(migration.hotfixes.flatMap((h) => h.failedValues.map((v) => v.name)))].join(' and ') || 'its values'} failed because that key is missing ` +
        `(error 6, invalid handle: the key could not be opened). The service pack itself is installed, but the hotfix is no longer recorded as installed, ` +
        `so Windows Update, WSUS and MBSA will offer it again (KB976647).` +
        (migrationSucceededLine !== undefined ? ' The "Migration succeeded" line that follows does not undo this.' : '') +
        ` What to do: after the service pack, install the updates Windows Update or MBSA reports as missing, including ${who}.`;
    }
    run.migration = migration;
  }

  run.summary = runSummaryText(run, lines);
  return { run, errorLike, resultLines, migrationLines, quoted, contentKind: kindFromContent === undefined ? undefined : run.kind };
}

function outcomeWords(o: RunOutcome): string {
  switch (o) {
    case 'success': return 'succeeded';
    case 'success-restart': return 'succeeded; a restart is pending';
    case 'failed': return 'failed';
    case 'cancelled': return 'was cancelled';
    case 'incomplete': return 'did not finish (the log stops before a result)';
  }
}

function codeSentence(run: LogRun): string {
  const parts: string[] = [];
  if (run.returnCode !== undefined) {
    const rc = lookupReturnCode(run.returnCode, { prefer: ['installer', 'win32'] });
    parts.push(`Return code ${run.returnCode}${rc ? ` (${rc.name})` : ''}.`);
    // Without an extended code the plain code is all there is: say what it means.
    if (rc && run.extendedCode === undefined && !rc.success) parts.push(`${rc.meaning}${rc.fix ? ` ${rc.fix}` : ''}`);
  }
  if (run.extendedCode !== undefined) {
    const e = run.extended;
    parts.push(`Extended code ${formatCode(run.extendedCode)}${e ? ` ${e.name}: ${e.meaning}` : ': not a known code.'}${e?.fix && run.outcome !== 'success' && run.outcome !== 'success-restart' ? ` Fix: ${e.fix}` : ''}`);
  }
  return parts.join(' ');
}

function runSummaryText(run: LogRun, lines: LogLine[]): string {
  const who = [run.package, run.kind !== 'unknown' ? run.kind : undefined].filter(Boolean).join(', ');
  let s = `${who ? `${who}: ` : ''}${outcomeWords(run.outcome)}.`;
  const codes = codeSentence(run);
  if (codes) s += ' ' + codes;
  if (run.restart.pending) s += ' Restart needed: ' + run.restart.reasons.join(' ');
  if (run.failureLine !== undefined) s += ` Stopped at line ${run.failureLine + 1}: "${lines[run.failureLine].message.text}".`;
  if (run.migration?.failed) s += ' Hotfix migration failed (see the KB976647 explanation).';
  return s;
}

/** What the codes a line names or the message it quotes mean (empty when it has none beyond the run's result). */
function codeNotes(scan: RunScan, n: number, msg: string): string {
  const parts: string[] = [];
  const q = scan.quoted.get(n);
  const where = (e: ReturnCodeInfo) => (e.source === 'genuine log' ? 'as genuine logs show it' : 'Appendix E');
  if (q && q.code !== scan.run.extendedCode) parts.push(`The message is the installer's text for ${formatCode(q.code)} ${q.name} (${where(q)}): ${q.meaning}`);
  else if (q && scan.run.resultLine !== n) parts.push(`The message is the installer's text for ${formatCode(q.code)} ${q.name} (${where(q)}).`);
  for (const e of namedCodesIn(msg)) {
    if (e === q) continue;
    parts.push(`${e.name} is ${formatCode(e.code)}${e.source === 'genuine log' ? ` (${where(e)})` : ''}: ${e.meaning}`);
  }
  return parts.length ? ' ' + parts.join(' ') : '';
}

function diag(code: string, severity: Severity, line: LogLine, message: string, extra?: Partial<InfDiagnostic>): InfDiagnostic {
  const start = line.message.text ? line.message.span.start : line.span.start;
  return { code, severity, message, span: { start, end: Math.max(start, line.span.end) }, ...extra };
}

function lineDiagnostics(scan: RunScan, lines: LogLine[], isLast: boolean, runCount: number, out: InfDiagnostic[], benignByLine: Map<number, string>): void {
  const { run } = scan;
  const failed = run.outcome === 'failed' || run.outcome === 'incomplete';
  const soften = (s: Severity): Severity => (!isLast && s === 'error' ? 'warning' : s);
  const attempt = runCount > 1 ? ` (attempt ${run.index + 1} of ${runCount}${isLast ? '' : '; a later attempt follows'})` : '';
  for (let n = run.firstLine; n <= run.lastLine; n++) {
    const l = lines[n];
    const msg = l.message.text;
    if (!msg || scan.resultLines.has(n)) continue;
    const looksBad = scan.errorLike.has(n);
    const benign = looksBad || /absent/i.test(msg) ? benignOf(msg) : undefined;
    const notes = codeNotes(scan, n, msg);
    if (benign && (looksBad || /absent/i.test(msg))) benignByLine.set(n, benign.id);
    const mig = scan.migrationLines.get(n);
    if (n === run.failureLine) {
      const phrase = failurePhraseOf(msg);
      let text = `The run stopped here${attempt}.`;
      if (benign) text += ` This entry is usually harmless (${benign.explanation}), but nothing after it succeeded, so here it is the cause.`;
      else if (phrase) text += ` ${phrase.explanation}`;
      // A line that is itself the result ("Update.exe failed 1603."): what the plain code means is all there is.
      const plainOnly = run.extendedCode === undefined && run.returnCode !== undefined && n === run.resultLine;
      if (run.extendedCode !== undefined || plainOnly) text += ` ${codeSentence(run)}`;
      else if (run.outcome === 'incomplete') text += ' The log ends without a result: the installer was stopped, the machine restarted, or the log was copied while it ran.';
      const fix = run.extended?.fix;
      if (notes) text += notes;
      if (fix && !text.includes(fix)) text += ` Fix: ${fix}`;
      else if (!fix && !plainOnly) text += ' Fix the condition this line names and run the package again.';
      out.push(diag(LOG_CODES.failure, soften('error'), l, text));
      continue;
    }
    if (mig === 'regset') {
      const hf = run.migration?.hotfixes.find((h) => h.failedValues.some((v) => v.line === n));
      out.push(diag(LOG_CODES.migration, 'warning', l, `Writing this value under the Add or Remove Programs key of ${hf?.id ?? 'the hotfix being migrated'} failed: the key HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${hf?.id ?? 'KB######'} is missing, so the hotfix will not be recorded as installed after the service pack (KB976647). Install it again after the service pack.`));
      continue;
    }
    if (mig === 'failed' && run.migration?.explanation) {
      const related: RelatedInfo[] = [];
      for (const h of run.migration.hotfixes) {
        related.push({ span: lines[h.line].message.span, message: `Migration of ${h.id} starts here.` });
        for (const v of h.failedValues) related.push({ span: lines[v.line].message.span, message: `${v.name} could not be written (error ${v.code}).` });
      }
      out.push(diag(LOG_CODES.migration, 'warning', l, run.migration.explanation, related.length ? { related } : undefined));
      continue;
    }
    if (benign && (looksBad || /absent/i.test(msg))) {
      out.push(diag(LOG_CODES.benign, 'hint', l, `Not a real error: ${benign.explanation} (whitepaper, "Non-Error Log Entries".)`, { tags: ['unnecessary'] }));
      continue;
    }
    const phraseHere = failed ? failurePhraseOf(msg) : undefined;
    if (phraseHere) {
      out.push(diag(LOG_CODES.failure, soften('error'), l, `${phraseHere.explanation} This is part of the reason the run failed${attempt}; the last of these lines carries the fix.${notes}`));
      continue;
    }
    if (looksBad) {
      const phrase = failurePhraseOf(msg);
      const text = failed
        ? phrase
          ? `${phrase.explanation} This line leads up to the failure${attempt}.`
          : `This line reports an error and the run did not succeed${attempt}; it may have contributed. It is not one of the known harmless entries.`
        : `This line reports an error, but the run went on and ended successfully, so it did not stop the installation. It is not one of the known harmless entries; check it if something misbehaves after the update.`;
      out.push(diag(LOG_CODES.unexplained, failed ? 'warning' : 'information', l, text + notes));
      continue;
    }
    if (notes) out.push(diag(LOG_CODES.named, 'information', l, notes.trim()));
  }
  if (run.kind === 'setupapi') return;
  const at = lines[run.resultLine ?? run.lastLine];
  const sev: Severity = run.outcome === 'failed' ? soften('error') : run.outcome === 'incomplete' || run.outcome === 'cancelled' ? 'warning' : 'information';
  const prefix = runCount > 1 ? `Run ${run.index + 1} of ${runCount}: ` : '';
  out.push(diag(LOG_CODES.result, sev, at, prefix + run.summary));
}

function emptySummary(fileName: string | undefined, kind: LogKind): LogSummary {
  return { fileName, kind, runCount: 0, run: -1, outcome: 'empty', restartPending: false, restartReasons: [], delayedFiles: [], failures: 0, benign: 0, migrationFailed: false, text: 'The log is empty.' };
}

/** Analyses an installer log. `fileName` (a name or path) helps tell the kind of log and the package. Never throws. */
export function analyzeLog(text: string, fileName?: string): LogAnalysis {
  const safeText = typeof text === 'string' ? text : '';
  const lineIndex = new LineIndex(safeText);
  const nameKind = logKindFromName(fileName);
  const analysis: LogAnalysis = {
    fileName, kind: nameKind ?? 'unknown', text: safeText, lines: [], runs: [], diagnostics: [], summary: emptySummary(fileName, nameKind ?? 'unknown'), benignByLine: new Map(), lineIndex,
  };
  try {
    const lines = parseLogLines(safeText, lineIndex);
    analysis.lines = lines;
    if (!lines.length || lines.every((l) => !l.message.text)) return analysis;
    const ranges = splitRuns(lines);
    const scans = ranges.map(([a, b], i) => analyzeRun(lines, a, b, i, nameKind, fileName));
    analysis.runs = scans.map((s) => s.run);
    // What the content says wins over the file name (a svcpack.log saved as anything.log is still one).
    const contentKind = [...scans].reverse().find((s) => s.contentKind)?.contentKind;
    if (contentKind) analysis.kind = contentKind;
    else if (!nameKind) {
      const k = analysis.runs.find((r) => r.kind !== 'unknown')?.kind;
      if (k) analysis.kind = k;
    }
    const diags: InfDiagnostic[] = [];
    scans.forEach((s, i) => lineDiagnostics(s, lines, i === scans.length - 1, scans.length, diags, analysis.benignByLine));
    diags.sort(compareDiagnostics);
    analysis.diagnostics = diags;
    analysis.summary = summarize(analysis);
  } catch (err) {
    analysis.diagnostics = [{ code: LOG_CODES.internal, severity: 'error', message: `The log reader failed on this file (${err instanceof Error ? err.message : String(err)}). Please report it with the log.`, span: { start: 0, end: 0 } }];
  }
  return analysis;
}

function summarize(a: LogAnalysis): LogSummary {
  const last = a.runs[a.runs.length - 1];
  if (!last) return emptySummary(a.fileName, a.kind);
  const lastDiags = a.diagnostics.filter((d) => d.span.start >= last.span.start && d.span.start <= last.span.end);
  const s: LogSummary = {
    fileName: a.fileName,
    kind: a.kind,
    runCount: a.runs.length,
    run: last.index,
    outcome: last.outcome,
    restartPending: last.restart.pending,
    restartReasons: last.restart.reasons,
    delayedFiles: last.restart.delayedFiles,
    failures: lastDiags.filter((d) => d.code === LOG_CODES.failure).length,
    benign: lastDiags.filter((d) => d.code === LOG_CODES.benign).length,
    migrationFailed: !!last.migration?.failed,
    text: (a.runs.length > 1 ? `Last of ${a.runs.length} runs: ` : '') + last.summary,
  };
  if (last.package) s.package = last.package;
  if (last.returnCode !== undefined) s.returnCode = last.returnCode;
  if (last.extendedCode !== undefined) s.extendedCode = last.extendedCode;
  if (last.extended) {
    s.extendedName = last.extended.name;
    s.extendedMeaning = last.extended.meaning;
  }
  return s;
}

/** A JSON-friendly copy of an analysis (no line index, no per-line tokens). */
export function logAnalysisToJson(a: LogAnalysis): unknown {
  const pos = (o: number) => a.lineIndex.positionAt(o);
  return {
    fileName: a.fileName ?? null,
    kind: a.kind,
    summary: a.summary,
    runs: a.runs.map((r) => ({
      ...r,
      span: undefined,
      phases: r.phases.map((p) => ({ id: p.id, title: p.title, firstLine: p.firstLine + 1, lastLine: p.lastLine + 1 })),
      firstLine: r.firstLine + 1,
      lastLine: r.lastLine + 1,
      failureLine: r.failureLine !== undefined ? r.failureLine + 1 : undefined,
      resultLine: r.resultLine !== undefined ? r.resultLine + 1 : undefined,
      files: r.files.map((f) => ({ ...f, line: f.line + 1 })),
      migration: r.migration ? { ...r.migration, failureLine: r.migration.failureLine !== undefined ? r.migration.failureLine + 1 : undefined, hotfixes: r.migration.hotfixes.map((h) => ({ ...h, line: h.line + 1, failedValues: h.failedValues.map((v) => ({ ...v, line: v.line + 1 })) })) } : undefined,
    })),
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: pos(d.span.start).line + 1, message: d.message, text: a.text.slice(d.span.start, d.span.end) })),
  };
}
