// %strkey% rules: references to undefined strings, and chains of strings that refer back to themselves.

import { InfDocument, keepOnNode, keptOnNode, StringRefUse } from '../core/model';
import { SectionNode, StringRef } from '../core/parser';
import { Fix } from '../core/diagnostics';
import { Rule } from './rules';
import { addLineFix, didYouMeanStringFix, eolOf, stringKeySuggestions } from './fixes';
import { runtimeName } from '../knowledge/environment';
import { registryKindOf } from './registry';

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

/**
 * Whether a section's %strkey% tokens end up only as text: registry lines of an update INF or Spuninst.inf (key paths,
 * value names, data) and the display names of Branches.inf's [FileBranchInfo] (the installer compares branches by
 * their ids). The genuine Server 2003 SP2 has `Installed Components\%GUID%` in DelReg and Save.Reg lines and an
 * undefined `%SP2RTM_NAME%` display name; Microsoft's Windows Media hotfixes write `%KB_Release_Type%` as a value.
 */
function onlyWritesText(doc: InfDocument, node: SectionNode): boolean {
  if (doc.kind === 'branches-inf') return /^filebranchinfo$/i.test(node.name.trim());
  if (doc.kind !== 'update-inf' && doc.kind !== 'spuninst-inf') return false;
  const sec = doc.section(node.name);
  return sec !== undefined && registryKindOf(doc, sec.key) !== undefined;
}

/** The references among `refs` that no [Strings*] section defines (numeric ones are DIRIDs). */
function undefinedRefs(doc: InfDocument, refs: readonly StringRefUse[]): StringRef[] {
  const out: StringRef[] = [];
  for (const u of refs) if (!u.ref.numeric && !doc.isStringDefinedAnywhere(u.ref.name)) out.push(u.ref);
  return out;
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
      // The references no [Strings*] section defines, per section node: kept with the node while the [Strings*]
      // nodes are the same (a keystroke elsewhere looks at its own node's references only).
      const strings = doc.stringsDeps();
      const candidates: { ref: StringRef; textOnly: boolean }[] = [];
      for (const node of doc.parse.sections) {
        const refs = doc.stringRefsOf(node);
        if (refs.length === 0) continue;
        const left = keptOnNode<StringRef[]>(node, 'undefined-string', strings) ?? keepOnNode(node, 'undefined-string', strings, undefinedRefs(doc, refs));
        if (left.length === 0) continue;
        const textOnly = onlyWritesText(doc, node);
        for (const ref of left) candidates.push({ ref, textOnly });
      }
      for (const { ref, textOnly } of candidates) {
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
          // Written as text into a registry line or a branch's display name, a token no key resembles may be a
          // placeholder meant for another program, and nothing the installer decides depends on it: information.
          severity: textOnly && !rt && near.length === 0 ? 'information' : undefined,
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
