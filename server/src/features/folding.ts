// Folding ranges: one per section (header line to its last entry or comment), one per block of two or more
// whole-line comments, and one per entry continued over several lines. Lines are 0-based. Pure.

import { InfDocument } from '../core/model';

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Folding ranges of a document, in order of their start line. Never throws. */
export function foldingRanges(doc: InfDocument): FoldingRange[] {
  try {
    const out: FoldingRange[] = [];
    const lines = doc.lines;
    for (const node of doc.parse.sections) {
      const start = lines.positionAt(node.headerSpan.start).line;
      const end = lines.positionAt(node.span.end).line;
      if (end > start) out.push({ startLine: start, endLine: end, kind: 'region' });
      for (const e of node.entries) {
        if (!e.continued) continue;
        const s = lines.positionAt(e.span.start).line;
        const l = lines.positionAt(e.span.end).line;
        if (l > s) out.push({ startLine: s, endLine: l });
      }
    }
    // Blocks of whole-line comments on consecutive lines.
    const text = doc.text;
    let blockStart = -1;
    let blockEnd = -1;
    const flush = () => {
      if (blockStart >= 0 && blockEnd > blockStart) out.push({ startLine: blockStart, endLine: blockEnd, kind: 'comment' });
      blockStart = blockEnd = -1;
    };
    for (const c of doc.parse.comments) {
      const line = lines.positionAt(c.span.start).line;
      const ls = lines.lineStarts[line];
      if (text.slice(ls, c.span.start).trim() !== '') continue; // a comment after an entry or header
      if (blockEnd >= 0 && line === blockEnd + 1) blockEnd = line;
      else {
        flush();
        blockStart = blockEnd = line;
      }
    }
    flush();
    return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  } catch {
    return [];
  }
}
