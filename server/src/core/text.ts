// Text utilities shared by every part of the core: spans, positions, and decoding of bytes read from disk.
// Pure: no I/O. Positions are 0-based lines and UTF-16 columns, as LSP counts them.

/** A half-open range of character offsets [start, end) into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets to line/column and back. Line ends are CRLF, LF or a lone CR. */
export class LineIndex {
  readonly lineStarts: number[];

  constructor(
    readonly text: string,
    lineStarts?: number[],
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    // Jumps from line end to line end with indexOf (a fast native search) instead of testing every character.
    const starts = [0];
    let cr = text.indexOf('\r');
    let lf = text.indexOf('\n');
    while (cr >= 0 || lf >= 0) {
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        if (lf === cr + 1) {
          starts.push(cr + 2);
          lf = text.indexOf('\n', cr + 2);
        } else {
          starts.push(cr + 1);
        }
        cr = text.indexOf('\r', cr + 1);
      } else {
        starts.push(lf + 1);
        lf = text.indexOf('\n', lf + 1);
      }
    }
    this.lineStarts = starts;
  }

  /**
   * The index of `text` = the old text with [start, end) replaced by `insertLength` characters: line starts before
   * the change are kept, those after it are moved, and only the few offsets around the change are looked at (a
   * line start depends on the two characters around it). Equal to `new LineIndex(text)`.
   */
  static afterEdit(old: LineIndex, text: string, start: number, end: number, insertLength: number): LineIndex {
    const o = old.lineStarts;
    const delta = insertLength - (end - start);
    // The line starts before the change are copied at once (o[0] is 0, always a line start); a keystroke in a
    // 30,000-line file then moves only the starts after it.
    let lo = 1;
    let hi = o.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (o[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    let k = lo;
    const mid: number[] = [];
    const last = Math.min(text.length, start + insertLength + 1);
    for (let p = Math.max(1, start); p <= last; p++) {
      const c = text.charCodeAt(p - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(p) !== 10)) mid.push(p);
    }
    const from = k;
    while (k < o.length && o[k] <= end + 1) k++;
    if (k - from === mid.length) {
      // As many line starts around the change as before (a keystroke that adds or removes no line break): one copy,
      // changed in place, instead of the pieces and their concatenation (two arrays of 30,000 numbers a keystroke).
      const starts = o.slice();
      for (let j = 0; j < mid.length; j++) starts[from + j] = mid[j];
      if (delta !== 0) for (let j = k; j < starts.length; j++) starts[j] += delta;
      return new LineIndex(text, starts);
    }
    // The starts after the change, moved: a copy made at once, then shifted (pushing them one by one grew the
    // array step by step, most of a keystroke's line-index cost in a 30,000-line file).
    const tail: number[] = o.slice(k);
    if (delta !== 0) for (let j = 0; j < tail.length; j++) tail[j] += delta;
    return new LineIndex(text, o.slice(0, from).concat(mid, tail));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }

  /** Offset of the end of a line's content (before its terminator). */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let e = next;
    if (e > this.lineStarts[line] && this.text.charCodeAt(e - 1) === 10) e--;
    if (e > this.lineStarts[line] && this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

// Common start and end of two texts. Equal stretches are skipped by comparing slices (a native memory compare)
// of 64 K, then 16 K, ... 16 characters, and only the last few characters one by one: on a 1 MB file a keystroke
// costs about 0.03 ms here instead of 3-7 ms for a loop over every character.

/** Length of the common start of two texts. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  for (let c = 65536; c >= 16; c >>= 2) while (i + c <= n && a.substring(i, i + c) === b.substring(i, i + c)) i += c;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two texts, not reaching into their first `prefix` characters. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const n = Math.min(a.length, b.length) - prefix;
  const A = a.length;
  const B = b.length;
  let i = 0;
  for (let c = 65536; c >= 16; c >>= 2) while (i + c <= n && a.substring(A - i - c, A - i) === b.substring(B - i - c, B - i)) i += c;
  while (i < n && a.charCodeAt(A - 1 - i) === b.charCodeAt(B - 1 - i)) i++;
  return i;
}

export function containsOffset(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /**
   * Set when BOM-less bytes with non-ASCII characters were read as Windows-1252 although they are valid UTF-8:
   * the author most likely saved UTF-8 without a byte-order mark, which the Setup API reads as ANSI.
   */
  utf8WithoutBom?: boolean;
}

export interface DecodeOptions {
  /**
   * Read BOM-less bytes that are valid UTF-8 as UTF-8 (for texts the Setup API never reads: logs, JSON, editor
   * buffers). Without it, BOM-less text is ANSI, as the Setup API reads INF files.
   */
  utf8?: boolean;
}

// Windows-1252 code points for bytes 0x80-0x9F; other bytes map to the same code point (Latin-1).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const C1_RE = /[\x80-\x9f]/g;
const c1ToCp1252 = (c: string) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]);

function decodeCp1252(bytes: Uint8Array): string {
  // Bytes 0x00-0x7F and 0xA0-0xFF are the code points of the same number: each chunk is made straight from the
  // bytes (no array of numbers in between), and only the 0x80-0x9F characters, rare in INF text, are mapped after.
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const chunk = String.fromCharCode.apply(null, bytes.subarray(i, Math.min(bytes.length, i + CHUNK)) as unknown as number[]);
    parts.push(chunk.replace(C1_RE, c1ToCp1252));
  }
  return parts.join('');
}

/**
 * The Windows-1252 reading of bytes whose UTF-8 reading `asUtf8` has one character per byte (see decodeText): the
 * same text with each U+FFFD, the first at `at`, replaced by the character of the byte at its offset.
 */
function cp1252AtReplacements(asUtf8: string, bytes: Uint8Array, at: number): string {
  const parts: string[] = [];
  let from = 0;
  while (at >= 0) {
    const b = bytes[at];
    parts.push(asUtf8.slice(from, at), String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b));
    from = at + 1;
    at = asUtf8.indexOf('\ufffd', from);
  }
  parts.push(asUtf8.slice(from));
  return parts.join('');
}

function isValidUtf8(bytes: Uint8Array, from = 0): boolean {
  let i = from;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}

/** How many bytes at the start of a file without a byte-order mark tell whether it is UTF-16LE (looksLikeUtf16le). */
export const UTF16_SAMPLE_BYTES = 4096;

/** Heuristic for BOM-less UTF-16LE (as Windows' IsTextUnicode would guess): many zero high bytes at odd offsets. */
function looksLikeUtf16le(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return false;
  const sample = Math.min(bytes.length, UTF16_SAMPLE_BYTES);
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i + 1 < sample; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  return zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05;
}

/**
 * Decodes an INF file's bytes the way the Setup API does: UTF-16 with a byte-order mark, UTF-8 with one, BOM-less
 * UTF-16LE that looks like it, and otherwise ANSI (Windows-1252), also when the bytes happen to be valid UTF-8
 * (`utf8WithoutBom` says so; `options.utf8` reads them as UTF-8 instead, for logs and other non-INF text). Never
 * throws.
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = bytes.subarray(2, bytes.length - ((bytes.length - 2) % 2));
    const swapped = new Uint8Array(body.length);
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1];
      swapped[i + 1] = body[i];
    }
    return { text: new TextDecoder('utf-16le').decode(swapped), encoding: 'utf-16be' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (looksLikeUtf16le(bytes)) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  // One native UTF-8 decode tells most files apart without a loop over every byte in script (that loop, run before
  // the JIT had compiled it, was most of the cost of reading a 1.3 MB INF in a fresh process). The decoder turns each
  // byte sequence into one or two characters, and bytes that are no valid UTF-8 into U+FFFD, one per byte or per
  // truncated sequence (WHATWG Encoding, "utf-8 decoder"). So when the text has as many characters as there are
  // bytes, each byte made one character at its own offset: an ASCII byte itself, any other byte a U+FFFD (alone, such
  // a byte is never valid UTF-8). Without a U+FFFD that is all ASCII.
  const asUtf8 = new TextDecoder('utf-8').decode(bytes);
  const firstBad = asUtf8.indexOf('\ufffd');
  const sameLength = asUtf8.length === bytes.length;
  if (sameLength && firstBad < 0) return { text: asUtf8, encoding: 'utf-8' };
  // Without a U+FFFD the decoder found it all valid (it is stricter than isValidUtf8, which lets overlong forms
  // pass); with one, the bytes decide (from the first U+FFFD when the offsets agree: the bytes before are ASCII).
  const utf8 = firstBad < 0 || isValidUtf8(bytes, sameLength ? firstBad : 0);
  if (utf8 && options.utf8) return { text: asUtf8, encoding: 'utf-8' };
  const text = sameLength ? cp1252AtReplacements(asUtf8, bytes, firstBad) : decodeCp1252(bytes);
  // The Setup API reads a file without a byte-order mark as ANSI (the system code page, Windows-1252 for the
  // systems modelled), even when its bytes are valid UTF-8 (measured with the oracle, docs/inf-syntax.md).
  return utf8 ? { text, encoding: 'windows-1252', utf8WithoutBom: true } : { text, encoding: 'windows-1252' };
}

/**
 * Why bytes cannot be INF text, or undefined when they can: UTF-16 (by byte-order mark) with an odd number of
 * bytes, or, in any other encoding, many control characters (more than 5% of the first 8 KB, at least 8: an
 * executable, an archive, a cabinet). A stray control character in a real INF is left to the control-character
 * check. Never throws.
 */
export function notTextReason(bytes: Uint8Array): string | undefined {
  const n = bytes.length;
  if (n >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return n % 2 === 1 ? 'it starts with a UTF-16 byte-order mark but has an odd number of bytes, so it is cut short or not UTF-16' : undefined;
  }
  if (n >= 4 && n % 2 === 0 && bytes[1] === 0 && bytes[3] === 0) return undefined; // BOM-less UTF-16LE: decodeText handles it
  const sample = Math.min(n, 8192);
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const b = bytes[i];
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 11 && b !== 12 && b !== 26) control++;
  }
  if (control >= 8 && control > sample * 0.05) {
    return `${control} of its first ${sample} bytes are control characters, so it is a binary file, not INF text`;
  }
  return undefined;
}
