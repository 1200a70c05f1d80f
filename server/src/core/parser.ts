// A lossless, error-tolerant parser of Setup API INF syntax as the package installer reads it.
//
// Every node carries the exact span of its source text; every character of the input belongs to a section header,
// an entry, a comment or white space, so the text can be rebuilt from the tree. Syntax errors become
// diagnostics and parsing goes on. The parser never throws and runs in time linear in the input.
//
// Rules (sources: inf-facts.md 1.1; Wine setupapi parser; Microsoft's INF syntax rules) are documented in
// docs/inf-syntax.md.

import { Span } from './text';

/** The refs of every field without %strkey% tokens (most fields): one shared, frozen empty array. */
const NO_REFS: StringRef[] = Object.freeze([]) as unknown as StringRef[];

export interface StringRef {
  /** The key between the percent signs, as written. */
  name: string;
  /** Span of `%name%`, both percent signs included. */
  span: Span;
  /** True for `%<number>%`, which falls back to a DIRID when no string key of that name exists. */
  numeric: boolean;
}

export interface Field {
  /**
   * The source text of the field, trimmed of the white space around it. A new object on each read (a field keeps
   * its offsets as two numbers: see FieldNode).
   */
  readonly span: Span;
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

/**
 * A field as the parser makes it. The offsets are plain numbers and `span` is made when asked for: a 1.28 MB INF has
 * 70,000 fields, all of which survive the young-generation collections that run while the tree is built, and a span
 * object per field was a fifth of the tree's memory (copied by each of those collections, then promoted). The
 * rules read a field's span mostly to report it.
 */
class FieldNode implements Field {
  constructor(
    public start: number,
    public end: number,
    public text: string,
    public quoted: boolean,
    public refs: StringRef[],
  ) {}
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

export interface Entry {
  /** From the first character of the entry to the end of its last value (comments excluded). A new object on each read. */
  readonly span: Span;
  /** The part before `=`, when the line has one. */
  key?: Field;
  /** Offset of the `=` sign. */
  equals?: number;
  /** The comma-separated values (after `=`, or the whole line when it has no `=`). */
  values: Field[];
  /** True when the entry continues over more than one physical line. */
  continued: boolean;
}

/** An entry as the parser makes it: its offsets are two numbers and `span` is made when asked for (see FieldNode). */
class EntryNode implements Entry {
  constructor(
    public start: number,
    public end: number,
    public key: Field | undefined,
    public equals: number | undefined,
    public values: Field[],
    public continued: boolean,
  ) {}
  get span(): Span {
    return { start: this.start, end: this.end };
  }
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

const MAX_SECTION_NAME = 255;
/** The Setup API keeps at most this many characters of a field (Wine's MAX_FIELD_LEN; Windows XP cuts at 511 too). */
export const MAX_FIELD = 511;

// Character classes of the code units below 128, for the scanning loops (speed: one table load per character).
const PLAIN = 0; // no meaning of its own inside an entry
const SPECIAL = 1; // line ends, ; " \ , = % and control characters
const BLANK = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 32; c++) CLASS[c] = SPECIAL;
for (const c of [LF, SEMI, QUOTE, BACKSLASH, COMMA, EQ, PERCENT]) CLASS[c] = SPECIAL;
for (const c of [SPACE, TAB, 0x0b, 0x0c, CR]) CLASS[c] = BLANK;

/**
 * White space as the Setup API's parser sees it (iswspace): a carriage return is a blank like any other, so a
 * lone CR inside a line does not end it.
 */
function isBlank(c: number): boolean {
  if (c < 128) return c === SPACE || (c >= TAB && c <= CR && c !== LF);
  return c === 0xa0 || c === 0x85 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Only a line feed ends a line (CRLF ends there too: its CR is a blank before it). */
function isLineEnd(c: number): boolean {
  return c === LF;
}

const NUMERIC_RE = /^\d+$/;

/**
 * Parses INF text. Never throws; time and memory are linear in the length of the text.
 */
export function parseInf(input: string): ParseResult {
  let text: string;
  try {
    text = typeof input === 'string' ? input : String(input ?? '');
  } catch {
    text = '';
  }
  return new InfParser(text).run();
}

/** The scratch arrays every InfParser uses (see InfParser.refs). */
const SCRATCH_REFS: StringRef[] = [];
const SCRATCH_VALS: Field[] = [];

/** The parser's state. One instance per parse; the hot loops keep their state in locals. */
class InfParser {
  private readonly n: number;
  private readonly result: ParseResult;
  private current: SectionNode | undefined = undefined;

  // State of the field being read by parseEntry.
  private fStart = -1; // first non-blank character of the field
  private fEnd = -1; // end of its last non-blank character
  private buf = ''; // value text so far
  private tokStart = 0; // start of the text not yet appended to buf (the Setup API parser's "start")
  private quoted = false;
  // The field's string references so far (nRefs of them) and the entry's fields so far (nVals): scratch arrays
  // reused for every field and entry, copied out at their exact length. (An array grown from [] by push gets room
  // for 16 elements; most entries have one to three fields, and the 28,000 entries of a 1.28 MB INF all survive.)
  // The same two arrays for every parse (a parse runs to its end before another can start): a new empty array per
  // parse has another map than the one the optimised parseEntry has seen, so the second file of a package (Update.ver
  // after update.inf) and every keystroke's reparse began by throwing that code away.
  private refs: StringRef[] = SCRATCH_REFS;
  private nRefs = 0;
  private vals: Field[] = SCRATCH_VALS;
  /** Where the line after the entry parseEntry last read starts. */
  private next = 0;

  constructor(private readonly text: string) {
    this.result = { text, preamble: [], sections: [], comments: [], errors: [] };
    const zi = text.indexOf('\x1a');
    this.n = zi >= 0 ? zi : text.length;
    if (zi >= 0) this.result.eof = zi;
  }

  run(): ParseResult {
    const text = this.text;
    const n = this.n;
    const result = this.result;
    let i = 0;
    while (i < n) {
      // Leading white space of the line.
      let c = text.charCodeAt(i);
      while (isBlank(c)) {
        i++;
        if (i >= n) break;
        c = text.charCodeAt(i);
      }
      if (i >= n) break;
      if (isLineEnd(c)) {
        i = this.skipEol(i);
        continue;
      }
      if (c === SEMI) {
        const le = this.lineEndFrom(i);
        const e = this.trimCr(i, le);
        result.comments.push({ span: { start: i, end: e } });
        if (this.current) this.current.span.end = e;
        i = this.skipEol(le);
        continue;
      }
      if (c === LBRACKET) {
        i = this.parseHeader(i);
        continue;
      }
      if (!this.current) {
        i = this.preambleLine(i);
        continue;
      }
      const entry = this.parseEntry(i);
      i = this.next;
      const current = this.current;
      if (current) {
        current.entries.push(entry);
        if (entry.end > current.span.end) current.span.end = entry.end; // the numbers, not two new spans
      } else {
        result.preamble.push(entry);
      }
    }
    // Text before the first section: the Setup API skips it when the file has a [Strings] section (anywhere) and
    // otherwise refuses the file, naming the first such line (Wine's parser tests, which Windows passes; the
    // oracle agrees).
    const pre = result.preamble;
    if (pre.length > 0 && !result.sections.some((sec) => sec.name.toLowerCase() === 'strings')) {
      result.errors.unshift({
        code: 'text-before-section',
        message:
          'Text before the first section header: the Setup API refuses the file (ERROR_EXPECTED_SECTION_NAME) unless the file has a [Strings] section. ' +
          'Move it into a section or turn it into a comment with ";".',
        span: { start: pre[0].span.start, end: pre[0].span.end },
      });
    }
    // Emptied, keeping the arrays (and their map): a field left in them would keep this text alive after its
    // document is gone (a field's text is a slice of it).
    this.refs.length = 0;
    this.vals.length = 0;
    return result;
  }

  /**
   * A line before the first section header, read as the Setup API reads it there: character by character, a `;`
   * starting a comment and a `[` starting a section name also in the middle of the line (`x [A]` opens `[A]`);
   * quotes and continuation backslashes mean nothing. The text before either is a preamble entry (one value).
   * Returns where the next line starts (or where the header ends).
   */
  private preambleLine(start: number): number {
    const text = this.text;
    const result = this.result;
    const le = this.lineEndFrom(start);
    let p = start;
    while (p < le) {
      const ch = text.charCodeAt(p);
      if (ch === SEMI || ch === LBRACKET) break;
      p++;
    }
    const e = this.trimEnd(start, this.trimCr(start, p));
    if (e > start) {
      const span = { start, end: e };
      const raw = text.slice(start, e);
      result.preamble.push(new EntryNode(span.start, span.end, undefined, undefined, [new FieldNode(start, e, raw.indexOf('\0') >= 0 ? raw.replace(/\0/g, ' ') : raw, false, [])], false));
    }
    if (p < le && text.charCodeAt(p) === LBRACKET) return this.parseHeader(p);
    if (p < le) result.comments.push({ span: { start: p, end: this.trimCr(p, le) } });
    return this.skipEol(le);
  }

  /** Skips the line feed at p, if there is one. */
  private skipEol(p: number): number {
    return p < this.n && this.text.charCodeAt(p) === LF ? p + 1 : p;
  }

  /** The line feed (or the end of the data) at or after p. */
  private lineEndFrom(p: number): number {
    const text = this.text;
    const n = this.n;
    while (p < n && text.charCodeAt(p) !== LF) p++;
    return p;
  }

  /** End of [s, e) without the carriage returns before a line feed. */
  private trimCr(s: number, e: number): number {
    while (e > s && this.text.charCodeAt(e - 1) === CR) e--;
    return e;
  }

  private trimEnd(s: number, e: number): number {
    while (e > s && isBlank(this.text.charCodeAt(e - 1))) e--;
    return e;
  }

  private openSection(name: string, nameSpan: Span, headerSpan: Span): void {
    this.current = { name, nameSpan, headerSpan, span: { start: headerSpan.start, end: headerSpan.end }, entries: [] };
    this.result.sections.push(this.current);
  }

  private parseHeader(start: number): number {
    const text = this.text;
    const result = this.result;
    const le = this.lineEndFrom(start);
    const e = this.trimCr(start, le);
    // The first ']' ends the name, as in the Setup API.
    let close = -1;
    for (let p = start + 1; p < e; p++) {
      if (text.charCodeAt(p) === RBRACKET) {
        close = p;
        break;
      }
    }
    if (close < 0) {
      // Malformed header: report, and treat the rest of the line as the name so the outline still shows it.
      let semi = -1;
      for (let p = start + 1; p < e; p++) {
        if (text.charCodeAt(p) === SEMI) {
          semi = p;
          break;
        }
      }
      const ne = semi >= 0 ? semi : e;
      const raw = text.slice(start + 1, ne);
      const name = raw.trim();
      const ns = start + 1 + (raw.length - raw.trimStart().length);
      result.errors.push({
        code: 'bad-section-header',
        message: `Section header "[${clip(name)}" has no closing "]": the Setup API refuses the file (ERROR_BAD_SECTION_NAME_LINE). Add "]" after the name.`,
        span: { start, end: maxInt(start + 1, this.trimEnd(start, ne)) },
      });
      this.openSection(name, { start: ns, end: ns + name.length }, { start, end: this.trimEnd(start, ne) });
      if (semi >= 0) result.comments.push({ span: { start: semi, end: e } });
      return this.skipEol(le);
    }
    // The name is everything between the brackets, blanks and quotes included ("[  A  ]" is the section "  A  "),
    // as the Setup API reads it; a NUL reads as a blank.
    const raw = text.slice(start + 1, close);
    const name = raw.indexOf('\0') >= 0 ? raw.replace(/\0/g, ' ') : raw;
    const ns = start + 1;
    const headerSpan = { start, end: close + 1 };
    if (name.trim().length === 0) {
      result.errors.push({
        code: 'empty-section-name',
        message: `Blank section name "[${name}]": the Setup API accepts it, but no directive can name it. Write the section name between the brackets.`,
        span: { start: headerSpan.start, end: headerSpan.end },
      });
    } else if (name.length > MAX_SECTION_NAME) {
      result.errors.push({
        code: 'section-name-too-long',
        message: `Section name is ${name.length} characters long; the Setup API allows at most ${MAX_SECTION_NAME} and refuses the file (ERROR_SECTION_NAME_TOO_LONG). Shorten it.`,
        span: { start: ns, end: close },
      });
    }
    this.openSection(name, { start: ns, end: close }, headerSpan);
    // Anything after ']' other than blanks or a comment is ignored by the Setup API: flag it.
    let p = close + 1;
    while (p < e && isBlank(text.charCodeAt(p))) p++;
    if (p < e) {
      if (text.charCodeAt(p) === SEMI) {
        result.comments.push({ span: { start: p, end: e } });
      } else {
        const te = this.trimEnd(p, e);
        result.errors.push({
          code: 'text-after-header',
          message: `Text after the section header is ignored by the Setup API. Remove "${text.slice(p, Math.min(te, p + 40))}" or start it with ";" to make it a comment.`,
          span: { start: p, end: te },
        });
        if (this.current) this.current.span.end = te;
      }
    }
    return this.skipEol(le);
  }

  /** Appends text[tokStart, to) to the field's text (the Setup API's push_token) and moves tokStart to `to`. */
  private push(to: number): void {
    if (to > this.tokStart) this.buf += this.text.slice(this.tokStart, to);
    this.tokStart = to;
  }

  /**
   * Where an empty field at `pos` sits: before the CRs in front of it. At the end of a CRLF line `pos` is the LF, and
   * an offset between CR and LF is no position an editor can show (it maps back one character). Kept out of
   * parseEntry, which runs for every line: a local more there cost the cold parse of the SP2 file ~10 ms.
   */
  private emptyAt(pos: number): number {
    let p = pos;
    while (p > 0 && this.text.charCodeAt(p - 1) === CR) p--;
    return p;
  }

  /** Ends the current field; `pos` places an empty field. */
  private endField(pos: number): Field {
    const fStart = this.fStart;
    let t = this.buf;
    // The Setup API reads a NUL as a blank and keeps at most 511 characters of a field (longer ones are cut).
    if (t.length > MAX_FIELD) t = t.slice(0, MAX_FIELD);
    if (t.indexOf('\0') >= 0) t = t.replace(/\0/g, ' ');
    const at = fStart < 0 ? this.emptyAt(pos) : fStart;
    const f = new FieldNode(at, fStart < 0 ? at : this.fEnd, t, this.quoted, this.nRefs === 0 ? NO_REFS : this.refs.slice(0, this.nRefs));
    this.fStart = -1;
    this.fEnd = -1;
    this.buf = '';
    this.quoted = false;
    this.nRefs = 0;
    return f;
  }

  /**
   * Parses one logical line starting at `start` (a non-blank, non-comment, non-header character).
   * Returns the entry; `this.next` is then the offset where the next line starts.
   *
   * The field texts follow the Setup API's reading (Wine's setupapi parser, whose conformance tests record
   * Windows' answers): blanks around a field are dropped, blanks inside are kept (also before a quote); a
   * backslash followed only by blanks, more backslashes or a comment continues the line, and the blanks before it
   * vanish; a backslash followed by anything else is kept with the blanks around it; a line ends only at a line
   * feed (a carriage return is a blank, inside quotes a character).
   */
  private parseEntry(start: number): EntryNode {
    const text = this.text;
    const n = this.n;
    const result = this.result;
    const vals = this.vals;
    let nVals = 0;
    let key: Field | undefined;
    let equals: number | undefined;
    let continued = false;
    let controlReported = false;
    let inKey = true;

    let pos = start;
    let lastEnd = start;
    this.tokStart = start;
    let tokEnd = start;

    while (pos < n) {
      let c = text.charCodeAt(pos);
      let cls = c < 128 ? CLASS[c] : isBlank(c) ? BLANK : PLAIN;
      if (cls === PLAIN) {
        // A run of ordinary characters: the common case, in one tight loop.
        const s = pos;
        pos++;
        while (pos < n) {
          c = text.charCodeAt(pos);
          if (c < 128 ? CLASS[c] !== PLAIN : isBlank(c)) break;
          pos++;
        }
        if (this.fStart < 0) this.fStart = s;
        this.fEnd = pos;
        tokEnd = pos;
        lastEnd = pos;
        continue;
      }
      if (cls === BLANK) {
        // Kept when more of the field follows, dropped at its end (tokEnd stays before them).
        this.push(tokEnd);
        pos++;
        while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
        continue;
      }
      if (c === LF) break;
      if (c === SEMI) {
        // Comment to the end of the line.
        const e = this.lineEndFrom(pos);
        result.comments.push({ span: { start: pos, end: this.trimCr(pos, e) } });
        pos = e;
        break;
      }
      if (c === QUOTE) {
        this.push(pos);
        if (this.fStart < 0) this.fStart = pos;
        this.quoted = true;
        let p = pos + 1;
        let closed = false;
        let segStart = p;
        while (p < n) {
          const q = text.charCodeAt(p);
          if (q > PERCENT) {
            p++;
            continue;
          }
          if (q === QUOTE) {
            if (p + 1 < n && text.charCodeAt(p + 1) === QUOTE) {
              this.buf += text.slice(segStart, p + 1); // "" inside quotes: keep one quote
              p += 2;
              segStart = p;
              continue;
            }
            this.buf += text.slice(segStart, p);
            closed = true;
            p++;
            break;
          }
          if (q === LF) break;
          if (q === PERCENT) {
            p = this.scanRef(p, true);
            continue;
          }
          p++;
        }
        if (!closed) {
          this.buf += text.slice(segStart, p);
          result.errors.push({
            code: 'unterminated-quote',
            message: 'Quoted string is not closed before the end of the line. Add the closing double quote (").',
            span: { start: pos, end: this.trimEnd(pos, p) },
          });
        }
        this.fEnd = closed ? p : this.trimEnd(pos, p);
        lastEnd = this.fEnd;
        this.tokStart = p;
        tokEnd = p;
        pos = p;
        continue;
      }
      if (c === BACKSLASH) {
        // Backslashes and blanks up to the line end (or a comment) continue the line; anything else after them
        // makes them ordinary text, blanks included.
        this.push(tokEnd);
        let p = pos;
        let lastSlash = pos;
        let joined = false;
        while (p < n) {
          const q = text.charCodeAt(p);
          if (q === BACKSLASH) lastSlash = p;
          else if (q === SEMI) {
            const e = this.lineEndFrom(p);
            result.comments.push({ span: { start: p, end: this.trimCr(p, e) } });
            p = e;
            joined = true;
            break;
          } else if (q === LF) {
            joined = true;
            break;
          } else if (!isBlank(q)) break;
          p++;
        }
        if (p >= n) joined = true; // the end of the text: the backslashes vanish
        if (!joined) {
          // Not a continuation: the backslashes are text (with the blanks before and after them).
          if (this.fStart < 0) this.fStart = pos;
          this.push(p);
          this.fEnd = this.trimEnd(pos, p);
          tokEnd = p;
          lastEnd = this.fEnd;
          pos = p;
          continue;
        }
        continued = true;
        lastEnd = lastSlash + 1; // the backslash belongs to the entry (lossless even when nothing follows it)
        // The next line's leading blanks are skipped; a backslash there starts another continuation.
        if (p < n) p++;
        while (p < n && isBlank(text.charCodeAt(p))) p++;
        this.tokStart = p;
        tokEnd = p;
        pos = p;
        continue;
      }
      if (c === COMMA || (c === EQ && inKey)) {
        this.push(tokEnd);
        const f = this.endField(pos);
        if (c === EQ) {
          key = f;
          equals = pos;
        } else {
          vals[nVals++] = f;
        }
        inKey = false;
        lastEnd = pos + 1;
        pos++;
        // Leading blanks of the next field are skipped.
        while (pos < n && isBlank(text.charCodeAt(pos))) pos++;
        this.tokStart = pos;
        tokEnd = pos;
        continue;
      }
      // Any other character: '=' after the first field, '%', controls.
      if (this.fStart < 0) this.fStart = pos;
      if (c === PERCENT) {
        const after = this.scanRef(pos, false);
        if (after > pos + 1) {
          pos = after;
          this.fEnd = pos;
          tokEnd = pos;
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
      this.fEnd = pos;
      tokEnd = pos;
      lastEnd = pos;
    }
    const lineEnd = pos;
    this.push(tokEnd);
    // Every line has at least one field (an empty one when nothing follows a continuation), as in the Setup API.
    vals[nVals++] = this.endField(pos);
    const values = vals.slice(0, nVals);
    const entry = new EntryNode(start, lastEnd > start ? lastEnd : start, key, equals, values, continued);
    this.next = this.skipEol(lineEnd);
    return entry;
  }

  /**
   * At a '%': records a `%name%` reference or consumes `%%`. Returns the offset after what it consumed
   * (p + 1 when the percent sign is literal). Each scan stops at the next '%' or at a character that ends a
   * reference, so scanning stays linear.
   */
  private scanRef(p: number, inQuotes: boolean): number {
    const text = this.text;
    const n = this.n;
    if (p + 1 < n && text.charCodeAt(p + 1) === PERCENT) return p + 2; // %% is a literal percent
    let q = p + 1;
    while (q < n) {
      const ch = text.charCodeAt(q);
      if (ch === PERCENT) break;
      if (ch === LF || ch === CR || ch === QUOTE || ch === COMMA || ch === SEMI || (!inQuotes && ch === EQ)) return p + 1;
      q++;
    }
    if (q >= n || q === p + 1) return p + 1;
    const name = text.slice(p + 1, q);
    this.refs[this.nRefs++] = { name, span: { start: p, end: q + 1 }, numeric: NUMERIC_RE.test(name) };
    return q + 1;
  }
}

/** Math.max for offsets. (Math.max may hand back a heap number, which makes V8 widen every span's fields.) */
function maxInt(a: number, b: number): number {
  return a > b ? a : b;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

// ---------------------------------------------------------------------------------------------------------------
// Incremental reparse

/** A text change: the characters in [start, end) of the old text are replaced by `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

/**
 * The parse of `newText` (= `old.text` with `change` applied), reusing the old tree outside what the change
 * touches: a change inside a section's body parses again only the logical lines it touches; other changes parse
 * again the sections they touch. The nodes after them are copied with shifted offsets. The result equals
 * `parseInf(newText)`; whenever that cannot be guaranteed cheaply (an edit near a section header, a line continued
 * into the next header, a Ctrl-Z, text before the first section ...) it simply is `parseInf(newText)`.
 *
 * With `inPlace`, the nodes after the change are not copied but moved: their offsets are changed in the old tree,
 * which is given up (no allocation for the unchanged part of a large file). `old` must not be used afterwards.
 */
export function reparseInf(old: ParseResult, change: TextChange, newText: string, inPlace = false): ParseResult {
  try {
    return reparseRegion(old, change, newText, inPlace ? MOVE : COPY) ?? parseInf(newText);
  } catch {
    return parseInf(newText);
  }
}

function lineStartBefore(text: string, offset: number): number {
  let p = offset;
  while (p > 0 && text.charCodeAt(p - 1) !== LF) p--;
  return p;
}

/**
 * Whether the line starting at `p` ends with a line continuation, by the parser's own rule: a backslash followed
 * only by blanks, a comment or the end of the text (a backslash inside quotes does not count; a comment ends the
 * scan). A line starting with `;` is a comment line and never continues.
 */
function lineContinues(text: string, p: number): boolean {
  const n = text.length;
  while (p < n && isBlank(text.charCodeAt(p))) p++;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === LF || c === SEMI) return false;
    if (c === QUOTE) {
      p++;
      while (p < n) {
        const q = text.charCodeAt(p);
        if (q === LF) break;
        p++;
        if (q === QUOTE) break;
      }
      continue;
    }
    if (c === BACKSLASH) {
      let q = p + 1;
      while (q < n && (isBlank(text.charCodeAt(q)) || text.charCodeAt(q) === BACKSLASH)) q++;
      if (q >= n || isLineEnd(text.charCodeAt(q)) || text.charCodeAt(q) === SEMI) return true;
      p = q;
      continue;
    }
    p++;
  }
  return false;
}

/** Start of the line before the one starting at `lineStart` (> 0). */
function prevLineStart(text: string, lineStart: number): number {
  let p = lineStart;
  if (p > 0 && text.charCodeAt(p - 1) === LF) p--;
  return lineStartBefore(text, p);
}

/** Offset just after the line break of the line containing `offset` (or the end of the text). */
function nextLineStart(text: string, offset: number): number {
  const n = text.length;
  let p = offset;
  while (p < n && text.charCodeAt(p) !== LF) p++;
  return p < n ? p + 1 : p;
}

// Copies of nodes with offsets moved by d, built with the parser's own property order so that every node of a
// tree has the same hidden class in V8 whether the parser or the reparse made it.
function shiftSpan(s: Span, d: number): Span {
  return { start: s.start + d, end: s.end + d };
}
function shiftField(f: Field, d: number): Field {
  const n = f as FieldNode;
  return new FieldNode(n.start + d, n.end + d, n.text, n.quoted, n.refs.length === 0 ? NO_REFS : n.refs.map((r) => ({ name: r.name, span: shiftSpan(r.span, d), numeric: r.numeric })));
}
function shiftEntry(e: Entry, d: number): Entry {
  const values: Field[] = new Array(e.values.length);
  for (let k = 0; k < values.length; k++) values[k] = shiftField(e.values[k], d);
  const n = e as EntryNode;
  return new EntryNode(n.start + d, n.end + d, e.key === undefined ? undefined : shiftField(e.key, d), e.equals === undefined ? undefined : e.equals + d, values, e.continued);
}
function shiftEntries(out: Entry[], from: readonly Entry[], start: number, d: number): void {
  for (let k = start; k < from.length; k++) out.push(d === 0 ? from[k] : shiftEntry(from[k], d));
}
function shiftSection(s: SectionNode, d: number): SectionNode {
  const entries: Entry[] = [];
  shiftEntries(entries, s.entries, 0, d);
  return { name: s.name, nameSpan: shiftSpan(s.nameSpan, d), headerSpan: shiftSpan(s.headerSpan, d), span: shiftSpan(s.span, d), entries };
}

// The same moves done in place, for reparseInf(..., inPlace): no allocation, the old tree is given up. Safe because
// the parser never lets two nodes share a span object (test/unit/reparse.test.ts checks it).
function moveSpan(s: Span, d: number): void {
  s.start += d;
  s.end += d;
}
function moveField(f: Field, d: number): void {
  const n = f as FieldNode;
  n.start += d;
  n.end += d;
  for (let k = 0; k < f.refs.length; k++) moveSpan(f.refs[k].span, d);
}
function moveEntry(e: Entry, d: number): Entry {
  const n = e as EntryNode;
  n.start += d;
  n.end += d;
  if (e.key !== undefined) moveField(e.key, d);
  if (e.equals !== undefined) e.equals += d;
  for (let k = 0; k < e.values.length; k++) moveField(e.values[k], d);
  return e;
}

/** Copies (pure reparse) or moves in place (the old tree is given up). */
interface Mover {
  entries(out: Entry[], from: readonly Entry[], start: number, d: number): void;
  section(s: SectionNode, d: number): SectionNode;
  span(s: Span, d: number): Span;
}
const COPY: Mover = { entries: shiftEntries, section: shiftSection, span: shiftSpan };
const MOVE: Mover = {
  entries(out, from, start, d) {
    for (let k = start; k < from.length; k++) out.push(d === 0 ? from[k] : moveEntry(from[k], d));
  },
  section(s, d) {
    if (d === 0) return s;
    moveSpan(s.nameSpan, d);
    moveSpan(s.headerSpan, d);
    moveSpan(s.span, d);
    for (let k = 0; k < s.entries.length; k++) moveEntry(s.entries[k], d);
    return s;
  },
  span(s, d) {
    moveSpan(s, d);
    return s;
  },
};

/** For a section node made by a line-level reparse: the node it replaced (most of its entries are shared). */
const PREVIOUS = new WeakMap<SectionNode, SectionNode>();

/**
 * The node a line-level reparse replaced with this one, if any: the two share every entry outside the lines the
 * edit touched (moved in place, or the same objects), so results kept per entry of the old node can be re-used.
 */
export function previousNode(node: SectionNode): SectionNode | undefined {
  return PREVIOUS.get(node);
}

/** Index of the first entry starting at or after `offset`. */
function firstEntryFrom(entries: readonly Entry[], offset: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as EntryNode).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SYNTHETIC_HEADER = '[s]\n';
/** How far the line-level reparse walks over continued lines before it gives up (and parses the section). */
const MAX_CONTINUED_LINES = 64;

/**
 * The reparse of a change inside the body of section i, at line level: only the logical lines the change touches
 * are parsed again (with a synthetic header in front); the entries after them are copied with shifted offsets.
 * Undefined when that cannot be done safely: the change touches the header line or the next one, the lines
 * join other lines by continuation too far, a header appears, or no entry of the section follows (the section's
 * end would have to be recomputed).
 */
function reparseLines(old: ParseResult, i: number, change: TextChange, newText: string, delta: number, mv: Mover): ParseResult | undefined {
  const oldText = old.text;
  const secs = old.sections;
  const sec = secs[i];
  const entries = sec.entries;
  const bodyStart = nextLineStart(oldText, sec.headerSpan.start);
  if (change.start < bodyStart) return undefined;
  const bound = i + 1 < secs.length ? lineStartBefore(oldText, secs[i + 1].headerSpan.start) : oldText.length;
  if (change.end >= bound) return undefined;

  // Region start: the line where the entry holding the change begins, then back over continued lines.
  const k0 = firstEntryFrom(entries, change.start + 1) - 1;
  let from = change.start;
  if (k0 >= 0 && (entries[k0] as EntryNode).end >= change.start) from = (entries[k0] as EntryNode).start;
  let regionStart = lineStartBefore(oldText, from);
  for (let guard = 0; regionStart > bodyStart; guard++) {
    if (guard >= MAX_CONTINUED_LINES) return undefined;
    const prev = prevLineStart(oldText, regionStart);
    if (!lineContinues(oldText, prev)) break;
    regionStart = prev;
  }
  if (regionStart < bodyStart) return undefined;

  // Region end (old offsets): after the line where the entry holding the change's end ends, then on over lines
  // that continue, in the old text or in the new.
  const k1 = firstEntryFrom(entries, change.end + 1) - 1;
  let to = change.end;
  if (k1 >= 0 && (entries[k1] as EntryNode).end > to) to = (entries[k1] as EntryNode).end;
  let regionEnd = nextLineStart(oldText, to);
  for (let guard = 0; ; guard++) {
    if (guard >= MAX_CONTINUED_LINES || regionEnd >= bound) return undefined;
    if (!lineContinues(oldText, prevLineStart(oldText, regionEnd)) && !lineContinues(newText, prevLineStart(newText, regionEnd + delta))) break;
    regionEnd = nextLineStart(oldText, regionEnd);
  }
  const after = firstEntryFrom(entries, regionEnd);
  if (after >= entries.length) return undefined;

  const part = parseInf(SYNTHETIC_HEADER + newText.slice(regionStart, regionEnd + delta));
  if (part.sections.length !== 1 || part.preamble.length > 0 || part.eof !== undefined) return undefined;
  const off = regionStart - SYNTHETIC_HEADER.length;

  const newEntries: Entry[] = entries.slice(0, firstEntryFrom(entries, regionStart));
  MOVE.entries(newEntries, part.sections[0].entries, 0, off); // the region's own nodes are fresh
  mv.entries(newEntries, entries, after, delta);
  const section: SectionNode = { name: sec.name, nameSpan: sec.nameSpan, headerSpan: sec.headerSpan, span: { start: sec.span.start, end: sec.span.end + delta }, entries: newEntries };
  // Only one step back is kept: the old node's own link goes, so a section edited many times holds no chain.
  PREVIOUS.delete(sec);
  PREVIOUS.set(section, sec);

  const sections: SectionNode[] = secs.slice(0, i);
  sections.push(section);
  for (let k = i + 1; k < secs.length; k++) sections.push(delta === 0 ? secs[k] : mv.section(secs[k], delta));
  return { text: newText, preamble: old.preamble, sections, ...spliceLists(old, part, regionStart, regionEnd, off, delta, mv) };
}

/** Comments and errors of the old parse outside [regionStart, regionEnd), with those of the region's parse. */
function spliceLists(old: ParseResult, part: ParseResult, regionStart: number, regionEnd: number, off: number, delta: number, mv: Mover): { comments: Comment[]; errors: SyntaxError[] } {
  const before = (s: Span) => s.start < regionStart;
  const after = (s: Span) => s.start >= regionEnd;
  const comments: Comment[] = [];
  for (const c of old.comments) if (before(c.span)) comments.push(c);
  for (const c of part.comments) comments.push({ span: shiftSpan(c.span, off) });
  for (const c of old.comments) if (after(c.span)) comments.push(delta === 0 ? c : { span: mv.span(c.span, delta) });
  const errors: SyntaxError[] = [];
  for (const e of old.errors) if (before(e.span)) errors.push(e);
  for (const e of part.errors) errors.push({ code: e.code, message: e.message, span: shiftSpan(e.span, off) });
  for (const e of old.errors) if (after(e.span)) errors.push(delta === 0 ? e : { code: e.code, message: e.message, span: mv.span(e.span, delta) });
  return { comments, errors };
}

function reparseRegion(old: ParseResult, change: TextChange, newText: string, mv: Mover): ParseResult | undefined {
  const oldText = old.text;
  const secs = old.sections;
  if (old.eof !== undefined || change.text.indexOf('\x1a') >= 0 || secs.length === 0) return undefined;
  if (change.start < 0 || change.end < change.start || change.end > oldText.length) return undefined;
  if (newText.length !== oldText.length - (change.end - change.start) + change.text.length) return undefined;
  // First section of the region: the one whose header line starts strictly before the change.
  let i = -1;
  for (let lo = 0, hi = secs.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if (lineStartBefore(oldText, secs[mid].headerSpan.start) < change.start) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (i < 0) return undefined; // the change reaches into the text before the first header
  if (old.preamble.length > 0) return undefined; // whether that text is an error depends on every header
  const regionStart = lineStartBefore(oldText, secs[i].headerSpan.start);
  // Last section of the region: extend until the next header line starts strictly after the change.
  let j = i;
  while (j + 1 < secs.length && lineStartBefore(oldText, secs[j + 1].headerSpan.start) <= change.end) j++;
  const regionEnd = j + 1 < secs.length ? lineStartBefore(oldText, secs[j + 1].headerSpan.start) : oldText.length;
  const delta = change.text.length - (change.end - change.start);
  if (i === j) {
    const lines = reparseLines(old, i, change, newText, delta, mv);
    if (lines) return lines;
  }
  // A fresh string with one blank line in front (parsed alike, one offset later): the field texts of the region are
  // slices of it, not of the whole new text, which would otherwise stay in memory as long as those fields do.
  const region = '\n' + newText.slice(regionStart, regionEnd + delta);
  const off = regionStart - 1;
  // The region's last line must not continue into the next header.
  if (j + 1 < secs.length && lineContinues(newText, prevLineStart(newText, regionEnd + delta))) return undefined;
  const part = parseInf(region);
  if (part.preamble.length > 0 || part.eof !== undefined) return undefined;
  // The region must still open with its header: otherwise its first lines belong to the section before it.
  let first = 0;
  while (first < region.length && (isBlank(region.charCodeAt(first)) || isLineEnd(region.charCodeAt(first)))) first++;
  if (part.sections.length === 0 || part.sections[0].headerSpan.start !== first) return undefined;

  const sections: SectionNode[] = secs.slice(0, i);
  for (const s of part.sections) sections.push(MOVE.section(s, off)); // fresh nodes of the region
  for (let k = j + 1; k < secs.length; k++) sections.push(delta === 0 ? secs[k] : mv.section(secs[k], delta));
  return { text: newText, preamble: old.preamble, sections, ...spliceLists(old, part, regionStart, regionEnd, off, delta, mv) };
}
