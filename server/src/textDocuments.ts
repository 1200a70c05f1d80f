// The editor's documents as the server keeps them (vscode-languageserver-textdocument's TextDocument), given their
// line index the fast way.
//
// A TextDocument indexes its lines the first time an offset or position is asked for, one character at a time: for the
// 1.28 MB Server 2003 SP2 update.inf in a fresh server, 20-23 ms of code V8 has not compiled yet, paid right after the
// open's check (server.ts indexLinesSoon, so that the first keystroke does not) and before the requests the editor sent
// with the open are answered. core/text.ts's LineIndex finds the same line starts by jumping from line end to line end
// with indexOf (2-3 ms cold): the same breaks (CR LF, lone CR, lone LF), the same array ([0, start of line 2, ...]).

import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from './core/text';

/**
 * Gives `doc` the line starts of its text when it has none yet: true when it took them. The library keeps them in
 * `_lineOffsets` (undefined until first needed, a plain array it updates in place on later edits); a document without
 * that field (another version of the library) is left to index itself.
 */
export function lendLineStarts(doc: object & { getText(): string }): boolean {
  const d = doc as { _lineOffsets?: unknown };
  if (!('_lineOffsets' in d) || d._lineOffsets !== undefined) return false;
  d._lineOffsets = new LineIndex(doc.getText()).lineStarts;
  return true;
}

/** A document as a splicer sees it: one object for all its versions, with its current text. */
export interface SplicedDocument {
  getText(): string;
}

/**
 * Makes a document's new text after an edit (node/flatText.ts keeps large texts in a reused buffer). The server
 * asks the host for one; without it, the text-document library's own concatenation.
 */
export interface TextSplicer {
  /**
   * The text `old` with [start, end) replaced by `insert`, as a flat string; undefined when the caller should make it
   * itself. `owner` is the document (the same object for all its versions), its text already the new one.
   */
  splice(owner: SplicedDocument, old: string, start: number, end: number, insert: string): string | undefined;
  /** Forgets what is kept for `owner` (the document was closed or replaced as a whole). */
  drop(owner: SplicedDocument): void;
}

/**
 * The TextDocuments configuration: the library's TextDocument, with each incremental change's new text made by
 * `splicer` when there is one. The library still applies every change (versions, line offsets); only its text is
 * then replaced by the splicer's, which holds the same characters. A document of another version of the library
 * (without the `_content` field this relies on) keeps the library's text.
 */
export function documentsConfig(splicer: TextSplicer | undefined): TextDocumentsConfiguration<TextDocument> {
  if (!splicer) return TextDocument;
  return {
    create: TextDocument.create,
    update(doc, changes, version) {
      for (const change of changes) {
        if (!('range' in change) || change.range === undefined) {
          splicer.drop(doc);
          TextDocument.update(doc, [change], version);
          continue;
        }
        // The offsets as the library works them out (a range given end first is turned around).
        const { start, end } = change.range;
        const backwards = start.line > end.line || (start.line === end.line && start.character > end.character);
        const from = doc.offsetAt(backwards ? end : start);
        const to = doc.offsetAt(backwards ? start : end);
        const old = doc.getText();
        TextDocument.update(doc, [change], version);
        const d = doc as unknown as { _content?: unknown };
        if (typeof d._content !== 'string') continue;
        let flat: string | undefined;
        try {
          flat = splicer.splice(doc, old, from, to, change.text);
        } catch {
          flat = undefined; // out of memory for the buffer, say: the library's text is as good, only slower to read
        }
        if (flat === undefined) continue;
        if (flat.length === d._content.length) d._content = flat;
        else splicer.drop(doc); // never expected: the library's text stays, and the splicer starts over
      }
      return doc;
    },
  };
}
