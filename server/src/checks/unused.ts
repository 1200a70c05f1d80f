// Hints for dead text: sections nothing refers to and the installer does not read by name, and [Strings] keys
// no %strkey% uses and the installer does not read itself. Shown faded (tag 'unnecessary').

import { FileKind, memoOnNode, NO_DEPS } from '../core/model';
import { INSTALLER_STRINGS } from '../knowledge/keys';
import { sectionInfo } from '../knowledge/sections';
import { analyzeUpdateInf, sectionSuggestion } from './packageInf';
import { Rule } from './rules';

const UPDATE: readonly FileKind[] = ['update-inf'];

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
      // The names each node refers to, kept with the node (memoOnNode): a keystroke reads its own node's again only.
      for (const node of doc.parse.sections) {
        const refs = doc.stringRefsOf(node);
        if (refs.length === 0) continue;
        const names = memoOnNode(node, 'used-string-names', NO_DEPS, () => [...new Set(refs.map((u) => (u.ref.name.indexOf('%') >= 0 ? u.ref.name.replace(/%%/g, '%') : u.ref.name).toLowerCase()))]);
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
