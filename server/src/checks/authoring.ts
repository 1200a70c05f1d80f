// Mistakes authors make that the other rules only catch by their consequences (or not at all): a build number
// that belongs to another Windows version than the one [Version] names, file names Windows cannot create in a copy
// list, [ArchiveCatalogFilesOnly] naming a catalog the package does not have, and a [DestinationDirs] key that
// names no file list (a typo, found at the typo rather than at the list that then has no folder).
// Sources: whitepaper Appendix B; inf-facts 4.1; the build table in knowledge/os.ts; Win32 file-naming rules.

import { fieldAt, FileKind, InfDocument, keepOnNode, keptOnNode } from '../core/model';
import { Field, SectionNode } from '../core/parser';
import { editDistance } from '../knowledge/common';
import { osBuildInfo, osVersionInfo, OS_BUILDS } from '../knowledge/os';
import { analyzeUpdateInf, expandField } from './packageInf';
import { versionNumber } from '../package/versionRange';
import { CheckContext, Rule } from './rules';
import { replaceFix } from './fixes';

const UPDATE: readonly FileKind[] = ['update-inf'];
const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

/** Characters Win32 does not allow in a file name (besides the path separators where a path is allowed). */
const FORBIDDEN_NAME_CHARS = /[<>:"|?*\x00-\x1f]/;

function forbiddenChars(name: string): string[] {
  // One test of the whole name first: nearly every name is clean (12,797 names in the SP2 update.inf per check).
  if (!FORBIDDEN_NAME_CHARS.test(name)) return [];
  const out = new Set<string>();
  for (const ch of name) if (FORBIDDEN_NAME_CHARS.test(ch)) out.add(ch);
  return [...out];
}

/** The target and source names of a copy-list node that hold characters Windows forbids in file names. */
function badNames(doc: InfDocument, node: SectionNode): { f: Field; i: number; value: string; bad: string[] }[] {
  const out: { f: Field; i: number; value: string; bad: string[] }[] = [];
  const entries = node.entries;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    for (let i = 0; i < 2; i++) {
      const f = fieldAt(e, i);
      if (!f) break;
      // A name without %strkey% is its own text: most are clean, and one test of it settles that.
      if (f.refs.length === 0 && !FORBIDDEN_NAME_CHARS.test(f.text)) continue;
      const x = expandField(doc, f);
      if (!x.resolved || x.value === '') continue;
      // A quoted field may hold a doubled quote; the parser already made it one '"'.
      const bad = forbiddenChars(x.value);
      if (bad.length) out.push({ f, i, value: x.value, bad });
    }
  }
  return out;
}

function showChar(ch: string): string {
  const c = ch.charCodeAt(0);
  return c < 32 ? `control character 0x${c.toString(16).padStart(2, '0')}` : `"${ch}"`;
}

/** Base name of a catalog path, lower-cased, for comparing catalogs. */
function catalogKey(v: string): string {
  return v.trim().toLowerCase().replace(/^.*[\\/]/, '');
}

/**
 * Whether two names are one edit apart (insertion, deletion, substitution or a swap of neighbours), ignoring case;
 * names that differ only in a digit (Sp1.files, Sp2.files) are different lists, not a typo.
 */
export function oneEditApart(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x !== y && editDistance(x, y, 1) <= 1 && x.replace(/\d/g, '') !== y.replace(/\d/g, '');
}

/** NT versions as one comparable number: 5.2 -> 502. */
const ver = (major: number, minor: number) => major * 100 + minor;
/** The newest version whose release builds are all known and fixed (service packs keep the build number). */
const LAST_FIXED_VERSION = ver(5, 2);

function checkBuildRange(ctx: CheckContext): void {
  const doc = ctx.doc;
  const minMaj = versionNumber(doc, 'NtMajorVersionToUpdate');
  const minMin = versionNumber(doc, 'NtMinorVersionToUpdate');
  const maxMaj = versionNumber(doc, 'MaxNtMajorVersionToUpdate');
  const maxMin = versionNumber(doc, 'MaxNtMinorVersionToUpdate');
  if (!minMaj || !minMin || !maxMaj || !maxMin) return;
  const lo = ver(minMaj.n, minMin.n);
  const hi = ver(maxMaj.n, maxMin.n);
  // Later versions had many pre-release builds that community packages target on purpose; only the 2000/XP/2003
  // family, whose release builds are fixed, is judged.
  if (hi > LAST_FIXED_VERSION || lo > hi) return;
  const releases = OS_BUILDS.filter((r) => ver(r.major, r.minor) >= lo && ver(r.major, r.minor) <= hi);
  if (!releases.length) return;
  const minB = versionNumber(doc, 'NtBuildToUpdate');
  const maxBound = versionNumber(doc, 'MaxNtBuildToUpdate');
  const maxB = maxBound && maxBound.n >= 0 ? maxBound : undefined; // a negative upper bound sets no limit
  const bLo = minB?.n ?? 0;
  const bHi = maxB?.n ?? Infinity;
  if (releases.some((r) => r.build >= bLo && r.build <= bHi)) return;
  const versions = lo === hi ? `NT ${minMaj.n}.${minMin.n} (${osVersionInfo(minMaj.n, minMin.n)?.name ?? 'unknown'})` : `NT ${minMaj.n}.${minMin.n} to ${maxMaj.n}.${maxMin.n}`;
  const builds = releases.map((r) => `${r.build} (${r.name})`).join(', ');
  const related = [minMaj, minMin, maxMaj, maxMin].map((v, i) => ({ span: v.f.span, message: `${['NtMajorVersionToUpdate', 'NtMinorVersionToUpdate', 'MaxNtMajorVersionToUpdate', 'MaxNtMinorVersionToUpdate'][i]} = ${v.n}` }));
  for (const [key, b] of [['NtBuildToUpdate', minB], ['MaxNtBuildToUpdate', maxB]] as const) {
    if (!b || releases.some((r) => r.build === b.n)) continue;
    const known = osBuildInfo(b.n);
    const what = known ? `${b.n} is the build of ${known.name} (NT ${known.major}.${known.minor})` : `No release of Windows has build ${b.n}`;
    const near = releases.reduce((best, r) => (Math.abs(r.build - b.n) < Math.abs(best.build - b.n) ? r : best), releases[0]);
    ctx.report(b.f.span, `${key}: ${what}, but the version keys name ${versions}, whose build is ${builds}. No system matches both, so the package installs nowhere. Did you mean ${near.build}?`, {
      related,
      fixes: b.f.refs.length === 0 ? [replaceFix(`Change to ${near.build} (${near.name})`, b.f.span, String(near.build))] : undefined,
    });
  }
}

export const authoringRules: Rule[] = [
  {
    code: 'build-not-in-version',
    title: 'Build number of another Windows version',
    description: 'The build range (NtBuildToUpdate..MaxNtBuildToUpdate) contains no release build of the Windows versions the version keys name (NtMajor/MinorVersionToUpdate..Max), so the package installs nowhere: 2600 (Windows XP) with 5.2 (Server 2003), or a build no release has. Judged only for packages within NT 5.0-5.2, whose release builds are fixed (2195, 2600, 3790); later versions had many pre-release builds that packages may target on purpose.',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      checkBuildRange(ctx);
    },
  },
  {
    code: 'invalid-file-name',
    title: 'File name Windows cannot hold',
    description: 'A target or source name in a file list that CopyFiles= names contains a character Windows forbids in file names (< > : " | ? * or a control character; "\\" separates folders of a relative path and is allowed). The copy fails when the installer reaches the line.',
    defaultSeverity: 'error',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      for (const key of a.copyLists) {
        const list = doc.sectionByKey(key);
        if (!list) continue;
        for (const node of list.nodes) {
          // Kept with the node (and the [Strings*] nodes, when its names use %strkey%: see expansionDeps).
          const deps = doc.expansionDeps(node);
          const found = keptOnNode<ReturnType<typeof badNames>>(node, 'invalid-file-name', deps) ?? keepOnNode(node, 'invalid-file-name', deps, badNames(doc, node));
          for (const { f, i, value, bad } of found) {
            const what = i === 0 ? 'target file name' : 'source path';
            ctx.report(f.span, `The ${what} "${value}" in [${list.name}] contains ${bad.map(showChar).join(', ')}, which Windows does not allow in file names, so this file cannot be copied. Remove ${bad.length === 1 ? 'the character' : 'those characters'}.`);
          }
        }
      }
    },
  },
  {
    code: 'archive-catalog-unknown',
    title: '[ArchiveCatalogFilesOnly] names a catalog the package does not have',
    description: '[ArchiveCatalogFilesOnly] names a catalog that is neither the [Version] CatalogFile nor one [ProductCatalogsToInstall*] installs, in a package whose only catalog is CatalogFile. The catalog the removal needs is then not backed up. Service packs that archive many system catalogs (they list several in [ProductCatalogsToInstall*]) are not checked.',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const arch = doc.section('ArchiveCatalogFilesOnly');
      const ce = doc.entry('Version', 'CatalogFile');
      const cf = ce?.values[0];
      if (!arch || !cf) return;
      const cx = expandField(doc, cf);
      if (!cx.resolved || cx.value === '') return;
      const own = catalogKey(cx.value);
      const installed = new Set<string>([own]);
      for (const s of doc.sections.values()) {
        if (!/^productcatalogstoinstall(\.|$)/.test(s.key)) continue;
        for (const e of s.entries) {
          const f = e.key ?? e.values[0];
          if (!f) continue;
          const x = expandField(doc, f);
          if (!x.resolved) return;
          installed.add(catalogKey(x.value));
        }
      }
      if (installed.size > 1) return; // the package has catalogs of its own besides CatalogFile
      for (const e of arch.entries) {
        const f = e.key ?? e.values[0];
        if (!f) continue;
        const x = expandField(doc, f);
        if (!x.resolved || x.value === '' || catalogKey(x.value) === own) continue;
        ctx.report(f.span, `[ArchiveCatalogFilesOnly] names ${x.value}, but the package's catalog is ${cx.value} ([Version] CatalogFile) and it installs no other, so the catalog backed up for removal is not this package's. Name ${cf.text} here.`, {
          related: [{ span: cf.span, message: `CatalogFile = ${cf.text}` }],
          fixes: [replaceFix(`Change to ${cf.text}`, f.span, cf.text)],
        });
      }
    },
  },
  {
    code: 'destination-without-list',
    title: '[DestinationDirs] key that names no file list',
    description: 'A [DestinationDirs] key is not the name of any section of the file and no line names it: it gives a folder to a list that does not exist, usually a misspelt list name (the real list then has no folder, which missing-destination reports at the list). A warning with a did-you-mean when a file list is one edit away; information otherwise (a leftover line).',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      const lists = [...doc.sections.values()].filter((s) => a.copyLists.has(s.key) || a.roles.get(s.key) === 'file-list').map((s) => s.name);
      for (const secName of ['DestinationDirs', 'DestinationDirs.Uninstall']) {
        const sec = doc.section(secName);
        if (!sec) continue;
        for (const e of sec.entries) {
          if (!e.key || e.key.refs.length > 0) continue;
          const name = e.key.text.trim();
          const key = name.toLowerCase();
          if (key === 'defaultdestdir' || key === '') continue;
          if (doc.hasSection(key) || a.referenced.has(key) || a.uninstallMap.has(key)) continue;
          // In a file that [UninstallSections] copies into Spuninst.inf, lists may be named by their Spuninst.inf
          // names; those resolve through the pairs (uninstallMap) above.
          const guess = lists.find((l) => oneEditApart(l, name));
          // Without a near miss it is a leftover line that does nothing: worth knowing, not a defect.
          ctx.report(e.key.span, `[${sec.name}] gives a folder to "${name}", but no section of that name exists and no line names it, so this line does nothing.${guess ? ` Did you mean ${guess}?` : ' Correct the name to the file list it is meant for, or remove the line.'}`, {
            fixes: guess ? [replaceFix(`Change to ${guess}`, e.key.span, guess)] : undefined,
            severity: guess ? undefined : 'information',
          });
        }
      }
    },
  },
];
