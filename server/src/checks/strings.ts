// %strkey% rules: references to undefined strings, and chains of strings that refer back to themselves.

import { InfDocument } from '../core/model';
import { Fix } from '../core/diagnostics';
import { Rule } from './rules';
import { addLineFix, didYouMeanStringFix, eolOf, stringKeySuggestions } from './fixes';

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

/** Environment variables that REG_EXPAND_SZ data and command lines commonly mean literally. */
const ENVIRONMENT_VARIABLES = new Set(['systemroot', 'windir', 'systemdrive', 'programfiles', 'commonprogramfiles', 'userprofile', 'allusersprofile', 'temp', 'tmp', 'appdata', 'path', 'computername', 'username']);

export const stringRules: Rule[] = [
  {
    code: 'undefined-string',
    title: 'Reference to an undefined string',
    description: 'A %strkey% token names a key that no [Strings] section defines. The Setup API leaves such a token as literal text (it does not fail), so file names, registry values or titles come out with the raw token in them.',
    defaultSeverity: 'warning',
    kinds: 'all',
    run(ctx) {
      const doc = ctx.doc;
      for (const { ref } of doc.stringRefs()) {
        if (ref.numeric) continue; // %<dirid>%
        if (doc.isStringDefinedAnywhere(ref.name)) continue;
        const env = ENVIRONMENT_VARIABLES.has(ref.name.toLowerCase());
        const near = env ? [] : stringKeySuggestions(doc, ref.name);
        const message = env
          ? `"%${ref.name}%" is not a defined string; the installer keeps it as literal text, which is what an environment-variable reference needs. Write "%%${ref.name}%%" to say so explicitly.`
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
