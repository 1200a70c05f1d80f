// The editor's text of a large edited document, kept in a reused buffer so that each edit makes the new text without
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
// The buffer is made right after the document's first edit has been handled (setImmediate: with the default 150 ms
// debounce, while the server waits for it), from its text then; that first edit takes the library's text. A document
// that is only read never gets one.
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

/** What is kept for a document. */
type Kept =
  /** Its buffer is to be made (scheduled). */
  | { kind: 'pending' }
  /** Too small to keep (its width remembered, so that it is not searched again on every edit). */
  | { kind: 'small'; len: number; wide: boolean }
  /** The text in `buf`: `len` characters (UTF-16 code units), two bytes each (UTF-16LE) or one (Latin-1). */
  | { kind: 'buffer'; buf: Buffer; len: number; wide: boolean };

function bytesOf(len: number, wide: boolean): number {
  return len * (wide ? 2 : 1);
}

type Buffered = Extract<Kept, { kind: 'buffer' }>;

function keep(text: string, wide: boolean, extra: number): Buffered {
  const unit = wide ? 2 : 1;
  const buf = Buffer.allocUnsafeSlow(Math.ceil((text.length + extra) * (1 + SLACK) + 4096) * unit);
  buf.write(text, 0, text.length * unit, wide ? 'utf16le' : 'latin1');
  return { kind: 'buffer', buf, len: text.length, wide };
}

/** What to keep for `text`: a buffer, or the note that it is too small. */
function keptFor(text: string): Kept {
  const wide = WIDE_RE.test(text);
  return bytesOf(text.length, wide) < EXTERNAL_BYTES ? { kind: 'small', len: text.length, wide } : keep(text, wide, 0);
}

/**
 * The Node host's splicer. `later` runs a task after the edit being handled (setImmediate; tests pass one that runs
 * it at once, or keep it).
 */
export function bufferSplicer(later: (task: () => void) => void = (task) => void setImmediate(task)): TextSplicer {
  const kept = new WeakMap<object, Kept>();
  return {
    splice(owner, old, start, end, insert) {
      const len = old.length - (end - start) + insert.length;
      if (len * 2 < EXTERNAL_BYTES || start < 0 || end < start || end > old.length) {
        kept.delete(owner);
        return undefined;
      }
      // What is kept holds `old` when its length agrees: every change of the document comes through here.
      const k = kept.get(owner);
      if (k === undefined || (k.kind !== 'pending' && k.len !== old.length)) {
        // The first edit (or a document whose kept text went astray): the library makes this text, the buffer comes
        // from the document's text a moment later.
        kept.set(owner, { kind: 'pending' });
        later(() => {
          if (kept.get(owner)?.kind === 'pending') kept.set(owner, keptFor(owner.getText()));
        });
        return undefined;
      }
      if (k.kind === 'pending') return undefined;
      const wide = k.wide || WIDE_RE.test(insert);
      if (k.kind === 'small' && bytesOf(len, wide) < EXTERNAL_BYTES) {
        kept.set(owner, { kind: 'small', len, wide });
        return undefined;
      }
      // Made again from the old text when the text has grown past the small size, now needs two bytes a character,
      // or has outgrown the room kept.
      const { buf } = k.kind === 'buffer' && k.wide === wide && bytesOf(len, wide) <= k.buf.length ? k : keep(old, wide, insert.length);
      const unit = wide ? 2 : 1;
      const encoding = wide ? 'utf16le' : 'latin1';
      if (insert.length !== end - start) buf.copyWithin((start + insert.length) * unit, end * unit, old.length * unit);
      if (insert.length > 0) buf.write(insert, start * unit, insert.length * unit, encoding);
      kept.set(owner, { kind: 'buffer', buf, len, wide });
      return buf.toString(encoding, 0, len * unit);
    },
    drop(owner) {
      kept.delete(owner);
    },
  };
}
