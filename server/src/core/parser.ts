// A lossless, error-tolerant parser of Setup API INF syntax as the package installer reads it.
//
// Every node carries the exact span of its source text; every character of the input belongs to a section header,
// an entry, a comment or white space, so the text can be rebuilt from the tree. Syntax errors become
// diagnostics and parsing goes on. The parser never throws and runs in time linear in the input.
//
// Rules (sources: inf-facts.md 1.1; Wine setupapi parser; Microsoft's INF syntax rules) are documented in
// docs/inf-syntax.md.

import { Span } from './text';

export interface StringRef {
  /** The key between the percent signs, as written. */
  name: string;
  /** Span of `%name%`, both percent signs included. */
  span: Span;
  /** True for `%<number>%`, which falls back to a DIRID when no string key of that name exists. */
  numeric: boolean;
}

export interface Field {
  /** The source text of the field, trimmed of the white space around it. */
  span: Span;
  /**
   * The field's value: quotes removed, `""` inside quotes turned into `"`, white space around the field
   * trimmed, continuation backslashes and the line breaks after them removed. `%%` and `%strkey%` are kept as
   * written; expand them with the document model.
   */
  text: string;
  /** True when any part of the field was quoted. */
  quoted: boolean;
  refs: StringRef[];
}

export interface Entry {
  /** From the first character of the entry to the end of its last value (comments excluded). */
  span: Span;
  /** The part before `=`, when the line has one. */
  key?: Field;
  /** Offset of the `=` sign. */
  equals?: number;
  /** The comma-separated values (after `=`, or the whole line when it has no `=`). */
  values: Field[];
  /** True when the entry continues over more than one physical line. */
  continued: boolean;
}

export interface Comment {
  span: Span;
}

export interface SectionNode {
  /** The name between the brackets, trimmed. */
  name: string;
  nameSpan: Span;
  /** `[name]` */
  headerSpan: Span;
  /** From `[` to the end of the section's last entry or comment. */
  span: Span;
  entries: Entry[];
}

export type SyntaxCode =
  | 'unterminated-quote'
  | 'bad-section-header'
  | 'text-after-header'
  | 'text-before-section'
  | 'section-name-too-long'
  | 'empty-section-name'
  | 'control-character';

export interface SyntaxError {
  code: SyntaxCode;
  message: string;
  span: Span;
}

export interface ParseResult {
  text: string;
  /** Entries before the first section header (an error for the Setup API, kept so nothing is lost). */
  preamble: Entry[];
  sections: SectionNode[];
  comments: Comment[];
  errors: SyntaxError[];
  /** Offset where a Ctrl-Z (0x1A) ends the data, if the file has one. */
  eof?: number;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const PERCENT = 37;
const COMMA = 44;
const SEMI = 59;
const EQ = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const CTRL_Z = 26;

const MAX_SECTION_NAME = 255;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff;
}

function isLineEnd(c: number): boolean {
  return c === LF || c === CR;
}

export function parseInf(input: string): ParseResult {
  let text = typeof input === 'string' ? input : String(input ?? '');
  const result: ParseResult = { text, preamble: [], sections: [], comments: [], errors: [] };
  const zi = text.indexOf('\x1a');
  const n = zi >= 0 ? zi : text.length;
  if (zi >= 0) result.eof = zi;
  let current: SectionNode | undefined;
  let i = 0;
  let reportedPreamble = false;

  // Skip one line terminator at i (CRLF, LF or CR).
  const skipEol = (p: number): number => {
    if (p < n && text.charCodeAt(p) === CR) {
      p++;
      if (p < n && text.charCodeAt(p) === LF) p++;
      return p;
    }
    if (p < n && text.charCodeAt(p) === LF) return p + 1;
    return p;
  };
  const lineEndFrom = (p: number): number => {
    while (p < n && !isLineEnd(text.charCodeAt(p))) p++;
    return p;
  };

  while (i < n) {
    // Leading white space of the line.
    while (i < n && isBlank(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (isLineEnd(c)) {
      i = skipEol(i);
      continue;
    }
    if (c === SEMI) {
      const e = lineEndFrom(i);
      result.comments.push({ span: { start: i, end: e } });
      if (current) current.span.end = e;
      i = skipEol(e);
      continue;
    }
    if (c === LBRACKET) {
      i = parseHeader(i);
      continue;
    }
    const entry = parseEntry(i);
    i = entry.next;
    if (current) {
      current.entries.push(entry.entry);
      current.span.end = Math.max(current.span.end, entry.lastEnd);
    } else {
      result.preamble.push(entry.entry);
      if (!reportedPreamble) {
        reportedPreamble = true;
        result.errors.push({
          code: 'text-before-section',
          message:
            'Text before the first section header: the Setup API refuses the file (ERROR_EXPECTED_SECTION_NAME). ' +
            'Move it into a section or turn it into a comment with ";".',
          span: entry.entry.span,
        });
      }
    }
  }
  return result;

  function parseHeader(start: number): number {
    const e = lineEndFrom(start);
    // Find the closing bracket. A quoted name may contain ']' only if quoted; keep it simple and faithful to
    // the Setup API: the first ']' ends the name.
    let close = -1;
    for (let p = start + 1; p < e; p++) {
      if (text.charCodeAt(p) === RBRACKET) {
        close = p;
        break;
      }
    }
    if (close < 0) {
      // Malformed header: report, and treat the rest of the line as the name so the outline still shows it.
      let ne = e;
      const semi = text.indexOf(';', start);
      if (semi >= 0 && semi < e) ne = semi;
      const raw = text.slice(start + 1, ne);
      const name = raw.trim();
      const ns = start + 1 + (raw.length - raw.trimStart().length);
      result.errors.push({
        code: 'bad-section-header',
        message: `Section header "[${name}" has no closing "]": the Setup API refuses the line (ERROR_BAD_SECTION_NAME_LINE). Add "]" after the name.`,
        span: { start, end: Math.max(start + 1, trimEnd(start, ne)) },
      });
      openSection(name, { start: ns, end: ns + name.length }, { start, end: trimEnd(start, ne) });
      if (semi >= 0 && semi < e) result.comments.push({ span: { start: semi, end: e } });
      return skipEol(e);
    }
    const raw = text.slice(start + 1, close);
    let name = raw.trim();
    let ns = start + 1 + (raw.length - raw.trimStart().length);
    let nameLen = name.length;
    // A quoted section name: "[\"My Section\"]" names the section My Section.
    if (name.length >= 2 && name.charCodeAt(0) === QUOTE && name.charCodeAt(name.length - 1) === QUOTE) {
      name = name.slice(1, -1).replace(/""/g, '"');
      ns += 1;
      nameLen -= 2;
    }
    const headerSpan = { start, end: close + 1 };
    if (name.length === 0) {
      result.errors.push({
        code: 'empty-section-name',
        message: 'Empty section name "[]". Write the section name between the brackets.',
        span: headerSpan,
      });
    } else if (name.length > MAX_SECTION_NAME) {
      result.errors.push({
        code: 'section-name-too-long',
        message: `Section name is ${name.length} characters long; the Setup API allows at most ${MAX_SECTION_NAME} (ERROR_SECTION_NAME_TOO_LONG). Shorten it.`,
        span: { start: ns, end: ns + nameLen },
      });
    }
    openSection(name, { start: ns, end: ns + nameLen }, headerSpan);
    // Anything after ']' other than blanks or a comment is ignored by the Setup API: flag it.
    let p = close + 1;
    while (p < e && isBlank(text.charCodeAt(p))) p++;
    if (p < e) {
      if (text.charCodeAt(p) === SEMI) {
        result.comments.push({ span: { start: p, end: e } });
      } else {
        const te = trimEnd(p, e);
        result.errors.push({
          code: 'text-after-header',
          message: `Text after the section header is ignored by the Setup API. Remove "${text.slice(p, Math.min(te, p + 40))}" or start it with ";" to make it a comment.`,
          span: { start: p, end: te },
        });
        if (current) current.span.end = te;
      }
    }
    return skipEol(e);
  }

  function trimEnd(s: number, e: number): number {
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    return e;
  }

  function openSection(name: string, nameSpan: Span, headerSpan: Span): void {
    current = { name, nameSpan, headerSpan, span: { start: headerSpan.start, end: headerSpan.end }, entries: [] };
    result.sections.push(current);
  }

  /**
   * Parses one logical line starting at `start` (a non-blank, non-comment, non-header character).
   * Returns the entry, the offset where the next line starts and the end of the last content.
   */
  function parseEntry(start: number): { entry: Entry; next: number; lastEnd: number } {
    const values: Field[] = [];
    let key: Field | undefined;
    let equals: number | undefined;
    let continued = false;
    let controlReported = false;

    // Current field state.
    let fStart = -1; // first non-blank char of the field
    let fEnd = -1; // end of last non-blank char of the field
    let buf = ''; // value text
    let bufTrim = 0; // length of buf up to the last char that must be kept (non-blank or quoted)
    let quoted = false;
    let refs: StringRef[] = [];
    let chunkStart = -1; // start of pending unquoted literal run (to append in one slice)

    const flushChunk = (end: number) => {
      if (chunkStart >= 0 && end > chunkStart) {
        const chunk = text.slice(chunkStart, end);
        buf += chunk;
        // Trailing blanks of the chunk are not kept unless later content follows.
        let k = chunk.length;
        while (k > 0 && isBlank(chunk.charCodeAt(k - 1))) k--;
        if (k > 0) bufTrim = buf.length - (chunk.length - k);
      }
      chunkStart = -1;
    };
    const endField = (): Field => {
      flushChunk(pEnd);
      const f: Field = {
        span: fStart < 0 ? { start: pos, end: pos } : { start: fStart, end: fEnd },
        text: buf.slice(0, bufTrim),
        quoted,
        refs,
      };
      fStart = -1;
      fEnd = -1;
      buf = '';
      bufTrim = 0;
      quoted = false;
      refs = [];
      chunkStart = -1;
      return f;
    };

    let pos = start;
    let pEnd = start; // end of the pending unquoted chunk
    let lastEnd = start;
    let lineEnd = -1;

    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (isLineEnd(c)) {
        lineEnd = pos;
        break;
      }
      if (c === SEMI) {
        // Comment to end of line.
        flushChunk(pEnd);
        const e = lineEndFrom(pos);
        result.comments.push({ span: { start: pos, end: e } });
        lineEnd = e;
        pos = e;
        break;
      }
      if (c === QUOTE) {
        flushChunk(pEnd);
        if (fStart < 0) fStart = pos;
        quoted = true;
        let p = pos + 1;
        let closed = false;
        let segStart = p;
        while (p < n) {
          const q = text.charCodeAt(p);
          if (q === QUOTE) {
            if (p + 1 < n && text.charCodeAt(p + 1) === QUOTE) {
              buf += text.slice(segStart, p + 1); // keep one quote
              p += 2;
              segStart = p;
              continue;
            }
            buf += text.slice(segStart, p);
            closed = true;
            p++;
            break;
          }
          if (isLineEnd(q)) break;
          if (q === PERCENT) {
            p = scanRef(p, true);
            continue;
          }
          p++;
        }
        if (!closed) {
          buf += text.slice(segStart, p);
          result.errors.push({
            code: 'unterminated-quote',
            message: 'Quoted string is not closed before the end of the line. Add the closing double quote (").',
            span: { start: pos, end: trimEnd(pos, p) },
          });
        }
        bufTrim = buf.length;
        fEnd = p;
        pEnd = p;
        lastEnd = p;
        pos = p;
        continue;
      }
      if (c === BACKSLASH) {
        // A continuation when only blanks, further backslashes... no: only blanks or a comment follow it.
        let p = pos + 1;
        while (p < n && isBlank(text.charCodeAt(p))) p++;
        if (p >= n || isLineEnd(text.charCodeAt(p)) || text.charCodeAt(p) === SEMI) {
          flushChunk(pEnd);
          continued = true;
          if (p < n && text.charCodeAt(p) === SEMI) {
            const e = lineEndFrom(p);
            result.comments.push({ span: { start: p, end: e } });
            p = e;
          }
          p = skipEol(p);
          while (p < n && isBlank(text.charCodeAt(p))) p++;
          pos = p;
          pEnd = p;
          continue;
        }
      }
      if (c === COMMA || (c === EQ && equals === undefined && values.length === 0)) {
        flushChunk(pEnd);
        const f = endField();
        if (c === EQ) {
          key = f;
          equals = pos;
        } else {
          values.push(f);
        }
        lastEnd = pos + 1;
        pos++;
        pEnd = pos;
        continue;
      }
      if (isBlank(c)) {
        // Blanks are kept inside a field but trimmed at its ends (bufTrim handles the end).
        if (fStart >= 0 && chunkStart < 0) chunkStart = pos;
        pos++;
        pEnd = pos;
        continue;
      }
      // Ordinary character.
      if (fStart < 0) fStart = pos;
      if (chunkStart < 0) chunkStart = pos;
      if (c === PERCENT) {
        const after = scanRef(pos, false);
        if (after > pos + 1) {
          pos = after;
          fEnd = pos;
          pEnd = pos;
          lastEnd = pos;
          continue;
        }
      } else if (c < 32 && c !== TAB && !controlReported) {
        controlReported = true;
        result.errors.push({
          code: 'control-character',
          message: `Control character U+${c.toString(16).padStart(4, '0').toUpperCase()} in the text. Remove it; the Setup API may misread the line.`,
          span: { start: pos, end: pos + 1 },
        });
      }
      pos++;
      fEnd = pos;
      pEnd = pos;
      lastEnd = pos;
    }
    if (lineEnd < 0) lineEnd = pos;
    flushChunk(pEnd);
    const last = endField();
    // A trailing empty field after a comma is kept (it is significant for positional values); a line with no
    // content at all (only possible via continuation) yields no value.
    if (last.span.start !== last.span.end || values.length > 0 || key !== undefined) values.push(last);
    const entry: Entry = {
      span: { start, end: Math.max(start, lastEnd) },
      key,
      equals,
      values,
      continued,
    };
    return { entry, next: skipEol(lineEnd), lastEnd: entry.span.end };

    /**
     * At a '%': records a `%name%` reference or consumes `%%`. Returns the offset after what it consumed
     * (pos + 1 when the percent sign is literal). Inside quotes the caller advances itself.
     */
    function scanRef(p: number, inQuotes: boolean): number {
      if (p + 1 < n && text.charCodeAt(p + 1) === PERCENT) return p + 2; // %% is a literal percent
      let q = p + 1;
      while (q < n) {
        const ch = text.charCodeAt(q);
        if (ch === PERCENT) break;
        if (isLineEnd(ch) || ch === QUOTE || ch === COMMA || ch === SEMI || (!inQuotes && ch === EQ)) return p + 1;
        q++;
      }
      if (q >= n || q === p + 1) return p + 1;
      const name = text.slice(p + 1, q);
      refs.push({ name, span: { start: p, end: q + 1 }, numeric: /^\d+$/.test(name) });
      return q + 1;
    }
  }
}
