// %strkey% rules: references to undefined strings, and chains of strings that refer back to themselves.

import { InfDocument } from '../core/model';
import { Fix } from '../core/diagnostics';
import { Rule } from './rules';
import { addLineFix, eolOf } from './fixes';

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
        const message = env
          ? `"%${ref.name}%" is not a defined string; the installer keeps it as literal text, which is what an environment-variable reference needs. Write "%%${ref.name}%%" to say so explicitly.`
          : `The string "%${ref.name}%" is not defined in any [Strings] section, so the installer writes it as literal text. Define ${ref.name} in [Strings], or write "%%" for a literal percent sign.`;
        ctx.report(ref.span, message, {
          fixes: [defineStringFix(doc, ref.name)],
        });
      }
    },
  },
  {
    code: 'string-in-string',
    title: 'A string value that uses another string',
    description:
      'A [Strings] value refers to another string with %name%. The Setup API substitutes one level only: the value is put in as written, so the reference stays literal text.',
    defaultSeverity: 'warning',
    kinds: 'all',
    run(ctx) {
      const doc = ctx.doc;
      for (const sec of doc.stringsSections()) {
        const lang = sec.key === 'strings' ? undefined : sec.key.slice('strings.'.length);
        for (const e of sec.entries) {
          for (const v of e.values) {
            for (const ref of v.refs) {
              const def = doc.lookupString(ref.name, lang);
              if (!def) continue; // undefined-string, or a DIRID
              ctx.report(
                ref.span,
                `The Setup API does not expand "%${ref.name}%" inside a [Strings] value (it substitutes one level only), so the text keeps "%${ref.name}%" literally. Write the text of ${def.name} here instead.`,
              );
            }
          }
        }
      }
    },
  },
];
