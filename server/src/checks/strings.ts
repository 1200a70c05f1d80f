// %strkey% rules: references to undefined strings, and chains of strings that refer back to themselves.

import { InfDocument } from '../core/model';
import { Fix } from '../core/diagnostics';
import { Rule } from './rules';
import { addLineFix, didYouMeanStringFix, eolOf, stringKeySuggestions } from './fixes';
import { runtimeName } from '../knowledge/environment';

/** A fix that appends `NAME = ""` to the [Strings] section, or creates the section at the end of the file. */
export function defineStringFix(doc: InfDocument, name: string): Fix {
  const strings = doc.section('Strings');
  if (strings) {
    return addLineFix(doc, strings, `${name} = ""`, `Define "${name}" in [${strings.name}]`, true);
  }
  const end = doc.text.length;
  const eol = eolOf(doc);
  const sep = end === 0 || /[\r\n]$/.test(doc.text) ? '' : eol;
  return { title: `Create [Strings] with "${name}"`, edits: [{ span: { start: end, end }, newText: `${sep}${eol}[Strings]${eol}${name} = ""${eol}` }], preferred: true };
}

export const stringRules: Rule[] = [
  {
    code: 'undefined-string',
    title: 'Reference to an undefined string',
    description: 'A %strkey% token names a key that no [Strings] section defines. The Setup API leaves such a token as literal text (it does not fail), so file names, registry values or titles come out with the raw token in them. Environment variables Windows defines (%SystemRoot%, %windir%, %ProgramFiles% ...) and the installer\'s %sourcepath% are meant to stay as written and are reported only when one letter away from a defined key.',
    defaultSeverity: 'warning',
    kinds: 'all',
    run(ctx) {
      const doc = ctx.doc;
      for (const { ref } of doc.stringRefs()) {
        if (ref.numeric) continue; // %<dirid>%
        if (doc.isStringDefinedAnywhere(ref.name)) continue;
        // %SystemRoot%, %windir%, %ProgramFiles% ... (and the installer's %sourcepath% in commands) are meant to
        // stay as written for Windows or the installer to expand later; report one only when it is one edit away
        // from a key this file defines, i.e. probably a typo of that key.
        const rt = runtimeName(ref.name);
        const near = stringKeySuggestions(doc, ref.name);
        if (rt && near.length === 0) continue;
        const message = rt
          ? `"%${ref.name}%" is not defined in [Strings]; it is left as written (${rt.expandedBy === 'windows' ? 'an environment variable for Windows to expand' : 'a name the package installer fills in'}), but it is one letter away from the defined string ${near.join(' or ')}. If ${near[0]} was meant, correct the spelling.`
          : `The string "%${ref.name}%" is not defined in any [Strings] section, so the installer writes it as literal text.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''} Define ${ref.name} in [Strings], or write "%%" for a literal percent sign.`;
        ctx.report(ref.span, message, {
          fixes: [...near.map((k) => didYouMeanStringFix(ref.span, k, near.length === 1)), near.length ? { ...defineStringFix(doc, ref.name), preferred: false } : defineStringFix(doc, ref.name)],
        });
      }
    },
  },
  {
    code: 'string-cycle',
    title: 'Strings that refer to each other in a cycle',
    description: 'A [Strings] value refers, directly or through other strings, back to itself, so it can never be fully expanded.',
    defaultSeverity: 'error',
    kinds: 'all',
    run(ctx) {
      const doc = ctx.doc;
      // Long cycles are shared by many strings: one Set and one clipped description per cycle keep this linear.
      const members = new Map<string[], { set: Set<string>; text: string }>();
      for (const sec of doc.stringsSections()) {
        for (const e of sec.entries) {
          if (!e.key || e.values.every((v) => v.refs.length === 0)) continue;
          const lang = sec.key === 'strings' ? undefined : sec.key.slice('strings.'.length);
          const r = doc.expand(`%${e.key.text}%`, lang);
          if (!r.cycle) continue;
          let m = members.get(r.cycle);
          if (!m) {
            const c = r.cycle;
            m = { set: new Set(c), text: c.length <= 12 ? c.join(' -> ') : `${c.slice(0, 10).join(' -> ')} -> ... (${c.length - 11} more) -> ${c[c.length - 1]}` };
            members.set(r.cycle, m);
          }
          if (m.set.has(e.key.text.replace(/%%/g, '%').toLowerCase())) {
            ctx.report(e.key.span, `The string "${e.key.text}" refers back to itself (${m.text}). Replace one of the references with the text itself.`);
          }
        }
      }
    },
  },
];
