// Hover: documentation for the token under the cursor. Sections (what the installer does with them, who names
// them, where a file list's files go), keys and directives, DIRIDs, registry roots and flags, copy flags,
// encoded numbers (builds, service-pack levels, language ids, flag words), %strkey% (resolved value and where it
// is defined) and KB numbers. Pure.

import { Field } from '../core/parser';
import { branchNameAt, copiedFileAt, readUpdateVerLine } from '../package/model';
import { describeBranchPlace, describeCopiedFile } from '../package/describe';
import { InfDocument } from '../core/model';
import { Span } from '../core/text';
import { parseInfNumber } from '../knowledge/common';
import { directiveInfo } from '../knowledge/directives';
import { INSTALLER_STRINGS, KeyInfo } from '../knowledge/keys';
import { diridInfo, classifyDirid, SHELL_DIRID_BASE } from '../knowledge/dirids';
import { linkItemField } from '../knowledge/installer';
import { runtimeName } from '../knowledge/environment';
import { DELREG_FLAGS, explainAddRegFlags, hex8, registryRoot } from '../knowledge/registry';
import { explainCopyFlg, spCopyFlag } from '../knowledge/copyflags';
import { decodeServicePack, osBuildInfo, osVersionInfo, primaryLanguageName, osVersionOfWinNt } from '../knowledge/os';
import { checkArgs, comparator, conditionCheck, conditionVerb, isCompositeOp, opTypeInfo } from '../knowledge/conditions';
import { branchInfo, BRANCH_KIND_DOCS } from '../knowledge/branches';
import { clip, hitAt, isStringsSection, keyInfoIn, knownSection, lineOf, refAt, refsTo, sectionContent, sectionRoles, stringDecls, stringUses, uninstallSource, Hit, featureContext, FeatureContext } from './shared';
import { ownSectionInfoForRole } from '../knowledge/sections';

export interface HoverResult {
  markdown: string;
  span: Span;
}

function src(source: string): string {
  return `\n\n*Source: ${source}.*`;
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/**
 * Hover at an offset. With a package context (shared.ts FeatureContext) it adds what the package knows: the
 * payload file of a copy-list line (where it goes, its version resource) and a branch's place in the
 * Branches.inf precedence order. Never throws.
 */
export function hover(doc: InfDocument, offset: number, ctx?: unknown): HoverResult | undefined {
  try {
    const hit = hitAt(doc, offset);
    if (hit.inComment || !hit.node) return undefined;
    const base = documentHover(doc, hit, offset);
    const fc = featureContext(ctx);
    const extra = fc ? packageHover(doc, hit, offset, fc) : undefined;
    if (!extra) return base;
    if (!base) return extra;
    return { markdown: `${base.markdown}\n\n---\n\n${extra.markdown}`, span: base.span };
  } catch {
    return undefined;
  }
}

function documentHover(doc: InfDocument, hit: Hit, offset: number): HoverResult | undefined {
  if (hit.inHeaderName) return { markdown: sectionMarkdown(doc, hit.node!.name), span: hit.node!.nameSpan };
  if (!hit.entry || !hit.field) return undefined;
  if (doc.kind === 'update-ver' && hit.node!.name.trim().toLowerCase() === 'sourcefileinfo') return updateVerHover(hit);
  if (hit.ref) return stringRefHover(doc, hit);
  if (hit.fieldIndex === -1) return keyHover(doc, hit);
  return valueHover(doc, hit, offset);
}

function packageHover(doc: InfDocument, hit: Hit, offset: number, fc: FeatureContext): HoverResult | undefined {
  const parts: string[] = [];
  let span: Span | undefined = hit.field?.span ?? (hit.inHeaderName ? hit.node?.nameSpan : undefined);
  if (doc.kind === 'update-inf' && hit.entry && !hit.ref) {
    const c = copiedFileAt(fc.pkg, fc.path, offset);
    if (c) parts.push('**In the package**\n\n' + describeCopiedFile(fc.pkg, c).map((l) => `- ${l.replace(/[\\`*_[\]]/g, (m) => `\\${m}`)}`).join('\n'));
  }
  const branch = branchNameAt(fc.pkg, fc.path, offset);
  if (branch && fc.pkg.branches) {
    const place = describeBranchPlace(fc.pkg.branches, branch);
    if (place) parts.push(place);
  }
  if (parts.length === 0 || !span) return undefined;
  return { markdown: parts.join('\n\n'), span };
}

// --- sections ------------------------------------------------------------------------------------------------------

function destinationOf(doc: InfDocument, name: string): string | undefined {
  const dd = doc.section('DestinationDirs');
  if (!dd) return undefined;
  const lname = name.toLowerCase();
  let entry = dd.entries.find((e) => e.key && e.key.text.trim().toLowerCase() === lname);
  let how = 'its [DestinationDirs] entry';
  if (!entry) {
    entry = dd.entries.find((e) => e.key && e.key.text.trim().toLowerCase() === 'defaultdestdir');
    how = 'DefaultDestDir';
  }
  if (!entry || entry.values.length === 0) return undefined;
  const id = parseInfNumber(doc.expand(entry.values[0].text).value);
  const sub = entry.values[1] ? doc.expand(entry.values[1].text).value : '';
  const info = id !== undefined ? diridInfo(id) : undefined;
  const path = info ? info.path : `DIRID ${entry.values[0].text}`;
  return `Files go to ${code(path + (sub ? `\\${sub}` : ''))} (DIRID ${entry.values[0].text}${sub ? `, ${sub}` : ''}, from ${how}).`;
}

function sectionMarkdown(doc: InfDocument, name: string): string {
  const parts: string[] = [];
  const sec = doc.section(name);
  // In a generic INF only the Setup API's own sections keep their meaning; the installer's do not apply.
  const found = knownSection(name);
  const info = found && (found.kinds.includes(doc.kind) || (doc.kind === 'inf' && /^(version|strings(\..*)?|destinationdirs|sourcedisks(names|files)(\..*)?)$/i.test(name.trim()))) ? found : undefined;
  const content = sectionContent(doc, name);
  parts.push(`**[${name}]**${info?.fixed && doc.kind !== 'inf' ? ' — read by the installer' : ''}`);
  // A section whose kind the line naming it gives (a DirId section, an extended conditional install ...): that kind's doc.
  const byRole = info ? undefined : [...sectionRoles(doc, name)].map(ownSectionInfoForRole).find((x) => x !== undefined);
  if (info) parts.push(info.doc + (info.example ? `\n\nExample: ${code(info.example)}` : '') + src(info.source));
  else if (byRole) parts.push(byRole.doc + src(byRole.source));
  else if (content === 'file-list') parts.push('A file list: `target-name[,branch\\source-name[,,flags]]` lines.');
  else if (content === 'addreg') parts.push('A registry list: `root,subkey,value name,flags,data` lines, written on install.');
  else if (content === 'delreg') parts.push('A registry delete list: `root,subkey[,value name[,flags]]` lines.');
  else if (content === 'directives') parts.push('An install section: CopyFiles=, AddReg=, DelReg= ... directives run together.');
  else if (content === 'condition-ops') parts.push('The tests of a condition: `<Verb>Op=<Check>,...` lines, and Display_String for the message shown when it fails.');
  const refs = refsTo(doc, name);
  if (refs.length > 0) {
    // Directives that name the section, then the sections that list it ([DestinationDirs] ...), five at most in all.
    const shown = refs.slice(0, 5);
    const at = (r: (typeof refs)[number]) => ` (line ${lineOf(doc, r.field.span.start)})`;
    const named = shown.filter((r) => !r.via.startsWith('[')).map((r) => `${code(r.via)} in [${r.from.name}]${at(r)}`);
    const listed = shown.filter((r) => r.via.startsWith('[')).map((r) => `${r.via}${at(r)}`);
    const more = refs.length > 5 ? ` and ${refs.length - 5} more` : '';
    if (named.length > 0) parts.push(`Named by ${named.join(', ')}${listed.length === 0 ? more : ''}.`);
    if (listed.length > 0) parts.push(`Listed in ${listed.join(', ')}${more}.`);
  }
  if (content === 'file-list' || refs.some((r) => r.role === 'file-list')) {
    const dest = destinationOf(doc, name);
    if (dest) parts.push(dest);
  }
  if (!sec) {
    const source = uninstallSource(doc, name);
    parts.push(source ? `A section of the Spuninst.inf the installer writes: [UninstallSections] copies [${source}] of this file there under this name.` : 'Not defined in this file.');
  } else {
    if (sec.nodes.length > 1) parts.push(`Written ${sec.nodes.length} times (lines ${sec.nodes.map((n) => lineOf(doc, n.headerSpan.start)).join(', ')}); the installer reads them as one section.`);
    parts.push(`${sec.entries.length} ${sec.entries.length === 1 ? 'line' : 'lines'}.`);
  }
  return parts.join('\n\n');
}

// --- strings -------------------------------------------------------------------------------------------------------

function stringMarkdown(doc: InfDocument, name: string): string | undefined {
  const decls = stringDecls(doc, name);
  const installer = INSTALLER_STRINGS.get(name.toLowerCase());
  if (decls.length === 0 && !installer) return undefined;
  const parts: string[] = [];
  const def = doc.lookupString(name);
  if (def) {
    const exp = doc.expand(`%${def.name}%`);
    parts.push(`**%${def.name}%** = ${code(clip(exp.value, 200))}`);
    if (exp.value !== def.value) parts.push(`Written as ${code(clip(def.value, 200))}.`);
    parts.push(`Defined in [${def.section.name}], line ${lineOf(doc, def.entry.span.start)}.`);
  } else if (decls.length > 0) {
    parts.push(`**%${name}%** has no [Strings] definition; only localised sections define it.`);
  } else {
    parts.push(`**%${name}%** is not defined in this file.`);
  }
  const others = decls.filter((d) => d.section.key !== 'strings');
  if (others.length > 0) {
    parts.push('Other languages:\n' + others.slice(0, 8).map((d) => `- [${d.section.name}] line ${lineOf(doc, d.span.start)}: ${code(clip(d.value, 80))}`).join('\n'));
  }
  if (installer) parts.push(`Read by the installer: ${installer.doc}` + src(installer.source));
  const uses = stringUses(doc, name).length;
  parts.push(uses === 0 ? 'Not used in this file.' : `Used ${uses} ${uses === 1 ? 'time' : 'times'} in this file.`);
  const kb = def ? kbInText(doc.expand(def.value).value) : undefined;
  if (kb) parts.push(kbMarkdown(kb.prefix, kb.number));
  return parts.join('\n\n');
}

function stringRefHover(doc: InfDocument, hit: Hit): HoverResult | undefined {
  const ref = hit.ref!;
  const md = stringMarkdown(doc, ref.name);
  if (md) return { markdown: md, span: ref.span };
  if (ref.numeric) {
    const id = Number(ref.name);
    return { markdown: diridMarkdown(id, `%${ref.name}%`), span: ref.span };
  }
  const rt = runtimeName(ref.name);
  if (rt) {
    return {
      markdown: `**%${ref.name}%** — ${rt.expandedBy === 'windows' ? 'environment variable' : 'filled in by the package installer'}\n\n${rt.doc}\n\nNo [Strings] section defines it, so the Setup API leaves it as written.${src(rt.source)}`,
      span: ref.span,
    };
  }
  return {
    markdown: `**%${ref.name}%** is not defined in any [Strings] section, so the installer writes it as literal text. Define it in [Strings], or write ${code(`%%${ref.name}%%`)} for literal percent signs.`,
    span: ref.span,
  };
}

// --- keys ----------------------------------------------------------------------------------------------------------

function keyMarkdown(k: KeyInfo): string {
  const facts: string[] = [`type: ${k.type}`];
  if (k.min !== undefined || k.max !== undefined) facts.push(`range ${k.min ?? '…'}–${k.max ?? '…'}`);
  if (k.required) facts.push('required');
  if (k.single) facts.push('read once (first line wins)');
  const vals = k.values?.length ? '\n\n' + k.values.map((v) => `- ${code(v.value)}: ${v.doc}`).join('\n') : '';
  return `**${k.name}** (${facts.join(', ')})\n\n${k.doc}${vals}${k.example ? `\n\nExample: ${code(`${k.name} = ${k.example}`)}` : ''}${src(k.source)}`;
}

function keyHover(doc: InfDocument, hit: Hit): HoverResult | undefined {
  const field = hit.field!;
  const span = field.span;
  const key = field.text.trim();
  const sec = hit.node!.name;
  if (isStringsSection(sec)) {
    const md = stringMarkdown(doc, key.replace(/%%/g, '%'));
    return md ? { markdown: md, span } : undefined;
  }
  const lsec = sec.toLowerCase();
  if (lsec === 'destinationdirs' || lsec === 'destinationdirs.uninstall') {
    if (key.toLowerCase() !== 'defaultdestdir') return { markdown: sectionMarkdown(doc, doc.expand(key).value), span };
  }
  if (/^sourcedisksfiles(\.\w+)?$/.test(lsec)) {
    // `branch\file = diskid`: the branch folder the file is taken from.
    const slash = key.indexOf('\\');
    const disk = entry0Value(hit);
    const where = disk ? ` It is on source disk ${disk}${diskName(doc, disk)}.` : '';
    if (slash > 0) {
      const branch = key.slice(0, slash);
      const bh = branchHover(branch, span);
      return { markdown: `**${key}**: the package file ${code(key)}, taken from the ${code(branch)} folder of the package.${where}${bh ? `\n\n${bh.markdown}` : ''}`, span };
    }
    return { markdown: `**${key}**: a file at the top of the package's source folder.${where}`, span };
  }
  if (doc.kind === 'updatebr-inf' || doc.kind === 'branches-inf') {
    if (lsec === 'sourceinfsbranches' || lsec === 'filebranchinfo') return branchHover(key, span) ?? { markdown: `**${key}** — a branch label of this package (free-form).`, span };
    if (lsec.startsWith('defaultbranchesservicepacks')) {
      const n = parseInfNumber(key);
      if (n !== undefined) return { markdown: `**${key}**: installed service-pack level ${n === 0 ? '0 (no service pack, RTM)' : n}. The value is the branch the package uses on such a system.`, span };
    }
  }
  const k = keyInfoIn(doc, sec, key);
  if (k) return { markdown: keyMarkdown(k), span };
  const d = directiveInfo(key);
  if (d) return { markdown: `**${d.name}=** — directive\n\n${d.doc}${d.source ? src(d.source) : ''}`, span };
  const v = conditionVerb(key);
  if (v) return { markdown: `**${v.name}** — test\n\n${v.doc}${src(v.source)}`, span };
  return undefined;
}

function entry0Value(hit: Hit): string | undefined {
  const v = hit.entry?.values[0]?.text.trim();
  return v ? v : undefined;
}

function diskName(doc: InfDocument, id: string): string {
  for (const s of doc.sections.values()) {
    if (!/^sourcedisksnames(\.\w+)?$/.test(s.key)) continue;
    const e = s.entries.find((x) => x.key && x.key.text.trim() === id);
    if (e && e.values[0]) return ` (${code(clip(doc.expand(e.values[0].text).value, 80))})`;
  }
  return ' (not in [SourceDisksNames])';
}

// --- values --------------------------------------------------------------------------------------------------------

function diridMarkdown(id: number, shown: string): string {
  const info = diridInfo(id);
  if (info) return `**${shown}** — DIRID${info.symbol ? ` ${code(info.symbol)}` : ''}\n\n${code(info.path)}\n\n${info.doc}${src(info.source)}`;
  switch (classifyDirid(id)) {
    case 'shell':
      return `**${shown}** — shell-folder DIRID (16384 + CSIDL 0x${(id - 16384).toString(16)}).`;
    case 'user':
      return `**${shown}** — a directory id defined at run time (32768 and above): by a DirId section of this package or by the installer.`;
    default:
      return `**${shown}** — not a known DIRID.`;
  }
}

function branchHover(name: string, span: Span): HoverResult | undefined {
  const b = branchInfo(name);
  if (b) return { markdown: `**${b.name}** — branch (${b.kind})\n\n${b.doc}${b.kind === 'GDR' || b.kind === 'QFE' ? `\n\n${BRANCH_KIND_DOCS[b.kind]}` : ''}${src(b.source)}`, span };
  const m = /(GDR|QFE|LDR)$/i.exec(name);
  if (m) return { markdown: `**${name}** — branch\n\n${BRANCH_KIND_DOCS[m[1].toUpperCase() as 'GDR' | 'QFE' | 'LDR']}`, span };
  return undefined;
}

/**
 * An Update.ver line: what each of its fields says (Microsoft's layout: name = MD5, version, size, branch, checksum;
 * read by readUpdateVerLine), on whichever field the pointer is.
 */
function updateVerHover(hit: Hit): HoverResult | undefined {
  const e = hit.entry!;
  const name = (e.key ?? e.values[0])?.text.trim();
  if (!name) return undefined;
  const v = readUpdateVerLine(e, name);
  const lines: string[] = [];
  if (v.version) lines.push(`- version **${v.version}**${v.versionText && v.versionText !== v.version ? ` (written ${code(v.versionText)}: four 16-bit words in hex, major first)` : ''}`);
  if (v.size !== undefined) lines.push(`- size ${v.size.toLocaleString('en-US')} bytes`);
  if (v.branch) {
    const b = branchInfo(v.branch);
    lines.push(`- branch **${v.branch}**${b ? ` (${b.kind}, ${b.servicePack === 0 ? 'RTM' : `Service Pack ${b.servicePack}`})` : ''}`);
  }
  if (v.hash) lines.push(`- digest ${code(v.hash)}${v.hash.length === 32 ? ' (32 hex digits: an MD5 by its length, inferred)' : ''}`);
  if (v.checksum) lines.push(`- checksum ${code(v.checksum)} (8 hex digits: a CRC32 by its length, inferred)`);
  const head = `**${name}** — Update.ver entry: the version, size and digest of the newer file this package brings.`;
  return { markdown: lines.length ? `${head}\n\n${lines.join('\n')}` : `${head}\n\nThis line gives no version, size or digest the hover can read.`, span: hit.field!.span };
}

const KB_RE = /\b(KB|Q)(\d{5,7})(?:-v\d+)?\b/gi;

function kbInText(text: string): { prefix: string; number: string } | undefined {
  KB_RE.lastIndex = 0;
  const m = KB_RE.exec(text);
  return m ? { prefix: m[1].toUpperCase(), number: m[2] } : undefined;
}

function kbMarkdown(prefix: string, number: string): string {
  return `**${prefix}${number}** — Microsoft Knowledge Base article ${number}${prefix === 'Q' ? ' (the older Q numbering)' : ''}: the number an update is known by; it names the update's log, backup folder and Hotfix registry key. Article: https://support.microsoft.com/kb/${number}`;
}

/** A KB or Q number in a field under the offset. */
function kbHover(doc: InfDocument, field: Field, offset: number): HoverResult | undefined {
  const text = doc.text.slice(field.span.start, field.span.end);
  KB_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KB_RE.exec(text))) {
    const s = field.span.start + m.index;
    const e = s + m[0].length;
    if (offset >= s && offset <= e) return { markdown: kbMarkdown(m[1].toUpperCase(), m[2]), span: { start: s, end: e } };
  }
  return undefined;
}

/** The `|`-separated word of a field under the offset. */
function wordAt(doc: InfDocument, field: Field, offset: number, sep: RegExp): { text: string; span: Span } | undefined {
  const text = doc.text;
  let s = offset;
  let e = offset;
  while (s > field.span.start && !sep.test(text[s - 1])) s--;
  while (e < field.span.end && !sep.test(text[e])) e++;
  while (s < e && /[\s"]/.test(text[s])) s++;
  while (e > s && /[\s"]/.test(text[e - 1])) e--;
  return e > s ? { text: text.slice(s, e), span: { start: s, end: e } } : undefined;
}

function numberMarkdown(doc: InfDocument, k: KeyInfo, raw: string): string | undefined {
  const value = doc.expand(raw).value.trim();
  const n = parseInfNumber(value);
  switch (k.type) {
    case 'build': {
      if (n === undefined) return undefined;
      const b = osBuildInfo(n);
      return b ? `**${n}** = ${b.name} (build ${b.build}, NT ${b.major}.${b.minor})\n\n${b.doc}${src(b.source)}` : `**${n}**: not the build number of a Windows release (2195 = Windows 2000, 2600 = XP, 3790 = Server 2003).`;
    }
    case 'service-pack': {
      if (n === undefined) return undefined;
      const sp = decodeServicePack(n);
      return `**${n}** = ${sp.label}${sp.exact ? '' : ` — not a multiple of 256; Service Pack ${sp.major} is ${sp.major * 256}`}\n\nService-pack values are the level times 256.`;
    }
    case 'langtype': {
      if (n === undefined) return undefined;
      const name = primaryLanguageName(n & 0x3ff);
      return `**${value}** = ${name ?? `primary language 0x${n.toString(16)}`}${n === 0 ? '' : '\n\nThe package installs only where the system language matches.'}`;
    }
    case 'int': {
      if (n === undefined) return undefined;
      const lk = k.name.toLowerCase();
      if (lk.includes('majorversion') || lk.includes('minorversion')) {
        const major = lk.includes('major') ? n : parseInfNumber(doc.value('Version', lk.startsWith('max') ? 'MaxNtMajorVersionToUpdate' : 'NtMajorVersionToUpdate') ?? '') ?? 5;
        const minor = lk.includes('minor') ? n : undefined;
        const v = minor !== undefined ? osVersionInfo(major, minor) : undefined;
        return v ? `**${n}**: with major version ${major}, NT ${major}.${minor} = ${v.name}.` : `**${n}**: ${lk.includes('major') ? `NT major version ${n}` : `NT minor version ${n}`}.`;
      }
      return undefined;
    }
    case 'dirid':
      return n === undefined ? undefined : diridMarkdown(n, value);
    case 'timestamp': {
      const m = /^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})$/.exec(value);
      return m ? `**${value}** = ${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : `**${value}**: expected yyyymmdd.hhmmss.`;
    }
    case 'enum': {
      const v = k.values?.find((x) => x.value.toLowerCase() === value.toLowerCase());
      return v ? `**${v.value}**: ${v.doc}` : undefined;
    }
    case 'signature':
      return value.toLowerCase() === '$windows nt$'
        ? '**$Windows NT$**: the signature of an NT INF, the one every update package uses.'
        : `**${value}**: update packages use "$Windows NT$"; the installer targets NT-based Windows only.`;
    case 'bool':
      return n === 1 ? `**1**: on.` : n === 0 ? `**0**: off.` : undefined;
    default:
      return undefined;
  }
}

function addRegFlagsMarkdown(n: number, raw: string): string {
  const ex = explainAddRegFlags(n);
  const lines = [`**${raw}** = ${ex.type.name}${ex.bits.length ? ' + ' + ex.bits.map((b) => b.name).join(' + ') : ''}`, ex.type.doc];
  for (const b of ex.bits) lines.push(`- ${code(b.name)} (${hex8(b.value)}): ${b.doc}`);
  if (ex.unknownBits) lines.push(`Bits ${hex8(ex.unknownBits)} mean nothing to the Setup API.`);
  return lines.join('\n\n');
}

function delRegFlagsMarkdown(n: number, raw: string): string {
  const exact = DELREG_FLAGS.find((f) => f.value === n >>> 0);
  if (exact) return `**${raw}** = ${code(exact.name)}\n\n${exact.doc}`;
  const bits = DELREG_FLAGS.filter((f) => f.value !== 0 && (n & f.value) === f.value);
  return `**${raw}**${bits.length ? ' = ' + bits.map((b) => b.name).join(' + ') : ''}`;
}

function copyFlgMarkdown(n: number, raw: string): string {
  const ex = explainCopyFlg(n);
  const lines = [`**${raw}** = ${ex.flags.length ? ex.flags.map((f) => f.name).join(' + ') : 'no copy flags'}`];
  for (const f of ex.flags) lines.push(`- ${code(f.name)} (0x${f.value.toString(16)}): ${f.doc}`);
  if (ex.unknownBits) lines.push(`Bits 0x${ex.unknownBits.toString(16)} are not COPYFLG_* flags.`);
  return lines.join('\n\n');
}

/** A field of a shortcut line (`name = folder, subfolder, target, icon ...`): what that position means (LINK_ITEM_FIELDS). */
function shortcutFieldHover(doc: InfDocument, key: string, i: number, raw: string, span: Span): HoverResult | undefined {
  const f = linkItemField(i);
  if (!f) return undefined;
  const name = doc.expand(key).value.trim();
  let md = `Shortcut ${code(name)}: the **${f.name}**. ${f.doc}`;
  if (i === 0) {
    const csidl = parseInfNumber(doc.expand(raw).value);
    if (csidl !== undefined) {
      const id = SHELL_DIRID_BASE + csidl;
      const info = diridInfo(id);
      md += info ? `\n\nCSIDL 0x${csidl.toString(16)} = DIRID ${id} ${info.symbol ? code(info.symbol) : ''}: ${code(info.path)}` : `\n\nCSIDL 0x${csidl.toString(16)} (DIRID ${id}) is not a folder update-inf knows.`;
    }
  }
  return { markdown: md + `\n\n(Field meanings read from the genuine Server 2003 SP2 update.inf; no document describes them.)`, span };
}

function rootMarkdown(text: string): string | undefined {
  const r = registryRoot(text);
  return r ? `**${r.abbrev}** = ${code(r.key)}\n\n${r.doc}${src(r.source)}` : undefined;
}

function valueHover(doc: InfDocument, hit: Hit, offset: number): HoverResult | undefined {
  const entry = hit.entry!;
  const field = hit.field!;
  const span = field.span;
  const sec = hit.node!.name;
  const lsec = sec.toLowerCase();
  const i = hit.fieldIndex;
  const raw = field.text.trim();
  const kb = kbHover(doc, field, offset);
  if (kb) return kb;
  const sref = refAt(doc, offset);
  if (sref && sref.field === field) return { markdown: sectionMarkdown(doc, sref.name), span };
  const key = entry.key?.text.trim();
  if (key !== undefined) {
    if (isStringsSection(sec)) return undefined;
    if (doc.kind === 'updatebr-inf' && lsec.startsWith('defaultbranchesservicepacks')) {
      const m = /\.(WinNt\d\d)$/i.exec(sec);
      const os = m ? osVersionOfWinNt(m[1]) : undefined;
      const h = branchHover(raw, span) ?? { markdown: `**${raw}** — a branch label of this package (free-form).`, span };
      const n = parseInfNumber(key);
      if (n !== undefined) h.markdown += `\n\nChosen on ${os ? os.name : 'any Windows version'} with ${n === 0 ? 'no service pack' : `Service Pack ${n}`} installed.`;
      const src = doc.section('SourceInfsBranches')?.entries.find((e) => e.key && e.key.text.trim().toLowerCase() === raw.toLowerCase());
      h.markdown += src ? `\n\nIts update INF: ${code(src.values.map((v) => v.text).join(','))} ([SourceInfsBranches] line ${lineOf(doc, src.span.start)}).` : '\n\n[SourceInfsBranches] has no line for this branch.';
      return h;
    }
    if (lsec === 'destinationdirs' || lsec === 'destinationdirs.uninstall') {
      const n = parseInfNumber(doc.expand(raw).value);
      if (i === 0 && n !== undefined) return { markdown: diridMarkdown(n, raw), span };
      return undefined;
    }
    if (key.toLowerCase() === 'condition' && (i === 0 || (i === 1 && isCompositeOp(entry.values[0]?.text ?? '')))) {
      const o = opTypeInfo(raw);
      return o ? { markdown: `**${o.name}**\n\n${o.doc}${src(o.source)}`, span } : undefined;
    }
    if (conditionVerb(key) || key.toLowerCase() === 'operation') {
      const check = conditionCheck(entry.values[0]?.text ?? '');
      const form = key.toLowerCase() === 'operation' ? 'operation' : 'test';
      if (i === 0) return check ? { markdown: `**${check.name}** — ${code(form === 'operation' && check.operationSyntax ? check.operationSyntax : check.syntax)}\n\n${check.doc}\n\nExample: ${code(check.example)}${src(check.source)}`, span } : undefined;
      const arg = check ? checkArgs(check, form)[i - 1] : undefined;
      if (!arg) return undefined;
      if (arg.kind === 'root') {
        const md = rootMarkdown(raw);
        return md ? { markdown: md, span } : undefined;
      }
      if (arg.kind === 'reg-type') {
        const n = parseInfNumber(raw);
        return n !== undefined ? { markdown: addRegFlagsMarkdown(n, raw), span } : undefined;
      }
      if (arg.kind === 'comparator') {
        const cmp = comparator(raw);
        return cmp ? { markdown: `**${cmp.text}**: ${cmp.doc}`, span } : undefined;
      }
      return { markdown: `${check!.name} argument ${i}: **${arg.name}**${arg.optional ? ' (optional)' : ''}`, span };
    }
    if (sectionContent(doc, sec) === 'shortcuts') return shortcutFieldHover(doc, key, i, raw, span);
    const k = keyInfoIn(doc, sec, key);
    if (k?.type === 'copyflags') {
      const w = wordAt(doc, field, offset, /[|,]/);
      const f = w ? spCopyFlag(w.text) : undefined;
      return f && w ? { markdown: `**${f.name}** (0x${f.value.toString(16)})\n\n${f.doc}${src(f.source)}`, span: w.span } : undefined;
    }
    if (k && i === 0) {
      const md = numberMarkdown(doc, k, field.text);
      if (md) return { markdown: md, span };
    }
    return undefined;
  }
  switch (sectionContent(doc, sec)) {
    case 'addreg':
    case 'delreg':
    case 'save-reg': {
      if (i === 0) {
        const md = rootMarkdown(raw);
        return md ? { markdown: md, span } : undefined;
      }
      const n = parseInfNumber(raw);
      if (i === 3 && n !== undefined) {
        const isDel = sectionContent(doc, sec) === 'delreg';
        return { markdown: isDel ? delRegFlagsMarkdown(n, raw) : addRegFlagsMarkdown(n, raw), span };
      }
      return undefined;
    }
    case 'file-list': {
      if (i === 3) {
        const n = parseInfNumber(raw);
        return n !== undefined ? { markdown: copyFlgMarkdown(n, raw), span } : undefined;
      }
      if (i === 1 && raw.includes('\\')) {
        const branch = raw.slice(0, raw.indexOf('\\'));
        const s = field.span.start + doc.text.slice(field.span.start, field.span.end).indexOf(branch);
        if (offset <= s + branch.length) return branchHover(branch, { start: s, end: s + branch.length });
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

