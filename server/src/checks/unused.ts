// Hints for dead text: sections nothing refers to and the installer does not read by name, and [Strings] keys
// no %strkey% uses and the installer does not read itself. Shown faded (tag 'unnecessary').

import { FileKind, keepOnNode, keptOnNode, NO_DEPS, StringRefUse } from '../core/model';
import { INSTALLER_STRINGS } from '../knowledge/keys';
import { sectionInfo } from '../knowledge/sections';
import { analyzeUpdateInf, sectionSuggestion } from './packageInf';
import { Rule } from './rules';

const UPDATE: readonly FileKind[] = ['update-inf'];

/** The lower-cased names a node's references use, each once (`%%` inside a name read as one `%`). */
function usedNames(refs: readonly StringRefUse[]): string[] {
  const names = new Set<string>();
  for (const u of refs) names.add((u.ref.name.indexOf('%') >= 0 ? u.ref.name.replace(/%%/g, '%') : u.ref.name).toLowerCase());
  return [...names];
}

export const unusedRules: Rule[] = [
  {
    code: 'unused-section',
    title: 'Section nothing uses',
    description: 'A section that the package installer does not read by name and that no directive, condition, [UninstallSections] pair or [DestinationDirs]-using list refers to. It has no effect; remove it or refer to it. (Misspelt known names are reported as unknown-section instead.)',
    defaultSeverity: 'hint',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      for (const sec of doc.sections.values()) {
        const k = sec.key;
        if (sectionInfo(k) || a.referenced.has(k) || a.uninstallMap.has(k)) continue;
        if (k.endsWith('.security') && a.referenced.has(k.slice(0, -'.security'.length))) continue;
        if (k.startsWith('productinstall.') || sectionSuggestion(a, sec)) continue; // unknown-section
        ctx.report(sec.nodes[0].nameSpan, `Nothing refers to [${sec.name}] and the installer does not read it by name, so it has no effect. Refer to it from a directive (CopyFiles=, AddReg= ...) or remove it.`, {
          tags: ['unnecessary'],
        });
      }
    },
  },
  {
    code: 'unused-string',
    title: 'String nothing uses',
    description: 'A [Strings] key that no %strkey% token refers to and that the installer does not read itself (SP_SHORT_TITLE, SP_TITLE, SERVICE_PACK_NUMBER, BUILDTIMESTAMP ... are read directly and never reported).',
    defaultSeverity: 'hint',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const used = new Set<string>();
      // The names each node refers to, kept with the node (keptOnNode): a keystroke reads its own node's again only.
      for (const node of doc.parse.sections) {
        const refs = doc.stringRefsOf(node);
        if (refs.length === 0) continue;
        const names = keptOnNode<string[]>(node, 'used-string-names', NO_DEPS) ?? keepOnNode(node, 'used-string-names', NO_DEPS, usedNames(refs));
        for (const n of names) used.add(n);
      }
      for (const sec of doc.stringsSections()) {
        for (const e of sec.entries) {
          if (!e.key) continue;
          const name = e.key.text.replace(/%%/g, '%');
          const k = name.toLowerCase();
          if (used.has(k) || INSTALLER_STRINGS.has(k)) continue;
          ctx.report(e.key.span, `The string ${name} is not used: no %${name}% refers to it and the installer does not read it. Remove it or use it.`, { tags: ['unnecessary'] });
        }
      }
    },
  },
];
