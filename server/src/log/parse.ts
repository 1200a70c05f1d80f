// The line model of an installer log (Appendix D format): every line with spans for its timestamp, function name,
// message, codes, paths and versions. Lossless in the sense that every span points into the original text and
// lines without a timestamp (banners) are kept as they are. A line that a forum or mail client wrapped is joined
// back to the entry it continues (see isContinuation): the entry's message then spans both physical lines and the
// continuation line keeps an empty message that points back to it. Pure; never throws.

import { LineIndex, Span } from '../core/text';
import { isExtendedCodeRange } from '../knowledge/returnCodes';

export interface TextToken {
  span: Span;
  text: string;
}

export interface LogCodeToken extends TextToken {
  /** Unsigned 32-bit value. */
  value: number;
  /** How it was written. */
  notation: 'hex' | 'decimal';
  /** Set when the text around it says which table it belongs to (e.g. "extended error code = 0x..."). */
  context?: 'extended' | 'return' | 'exit' | 'error';
}

export interface LogLine {
  /** 0-based line number. */
  line: number;
  /** The line's content, without its terminator. */
  span: Span;
  text: string;
  /** "3.031:" seconds since the installer started (span covers the number and colon). */
  timestamp?: TextToken & { seconds: number };
  /** "DoInstallation" in "DoInstallation: ...", "RunProcess" in "[RunProcess] ...", "TestVolatileFlag" in "In Function TestVolatileFlag, ...". */
  func?: TextToken;
  /** The text after the timestamp (trimmed of leading blanks). */
  message: TextToken;
  /** "2004/11/01 06:44:25.406 (local)": the start of a run. */
  date?: TextToken;
  /** A "=====" banner line. */
  separator?: boolean;
  readonly codes: LogCodeToken[];
  readonly paths: TextToken[];
  readonly versions: TextToken[];
  /** Set on a physical line that continues an entry wrapped by a mail or forum client: the entry's 0-based line. */
  continues?: number;
  /** Set on an entry that was rejoined from wrapped lines: its last physical line. */
  lastLine?: number;
}

// "3.031:" and, as some posted logs show it, with a decimal comma ("1,297:").
const TIMESTAMP_RE = /^\s*(\d{1,9}[.,]\d{1,4}):[ \t]?/;
const DATE_RE = /\b\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?: \((?:local|UTC|GMT)\))?/;
const FUNC_COLON_RE = /^([A-Za-z_][\w.]*?)(?:\(\))?\s*:(?!\\)/;
const FUNC_BRACKET_RE = /^\[([A-Za-z_]\w*)\]/;
const FUNC_IN_RE = /^In Function ([A-Za-z_]\w*)/;
const NOT_FUNCS = new Set(['source', 'destination', 'message displayed to the user', 'user input', 'http', 'https', 'file']);
const PATH_RE = /(?:[A-Za-z]:\\|\\\\[\w.$-]+\\|%\w+%\\)[^\s,;"'<>|()*?]*(?:\*\.\*)?/g;
const VERSION_RE = /\b\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}(?: \([\w.]+\.\d{6}-\d{4}\))?/g;
const HEX_RE = /\b0x[0-9a-f]{1,8}\b/gi;
// Decimal codes only where the words around them say it is a code (so timestamps, sizes and counts are left alone).
const DEC_CONTEXT_RE = /\b(?:error|failed|failure|code|status|exitcode|returned|return code|ReturnStatus)\s*(?:was|is)?\s*[:=]?\s*(-?\d{1,10})\b(?![.\d])/gi;
const BARE_EXTENDED_RE = /\b(6[12]\d{3})\b(?![.\d])/g;

function codeContext(before: string): LogCodeToken['context'] {
  const b = before.slice(-48).toLowerCase();
  if (/extended (?:error|return) code\s*(?:=|:|is|was)?\s*$/.test(b)) return 'extended';
  if (/exit ?code\s*[:=]?\s*$/.test(b) || /returned\s*$/.test(b)) return 'exit';
  if (/return ?(?:code|status)\s*(?:was masked to|=|:|is|was)?\s*$/.test(b)) return 'return';
  if (/(?:error|failed|failure)\s*[:=]?\s*(?:with error\s*)?$/.test(b)) return 'error';
  return undefined;
}

function overlaps(spans: readonly Span[], s: Span): boolean {
  return spans.some((o) => s.start < o.end && o.start < s.end);
}

/** Whether a raw line starts like a log entry: "seconds.millis:" (or with a decimal comma). */
export function startsLikeLogEntry(raw: string): boolean {
  return TIMESTAMP_RE.test(raw);
}

/**
 * The rule for wrapped lines: a physical line continues the entry above it when it is not blank, does not start
 * like a log entry (no "seconds.millis:" prefix), is not a banner ("[KB123456.log]", "=====", a date line) and
 * the entry above has a timestamp. The installer writes every line with a timestamp (Appendix D), so a line
 * without one inside a timestamped log was broken off by whoever copied the log.
 */
function isContinuation(raw: string, head: LogLine | undefined): boolean {
  if (!head || !head.timestamp || head.separator) return false;
  const t = raw.trim();
  if (t === '' || TIMESTAMP_RE.test(raw)) return false;
  if (/^\[[^\]]+\.log\]$/i.test(t) || /^={6,}/.test(t) || DATE_RE.test(t.slice(0, 30))) return false;
  return true;
}

/** Splits a log into lines, joins wrapped lines back to their entry and tokenises each one. */
export function parseLogLines(text: string, index?: LineIndex): LogLine[] {
  const out: LogLine[] = [];
  if (typeof text !== 'string') return out;
  const li = index ?? new LineIndex(text);
  let head: LogLine | undefined;
  for (let n = 0; n < li.lineCount; n++) {
    const start = li.lineStarts[n];
    const end = li.lineEnd(n);
    if (n === li.lineCount - 1 && start === end && n > 0) break; // trailing newline
    const raw = text.slice(start, end);
    if (head && isContinuation(raw, head)) {
      // Re-read the entry over all its physical lines; line breaks become blanks of the same length, so every
      // offset still points into the original text.
      const joined = text.slice(head.span.start, end).replace(/[\r\n]/g, ' ');
      const merged = parseLine(joined, head.line, head.span.start);
      merged.lastLine = n;
      out[head.line] = merged;
      head = merged;
      const cont = new ParsedLine(n, { start, end }, raw, { span: { start, end: start }, text: '' });
      cont.continues = merged.line;
      out.push(cont);
      continue;
    }
    const l = parseLine(raw, n, start);
    out.push(l);
    head = raw.trim() === '' ? undefined : l;
  }
  return out;
}

type Tokens = { codes: LogCodeToken[]; paths: TextToken[]; versions: TextToken[] };

/** A parsed line; codes, paths and versions are only needed for hover and reports, so they are tokenised on first use. */
class ParsedLine implements LogLine {
  timestamp?: LogLine['timestamp'];
  func?: TextToken;
  date?: TextToken;
  separator?: boolean;
  continues?: number;
  lastLine?: number;
  private tokens?: Tokens;
  constructor(readonly line: number, readonly span: Span, readonly text: string, readonly message: TextToken) {}
  private get all(): Tokens {
    return (this.tokens ??= tokenize(this.message.text, this.message.span.start, this.date));
  }
  get codes(): LogCodeToken[] {
    return this.all.codes;
  }
  get paths(): TextToken[] {
    return this.all.paths;
  }
  get versions(): TextToken[] {
    return this.all.versions;
  }
}

function parseLine(raw: string, line: number, start: number): ParsedLine {
  const end = start + raw.length;
  let msgOffset = 0;
  let timestamp: LogLine['timestamp'];
  const tm = TIMESTAMP_RE.exec(raw);
  if (tm) {
    const tsStart = raw.indexOf(tm[1]);
    timestamp = { span: { start: start + tsStart, end: start + tsStart + tm[1].length + 1 }, text: tm[1], seconds: parseFloat(tm[1].replace(',', '.')) };
    msgOffset = tm[0].length;
  }
  while (msgOffset < raw.length && (raw[msgOffset] === ' ' || raw[msgOffset] === '\t')) msgOffset++;
  const msgText = raw.slice(msgOffset).replace(/\s+$/, '');
  const message: TextToken = { span: { start: start + msgOffset, end: start + msgOffset + msgText.length }, text: msgText };
  const result = new ParsedLine(line, { start, end }, raw, message);
  if (timestamp) result.timestamp = timestamp;

  // Function name.
  let fm = FUNC_BRACKET_RE.exec(msgText);
  let fOffset = 1;
  if (!fm) {
    fm = FUNC_IN_RE.exec(msgText);
    fOffset = fm ? fm[0].length - fm[1].length : 0;
  }
  if (!fm) {
    fm = FUNC_COLON_RE.exec(msgText);
    fOffset = 0;
    if (fm && (NOT_FUNCS.has(fm[1].toLowerCase()) || /\s/.test(fm[1]))) fm = null;
  }
  if (fm) {
    const s = message.span.start + fOffset;
    result.func = { span: { start: s, end: s + fm[1].length }, text: fm[1] };
  }

  const dm = DATE_RE.exec(msgText);
  if (dm) {
    const s = message.span.start + dm.index;
    result.date = { span: { start: s, end: s + dm[0].length }, text: dm[0] };
  }
  if (msgText.charCodeAt(0) === 61 && /^={6,}/.test(msgText)) result.separator = true;

  return result;
}

function tokenize(msgText: string, base: number, date: TextToken | undefined): Tokens {
  const result = { codes: [] as LogCodeToken[], paths: [] as TextToken[], versions: [] as TextToken[] };
  const message = { span: { start: base } };
  const taken: Span[] = [];
  if (date) taken.push(date.span);
  for (const m of msgText.matchAll(PATH_RE)) {
    let p = m[0].replace(/[.:]+$/, '');
    if (p.length < 3) continue;
    const s = message.span.start + (m.index ?? 0);
    const span = { start: s, end: s + p.length };
    result.paths.push({ span, text: p });
    taken.push(span);
  }
  for (const m of msgText.matchAll(VERSION_RE)) {
    const s = message.span.start + (m.index ?? 0);
    const span = { start: s, end: s + m[0].length };
    if (overlaps(result.paths.map((p) => p.span), span)) continue;
    result.versions.push({ span, text: m[0] });
    taken.push(span);
  }
  for (const m of msgText.matchAll(HEX_RE)) {
    const s = message.span.start + (m.index ?? 0);
    const span = { start: s, end: s + m[0].length };
    if (overlaps(taken, span)) continue;
    const tok: LogCodeToken = { span, text: m[0], value: parseInt(m[0].slice(2), 16) >>> 0, notation: 'hex' };
    const ctx = codeContext(msgText.slice(0, m.index ?? 0));
    if (ctx) tok.context = ctx;
    result.codes.push(tok);
    taken.push(span);
  }
  for (const m of msgText.matchAll(DEC_CONTEXT_RE)) {
    const numText = m[1];
    const rel = (m.index ?? 0) + m[0].lastIndexOf(numText);
    const s = message.span.start + rel;
    const span = { start: s, end: s + numText.length };
    if (overlaps(taken, span)) continue;
    const v = parseInt(numText, 10);
    if (!Number.isFinite(v) || Math.abs(v) > 0xffffffff) continue;
    const tok: LogCodeToken = { span, text: numText, value: v < 0 ? v >>> 0 : v, notation: 'decimal' };
    const ctx = codeContext(msgText.slice(0, rel));
    if (ctx) tok.context = ctx;
    result.codes.push(tok);
    taken.push(span);
  }
  for (const m of msgText.matchAll(BARE_EXTENDED_RE)) {
    const v = parseInt(m[1], 10);
    if (!isExtendedCodeRange(v)) continue;
    const s = message.span.start + (m.index ?? 0);
    const span = { start: s, end: s + m[1].length };
    if (overlaps(taken, span)) continue;
    result.codes.push({ span, text: m[1], value: v, notation: 'decimal', context: 'extended' });
    taken.push(span);
  }
  result.codes.sort((a, b) => a.span.start - b.span.start);
  return result;
}
