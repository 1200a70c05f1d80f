// Section references: a directive (CopyFiles=, AddReg=, DelReg= ...) naming a section that does not exist.
//
// Sections named in the second column of [UninstallSections] are copied into the Spuninst.inf the installer
// writes, under the first name of their pair, so references inside them resolve in Spuninst.inf's namespace:
// there a name also resolves when it is the first name of some pair (whitepaper, Appendix B; inf-facts 5.5).

import { Entry, Field, SectionNode } from '../core/parser';
import { entryFields, InfDocument, keepOnNode, keptOnNode, MergedSection } from '../core/model';
import { DirectiveInfo, directiveInfo, namesSectionAt, namesSectionAtIndex } from '../knowledge/directives';
import { Rule } from './rules';

export interface SectionReference {
  /** The directive's entry. */
  entry: Entry;
  field: Field;
  /** The section name, %strkey% expanded. */
  name: string;
  /** `name` in lower case: the lookup key. */
  key: string;
  directive: DirectiveInfo;
  /** The section the reference is written in. */
  from: MergedSection;
}

const SECTION_REFERENCES = new WeakMap<InfDocument, readonly SectionReference[]>();

/**
 * Every section a directive in the document names. Worked out once per document (a document never changes; an edit
 * makes a new one) and shared by the rules that need it: missing-section and the update-INF analysis both walk
 * every directive of the SP2 update.inf's 1,000 sections.
 */
export function sectionReferences(doc: InfDocument): readonly SectionReference[] {
  let known = SECTION_REFERENCES.get(doc);
  if (!known) {
    known = findSectionReferences(doc);
    SECTION_REFERENCES.set(doc, known);
  }
  return known;
}

function findSectionReferences(doc: InfDocument): SectionReference[] {
  const out: SectionReference[] = [];
  // A node's references are kept with it (keptOnNode), and with the [Strings*] nodes when its names use %strkey%
  // (expansionDeps), so a keystroke walks only the edited node's directives again. The order is the merged sections'
  // (first occurrence), each with its nodes in file order, as the analysis's first-role-wins rule expects.
  for (const from of doc.sections.values()) {
    if (from.key === 'strings' || from.key.startsWith('strings.')) continue;
    for (const node of from.nodes) {
      for (const r of nodeReferences(doc, node)) out.push({ entry: r.entry, field: r.field, name: r.name, key: r.key, directive: r.directive, from });
    }
  }
  return out;
}

/** The sections the directives of one node name (without `from`), kept with the node. */
export function nodeReferences(doc: InfDocument, node: SectionNode): readonly Omit<SectionReference, 'from'>[] {
  const deps = doc.expansionDeps(node);
  return keptOnNode<Omit<SectionReference, 'from'>[]>(node, 'sectionReferences', deps) ?? keepOnNode(node, 'sectionReferences', deps, nodeSectionReferences(doc, node));
}

function nodeSectionReferences(doc: InfDocument, node: SectionNode): Omit<SectionReference, 'from'>[] {
  const out: Omit<SectionReference, 'from'>[] = [];
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!entry.key) continue;
    const directive = directiveInfo(entry.key.text);
    if (!directive) continue;
    const values = entry.values;
    // Only a condition line's shape depends on its first value (expanded); the others go by position alone.
    const texts = directive.fields === 'op-section' ? values.map((v) => doc.expand(v.text).value) : undefined;
    for (let k = 0; k < values.length; k++) {
      const field = values[k];
      if (!(texts ? namesSectionAt(directive, k, texts) : namesSectionAtIndex(directive, k, values.length))) continue;
      // Without %strkey% and without a %% escape (which expands to %), a field stands for its own text.
      const name = field.refs.length === 0 && field.text.indexOf('%') < 0 ? field.text.trim() : doc.expand(field.text).value.trim();
      if (name === '' || (directive.allowsAtFile && name.startsWith('@'))) continue;
      out.push({ entry, field, name, key: name.toLowerCase(), directive });
    }
  }
  return out;
}

/** Lower-cased names that exist in the Spuninst.inf namespace (first names of [UninstallSections] pairs), and
 * the lower-cased names of the sections copied there (second names). */
export function uninstallNamespace(doc: InfDocument): { firstNames: Set<string>; copied: Set<string> } {
  const firstNames = new Set<string>();
  const copied = new Set<string>();
  const sec = doc.section('UninstallSections');
  if (sec) {
    for (const e of sec.entries) {
      const vals = entryFields(e);
      if (vals.length >= 2) {
        firstNames.add(doc.expand(vals[0].text).value.trim().toLowerCase());
        copied.add(doc.expand(vals[1].text).value.trim().toLowerCase());
      }
    }
  }
  return { firstNames, copied };
}

export const referenceRules: Rule[] = [
  {
    code: 'missing-section',
    title: 'Directive names a section that does not exist',
    description: 'A directive such as CopyFiles=, AddReg= or DelReg= names a section that is not in the file. The package installer skips the missing list (published packages that do this install), so the files or registry values the author meant are silently left out.',
    defaultSeverity: 'warning',
    kinds: 'all',
    run(ctx) {
      const doc = ctx.doc;
      const ns = uninstallNamespace(doc);
      const sections = doc.sections;
      for (const ref of sectionReferences(doc)) {
        const key = ref.key;
        if (sections.has(key)) continue;
        if (ns.copied.has(ref.from.key) && ns.firstNames.has(key)) continue;
        // Directives known only from genuine packages (no document says what the installer does with a missing
        // target): information. The documented ones (CopyFiles=, AddReg= ...) stay at the rule's level.
        const genuineOnly = ref.directive.source !== undefined && ref.directive.source.startsWith('genuine package');
        // A list of files or registry entries to delete that does not exist deletes nothing: the installation and the
        // removal complete (genuine Server 2003 SP2: [RestoreFiles.Uninstall] DelFiles= names three lists that exist
        // nowhere): information. A missing list to copy or write leaves out what the author listed: the rule's level.
        const deletes = ref.directive.deletes === true;
        ctx.report(ref.field.span, `[${ref.from.name}] ${ref.entry.key!.text}= names the section [${ref.name}], which does not exist, so the installer skips it${deletes ? ' and deletes nothing' : ''}. Create [${ref.name}] or correct the name.`, {
          fixes: [createSectionFix(doc, ref.name)],
          severity: genuineOnly || deletes ? 'information' : undefined,
        });
      }
    },
  },
];

export function createSectionFix(doc: InfDocument, name: string) {
  const end = doc.text.length;
  const eol = /\r\n/.test(doc.text) ? '\r\n' : '\n';
  const sep = end === 0 || /[\r\n]$/.test(doc.text) ? '' : eol;
  return { title: `Create section [${name}]`, edits: [{ span: { start: end, end }, newText: `${sep}${eol}[${name}]${eol}` }] };
}
