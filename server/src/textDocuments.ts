// The editor's documents as the server keeps them (vscode-languageserver-textdocument's TextDocument), given their
// line index the fast way.
//
// A TextDocument indexes its lines the first time an offset or position is asked for, one character at a time: for the
// 1.28 MB Server 2003 SP2 update.inf in a fresh server, 20-23 ms of code V8 has not compiled yet, paid right after the
// open's check (server.ts indexLinesSoon, so that the first keystroke does not) and before the requests the editor sent
// with the open are answered. core/text.ts's LineIndex finds the same line starts by jumping from line end to line end
// with indexOf (2-3 ms cold): the same breaks (CR LF, lone CR, lone LF), the same array ([0, start of line 2, ...]).

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
