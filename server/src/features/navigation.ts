// Navigation for sections and string keys: go to definition, find references, document highlights and rename.
// Names match case-insensitively, as the Setup API matches them. Section references are every place that names
// a section (directives, [DestinationDirs] keys, [UninstallSections] pairs, CheckFilever file lists; see
// shared.ts allSectionRefs). Rename keeps the `%..%` delimiters of string references, refuses names the
// installer reads itself and names that would collide, and answers with an error message instead of throwing.
// Pure.

import { TextEdit } from '../core/diagnostics';
import { InfDocument } from '../core/model';
import { Span } from '../core/text';
import { INSTALLER_STRINGS } from '../knowledge/keys';
import { updatebrDefinitionAt } from '../package/model';
import { hitAt, isStringsSection, knownSection, lineOf, Location, refAt, refsTo, stringDeclAt, stringDecls, stringUses, uninstallSource, featureContext } from './shared';

export type NavTarget = { kind: 'section'; name: string } | { kind: 'string'; name: string };

export interface SymbolAt {
  target: NavTarget;
  /** The name under the cursor as written (without brackets or percent signs). */
  span: Span;
  /** True on the definition (section header, [Strings] key) rather than a reference. */
  declaration: boolean;
  /** False when the name under the cursor is not written literally (it comes from a %strkey%). */
  literal: boolean;
}

/** The section or string key at an offset. */
export function symbolAt(doc: InfDocument, offset: number): SymbolAt | undefined {
  const hit = hitAt(doc, offset);
  if (hit.inComment || !hit.node) return undefined;
  if (hit.inHeaderName) return { target: { kind: 'section', name: hit.node.name }, span: hit.node.nameSpan, declaration: true, literal: true };
  if (hit.ref) {
    const name = hit.ref.name;
    if (hit.ref.numeric && stringDecls(doc, name).length === 0) return undefined; // a DIRID
    return { target: { kind: 'string', name }, span: { start: hit.ref.span.start + 1, end: hit.ref.span.end - 1 }, declaration: false, literal: true };
  }
  const decl = stringDeclAt(doc, hit);
  if (decl !== undefined) return { target: { kind: 'string', name: decl }, span: hit.entry!.key!.span, declaration: true, literal: true };
  const ref = refAt(doc, offset);
  if (ref && (!hit.field || ref.field === hit.field)) {
    return { target: { kind: 'section', name: ref.name }, span: ref.nameSpan ?? ref.field.span, declaration: false, literal: ref.nameSpan !== undefined };
  }
  return undefined;
}

function loc(doc: InfDocument, span: Span): Location {
  return { uri: doc.uri, span };
}

function declarationSpans(doc: InfDocument, t: NavTarget): Span[] {
  if (t.kind === 'section') return doc.section(t.name)?.nodes.map((n) => n.nameSpan) ?? [];
  return stringDeclarationSpans(doc, t);
}

/** Where a name is defined for go-to-definition: a Spuninst.inf name resolves to the section copied under it. */
function definitionSpans(doc: InfDocument, t: NavTarget): Span[] {
  if (t.kind === 'section' && !doc.hasSection(t.name)) {
    const source = uninstallSource(doc, t.name);
    if (source) return doc.section(source)?.nodes.map((n) => n.nameSpan) ?? [];
  }
  return declarationSpans(doc, t);
}

function stringDeclarationSpans(doc: InfDocument, t: NavTarget): Span[] {
  const decls = stringDecls(doc, t.name);
  // [Strings] first: it is the definition used when no language section matches.
  decls.sort((a, b) => (a.section.key === 'strings' ? 0 : 1) - (b.section.key === 'strings' ? 0 : 1) || a.span.start - b.span.start);
  return decls.map((d) => d.span);
}

function referenceSpans(doc: InfDocument, t: NavTarget): Span[] {
  if (t.kind === 'section') return refsTo(doc, t.name).map((r) => r.nameSpan ?? r.field.span);
  return stringUses(doc, t.name).map((u) => u.span);
}

/**
 * Where the section or string under the cursor is defined: every occurrence of a section, every language of a
 * string. A name of the Spuninst.inf namespace ([UninstallSections] first names) leads to the section of this
 * file copied under it. With a package context, in Updatebr.inf a branch name leads to its [SourceInfsBranches]
 * line and an INF or setup-file path to that file (`uri` from the context's `uriOf`). Never throws.
 */
export function definition(doc: InfDocument, offset: number, ctx?: unknown): Location[] {
  try {
    const s = symbolAt(doc, offset);
    if (s) return definitionSpans(doc, s.target).map((sp) => loc(doc, sp));
    // Updatebr.inf with its package: branch names and paths lead to the branch's line or file.
    const fc = featureContext(ctx);
    if (fc && doc.kind === 'updatebr-inf' && fc.pkg.updatebr && fc.pkg.updatebr.file.path.toLowerCase() === fc.path.toLowerCase()) {
      const t = updatebrDefinitionAt(fc.pkg, offset);
      if (t) return [{ uri: t.path.toLowerCase() === fc.path.toLowerCase() ? doc.uri : fc.uriOf?.(t.path) ?? t.path, span: t.span }];
    }
    return [];
  } catch {
    return [];
  }
}

/** Every reference to the section or string under the cursor, in file order. Never throws. */
export function references(doc: InfDocument, offset: number, includeDeclaration: boolean): Location[] {
  try {
    const s = symbolAt(doc, offset);
    if (!s) return [];
    const spans = referenceSpans(doc, s.target);
    if (includeDeclaration) spans.push(...declarationSpans(doc, s.target));
    return spans.sort((a, b) => a.start - b.start).map((sp) => loc(doc, sp));
  } catch {
    return [];
  }
}

export interface DocumentHighlight {
  span: Span;
  /** 'write' for the definition, 'read' for a use. */
  kind: 'read' | 'write';
}

/** The definition and uses of the symbol under the cursor, for highlighting. Never throws. */
export function documentHighlights(doc: InfDocument, offset: number): DocumentHighlight[] {
  try {
    const s = symbolAt(doc, offset);
    if (!s) return [];
    const out: DocumentHighlight[] = [
      ...declarationSpans(doc, s.target).map((span) => ({ span, kind: 'write' as const })),
      ...referenceSpans(doc, s.target).map((span) => ({ span, kind: 'read' as const })),
    ];
    return out.sort((a, b) => a.span.start - b.span.start);
  } catch {
    return [];
  }
}

export type PrepareRenameResult = { span: Span; placeholder: string } | { error: string };

function readByInstaller(t: NavTarget): string | undefined {
  if (t.kind === 'section') {
    const info = knownSection(t.name);
    if (info?.fixed) return `The installer reads [${t.name}] by this name, so it cannot be renamed.`;
    if (isStringsSection(t.name)) return `[${t.name}] is a strings section; its name cannot be renamed.`;
  } else if (INSTALLER_STRINGS.has(t.name.toLowerCase())) {
    return `The installer reads the string ${t.name} by this name, so it cannot be renamed.`;
  }
  return undefined;
}

/** Whether the name under the cursor can be renamed: its span and current text, or why not. Never throws. */
export function prepareRename(doc: InfDocument, offset: number): PrepareRenameResult {
  try {
    const s = symbolAt(doc, offset);
    if (!s) return { error: 'Only section names and string keys can be renamed.' };
    const why = readByInstaller(s.target);
    if (why) return { error: why };
    if (!s.literal) return { error: 'This section name comes from a %strkey%; rename the section at its header or change the string.' };
    return { span: s.span, placeholder: doc.text.slice(s.span.start, s.span.end) };
  } catch {
    return { error: 'This name cannot be renamed.' };
  }
}

const SECTION_NAME_RE = /^[^\s[\];,"%=\\]+$/;
const STRING_KEY_RE = /^[^\s%;,"=[\]\\]+$/;

function validateName(doc: InfDocument, t: NavTarget, newName: string): string | undefined {
  if (t.kind === 'section') {
    if (newName.length === 0) return 'A section name cannot be empty.';
    if (newName.length > 255) return 'A section name can be at most 255 characters long.';
    if (!SECTION_NAME_RE.test(newName)) return `"${newName}" cannot be a section name: leave out blanks and the characters [ ] ; , " % = \\.`;
    if (newName.toLowerCase() !== t.name.toLowerCase() && doc.hasSection(newName)) return `[${newName}] already exists; the installer would merge the two sections. Choose another name.`;
    if (knownSection(newName)?.fixed) return `[${newName}] is a name the installer reads itself; choose another name.`;
  } else {
    if (newName.length === 0) return 'A string key cannot be empty.';
    if (!STRING_KEY_RE.test(newName)) return `"${newName}" cannot be a string key: leave out blanks and the characters % ; , " = [ ] \\.`;
    if (newName.toLowerCase() !== t.name.toLowerCase() && stringDecls(doc, newName).length > 0) return `The string ${newName} already exists. Choose another name.`;
  }
  return undefined;
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

/**
 * Renames the section or string key under the cursor everywhere in the document: headers and every reference
 * for a section; every [Strings*] definition and every `%name%` (delimiters kept) for a string. Never throws.
 */
export function rename(doc: InfDocument, offset: number, newName: string): RenameResult {
  try {
    const name = String(newName ?? '').trim();
    const s = symbolAt(doc, offset);
    if (!s) return { error: 'Only section names and string keys can be renamed.' };
    const why = readByInstaller(s.target);
    if (why) return { error: why };
    const bad = validateName(doc, s.target, name);
    if (bad) return { error: bad };
    const edits: TextEdit[] = [];
    if (s.target.kind === 'section') {
      for (const sp of declarationSpans(doc, s.target)) edits.push({ span: sp, newText: name });
      for (const r of refsTo(doc, s.target.name)) {
        if (!r.nameSpan) return { error: `Line ${lineOf(doc, r.field.span.start)} names [${s.target.name}] through a %strkey%; change that string first.` };
        edits.push({ span: r.nameSpan, newText: name });
      }
    } else {
      for (const sp of declarationSpans(doc, s.target)) edits.push({ span: sp, newText: name });
      for (const u of stringUses(doc, s.target.name)) edits.push({ span: { start: u.span.start + 1, end: u.span.end - 1 }, newText: name });
    }
    edits.sort((a, b) => a.span.start - b.span.start);
    return { edits };
  } catch {
    return { error: 'This name cannot be renamed.' };
  }
}
