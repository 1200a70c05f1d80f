// The editor's text of a large open document, kept in a reused buffer so that each edit makes the new text without
// touching fresh memory (Node only; the browser host concatenates as the text-document library does).
//
// A keystroke's new text is one flat string of the whole file: for the 1.28 MB Server 2003 SP2 update.inf a 2.56 MB
// string (two bytes a character: the file holds two characters outside Latin-1). The library builds it as a rope of
// the old text's two halves and the typed text; the first reader makes V8 copy it into a new large object, memory the
// process has never touched. On the machines this project is measured on, a page touched for the first time costs
// 10-12 us (docs/performance.md, "Fresh memory"), so that copy took 627 page faults and 6-8 ms of each keystroke,
// the largest single part of it (sixteenth round).
//
// Here the text lives in a buffer the size of the file plus room to grow; an edit moves the tail and writes the
// typed text in place, and the new string is read out of the buffer with Buffer#toString. For more than about 1 MB
// of bytes Node makes that string an external one (its characters in memory from malloc, not in V8's heap:
// src/string_bytes.cc, EXTERN_APEX), and malloc hands back the memory of the texts the collector has freed, which
// the process has touched before. Measured: 0.1-0.2 ms and no page fault for the SP2 text once the first few old
// texts have been collected (docs/performance.md, seventeenth round).
//
// Texts whose bytes would stay under that size are left to the library (returns undefined): Node would copy them into
// V8's heap anyway, and their flat copy is small.

import type { TextSplicer } from '../textDocuments';

/** Below this many bytes Node copies a decoded string into V8's heap instead of making it external (EXTERN_APEX). */
const EXTERNAL_BYTES = 1 << 20;
/** Room kept after the text, as a share of its size, so that typing does not reallocate. */
const SLACK = 0.25;
/** A character outside Latin-1: the text needs two bytes a character. */
const WIDE_RE = /[^\x00-\xff]/;

interface Kept {
  /** Undefined while the text is too small to be kept (its width is remembered, so that it is not searched again). */
  buf: Buffer | undefined;
  /** Characters (UTF-16 code units) of the text. */
  len: number;
  /** Two bytes a character (UTF-16LE) rather than one (Latin-1). */
  wide: boolean;
}

function keep(text: string, wide: boolean, extra: number): Buffer {
  const unit = wide ? 2 : 1;
  const buf = Buffer.allocUnsafeSlow(Math.ceil((text.length + extra) * (1 + SLACK) + 4096) * unit);
  buf.write(text, 0, text.length * unit, wide ? 'utf16le' : 'latin1');
  return buf;
}

export function bufferSplicer(): TextSplicer {
  const kept = new WeakMap<object, Kept>();
  return {
    prepare(owner, text) {
      if (text.length * 2 < EXTERNAL_BYTES || kept.get(owner)?.len === text.length) return;
      const wide = WIDE_RE.test(text);
      kept.set(owner, { buf: text.length * (wide ? 2 : 1) < EXTERNAL_BYTES ? undefined : keep(text, wide, 0), len: text.length, wide });
    },
    splice(owner, old, start, end, insert) {
      const len = old.length - (end - start) + insert.length;
      if (len * 2 < EXTERNAL_BYTES || start < 0 || end < start || end > old.length) {
        kept.delete(owner);
        return undefined;
      }
      // What is kept holds `old` when its length agrees: every change of the document comes through here.
      let k = kept.get(owner);
      if (k !== undefined && k.len !== old.length) k = undefined;
      const wide = (k !== undefined ? k.wide : WIDE_RE.test(old)) || WIDE_RE.test(insert);
      const unit = wide ? 2 : 1;
      if (len * unit < EXTERNAL_BYTES) {
        kept.set(owner, { buf: undefined, len, wide });
        return undefined;
      }
      // Made again from the old text when there is none yet, when the text now needs two bytes a character, or when
      // it has outgrown the room kept.
      let buf = k?.buf;
      if (buf === undefined || k!.wide !== wide || len * unit > buf.length) buf = keep(old, wide, insert.length);
      const encoding = wide ? 'utf16le' : 'latin1';
      if (insert.length !== end - start) buf.copyWithin((start + insert.length) * unit, end * unit, old.length * unit);
      if (insert.length > 0) buf.write(insert, start * unit, insert.length * unit, encoding);
      kept.set(owner, { buf, len, wide });
      return buf.toString(encoding, 0, len * unit);
    },
    drop(owner) {
      kept.delete(owner);
    },
  };
}
