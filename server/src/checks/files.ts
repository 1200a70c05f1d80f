// File rules of update INFs: DIRIDs, [SourceDisksFiles]/[SourceDisksNames] consistency, file lists without a
// destination, and copy flags (numeric COPYFLG_* in copy lists, SP_COPY_* names in CopyFlags=).
// Sources: inf-facts.md 2 and 4; whitepaper Appendix B.

import { Entry, Field, SectionNode } from '../core/parser';
import { fieldAt, FileKind, InfDocument, keepOnNode, keptOnNode } from '../core/model';
import { parseInfNumber, suggest } from '../knowledge/common';
import { COPYFLG_KNOWN_BITS, SP_COPY_FLAGS, spCopyFlag } from '../knowledge/copyflags';
import { classifyDirid, DIRIDS, USER_DIRID_BASE } from '../knowledge/dirids';
import { analyzeUpdateInf, normPath, sectionKind, UpdateInfAnalysis } from './packageInf';
import { reportKept, Rule } from './rules';
import { addLineFix, replaceFix } from './fixes';
import { expandField } from './packageInf';

const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

/** Directory ids the file defines at run time through DirId sections (DirId = 65625). */
export function definedDirids(doc: InfDocument, a: UpdateInfAnalysis): Set<number> {
  const out = new Set<number>();
  for (const [key, role] of a.roles) {
    if (role !== 'dirid') continue;
    const sec = doc.sectionByKey(key);
    if (!sec) continue;
    for (const e of sec.entries) {
      if (!e.key || e.key.text.trim().toLowerCase() !== 'dirid') continue;
      const n = parseInfNumber(expandField(doc, e.values[0]).value);
      if (n !== undefined) out.add(n);
    }
  }
  return out;
}

/** The package installer's run-time ids of the DIRID table, for messages: "65618 = %ProgramFiles%, ...". */
const RUNTIME_DIRIDS = DIRIDS.filter((d) => d.id >= USER_DIRID_BASE && d.id !== 65535).map((d) => `${d.id} = ${d.path}`).join(', ');

function diridMessage(n: number): string | undefined {
  const c = classifyDirid(n);
  if (c === 'known' || c === 'shell') return undefined;
  if (c === 'user') return `${n} is in the range of directory ids defined at run time, but neither this file (a DirId section) nor the package installer defines it (known: ${RUNTIME_DIRIDS})`;
  return `${n} is not a directory id the Setup API or the package installer knows`;
}

/** The copy-list lines of a node whose source (no %strkey% in it) has no [SourceDisksFiles] entry, in order. */
interface Unlisted {
  src: string;
  k: string;
  field: Field;
}

function unlistedSources(node: SectionNode, sourceFiles: ReadonlyMap<string, Entry>): Unlisted[] {
  const out: Unlisted[] = [];
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const dest = fieldAt(e, 0);
    if (!dest || dest.text.trim() === '') continue;
    const second = fieldAt(e, 1);
    const srcField = second && second.text.trim() !== '' ? second : dest;
    if (srcField.refs.length > 0) continue;
    const src = srcField.text.trim();
    const k = normPath(src);
    if (!sourceFiles.has(k)) out.push({ src, k, field: srcField });
  }
  return out;
}

/** The SP_COPY_* names, one array for the whole run (suggest() keeps its answers per candidate array). */
const SP_COPY_FLAG_NAMES = SP_COPY_FLAGS.map((f) => f.name);

export const fileRules: Rule[] = [
  {
    code: 'unknown-dirid',
    title: 'Unknown directory id',
    description: 'A [DestinationDirs] entry or a %<number>% token uses a directory id that neither the Setup API, the shell-folder range (16384 + CSIDL) nor the package installer defines, and no DirId section of the file defines it. The files go nowhere useful (or the copy fails).',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      const defined = definedDirids(doc, a);
      for (const name of ['DestinationDirs', 'DestinationDirs.Uninstall']) {
        const sec = doc.section(name);
        if (!sec) continue;
        for (const e of sec.entries) {
          const f = e.values[0];
          if (!e.key || !f) continue;
          const x = expandField(doc, f);
          if (!x.resolved) continue;
          const n = parseInfNumber(x.value);
          if (n === undefined) {
            ctx.report(f.span, `"${x.value}" is not a directory id. Write a DIRID number such as 11 (system32) or 10 (Windows), then an optional subfolder: ${e.key.text} = 11,subfolder.`);
            continue;
          }
          if (defined.has(n)) continue;
          const m = diridMessage(n);
          if (m) ctx.report(f.span, `${m}. Use a known DIRID (10 = Windows, 11 = system32, 12 = drivers, 65619 = dllcache) or define it in a DirId section named by [DirectoryId.Include] AddDirId=.`);
        }
      }
      // Node by node, with each node's kept references: doc.stringRefs() would make an object for each of the
      // file's references (5,133 in the SP2 update.inf) on every keystroke to find the few numeric ones.
      for (const node of doc.parse.sections) {
        const refs = doc.stringRefsOf(node);
        if (refs.length === 0) continue;
        // Every section whose name starts with Strings (as before this walk went by node), not only [Strings.LLLL].
        const key = node.name.toLowerCase();
        if (key === 'strings' || key.startsWith('strings.')) continue;
        for (let i = 0; i < refs.length; i++) {
          const ref = refs[i].ref;
          if (!ref.numeric || doc.lookupString(ref.name)) continue;
          const n = parseInt(ref.name, 10);
          if (defined.has(n)) continue;
          const m = diridMessage(n);
          if (m) ctx.report(ref.span, `%${ref.name}%: ${m}, so the token stays as literal text. Use a known DIRID such as %11% (system32) or %10% (Windows).`);
        }
      }
    },
  },
  {
    code: 'missing-source-file',
    title: 'Copied file without a [SourceDisksFiles] entry',
    description: 'A file that a CopyFiles list copies has no [SourceDisksFiles] line for its source path (e.g. SP2QFE\\msi.dll = 1), so the Setup API does not know which source disk and folder it comes from. Checked only when the file has a [SourceDisksFiles] section that names at least as many files as the copy lists leave out of it: an INF that lists none or only a few exceptions relies on the root of the source for the rest, which the package installer allows (missing-payload-file checks that the files are there). The Setup API then looks in the root of the source (inferred), which works only when the file is there.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      if (!a.hasSourceDisksFiles) return;
      const target = doc.section('SourceDisksFiles') ?? [...doc.sections.values()].find((s) => s.key.startsWith('sourcedisksfiles'));
      const disk = a.disks.size > 0 ? [...a.disks.keys()][0] : '1';
      const seen = new Set<string>();
      const sourceFilesDeps = [a.sourceFiles];
      const unlisted: { src: string; field: Field; list: string }[] = [];
      for (const key of a.copyLists) {
        const list = doc.sectionByKey(key);
        if (!list) continue;
        for (const node of list.nodes) {
          // The lines of a list node that [SourceDisksFiles] leaves out, kept with the node while that map is the same
          // object (it is kept while the [SourceDisksFiles] nodes are: see analyzeUpdateInf).
          const left = keptOnNode<Unlisted[]>(node, 'missing-source-file', sourceFilesDeps) ?? keepOnNode(node, 'missing-source-file', sourceFilesDeps, unlistedSources(node, a.sourceFiles));
          for (const u of left) {
            const sk = `${list.key}|${u.k}`;
            if (seen.has(sk)) continue;
            seen.add(sk);
            unlisted.push({ src: u.src, field: u.field, list: list.name });
          }
        }
      }
      // An INF whose [SourceDisksFiles] names fewer files than it leaves out (often none, or only the files in
      // subfolders) takes the rest from the root of the source, as the package installer allows (inf-facts 4.4:
      // the section may be empty); missing-payload-file checks that root. Only an INF that lists at least as
      // many files as it leaves out follows the list-every-file style, where an omission is a slip (inferred).
      if (a.sourceFiles.size < unlisted.length) return;
      for (const { src, field, list } of unlisted) {
        ctx.report(field.span, `${src} (copied by [${list}]) has no entry in [SourceDisksFiles], so the installer does not know which disk and folder it comes from. Add "${src} = ${disk}" to [SourceDisksFiles].`, {
          fixes: target ? [addLineFix(doc, target, `${/[\s,;"]/.test(src) ? `"${src}"` : src} = ${disk}`, `Add "${src} = ${disk}" to [${target.name}]`)] : undefined,
        });
      }
    },
  },
  {
    code: 'unknown-disk-id',
    title: '[SourceDisksFiles] disk id missing from [SourceDisksNames]',
    description: 'A [SourceDisksFiles] line names a source disk id that [SourceDisksNames] does not describe, so the Setup API cannot locate the file\'s source and the copy fails.',
    defaultSeverity: 'error',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      if (!a.hasSourceDisksFiles) return;
      const ids = [...a.disks.keys()];
      for (const sec of doc.sections.values()) {
        if (!/^sourcedisksfiles(\.|$)/.test(sec.key)) continue;
        // Kept with each node while the disks of the analysis are the same map (the SP2 update.inf has 3,837 lines
        // here, which a keystroke elsewhere does not change).
        for (const node of sec.nodes) {
          reportKept(ctx, node, 'unknown-disk-id', [a.disks, ...doc.expansionDeps(node)], (report) => {
            for (const e of node.entries) {
              const f = e.values[0];
              if (!e.key || !f) continue;
              const x = expandField(doc, f);
              if (!x.resolved) continue;
              const id = x.value.trim();
              if (a.disks.has(id)) continue;
              const msg = id === ''
                ? `${e.key.text} has no source disk id. Write the id of a [SourceDisksNames] disk after "=", e.g. ${e.key.text} = ${ids[0] ?? '1'}.`
                : `Disk ${id} of ${e.key.text} is not described in [SourceDisksNames]${ids.length ? ` (it has ${ids.join(', ')})` : ''}, so the file cannot be found. Use an existing disk id or add "${id} = %ServicePackSourceFiles%" to [SourceDisksNames].`;
              report(id === '' ? e.key.span : f.span, msg, {
                fixes: id !== '' && ids.length === 1 ? [replaceFix(`Change to disk ${ids[0]}`, f.span, ids[0])] : undefined,
              });
            }
          });
        }
      }
    },
  },
  {
    code: 'missing-destination',
    title: 'File list with no destination folder',
    description: 'A file list that CopyFiles=, DelFiles= or RenFiles= (or a CheckFilever test) names has no [DestinationDirs] entry and there is no DefaultDestDir. The Setup API then uses its default folder, system32 (DIRID 11, DIRID_DEFAULT), which Microsoft\'s own SP2 INF relies on for schema files; where another folder was meant the files land in the wrong place. Lists used from sections copied into Spuninst.inf (by [UninstallSections] or ArchiveSections=) may use [DestinationDirs.Uninstall] or the section paired with DestinationDirs.',
    defaultSeverity: 'information',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      if (a.defaultDestDir) return;
      const done = new Set<string>();
      for (const r of a.refs) {
        if (r.role !== 'file-list' || r.viaUninstall) continue;
        const dk = r.entry.key?.text.trim().toLowerCase();
        if (dk === 'targetfromsection') continue;
        if (done.has(r.key) || !doc.hasSection(r.key)) continue;
        done.add(r.key);
        if (a.destDirs.has(r.key)) continue;
        if (a.uninstallCopied.has(r.from.key) && a.destDirsUninstall.has(r.key)) continue;
        const dd = doc.section('DestinationDirs');
        ctx.report(r.field.span, `The file list [${r.name}] has no entry in [DestinationDirs] and there is no DefaultDestDir, so the Setup API uses its default folder for it, system32 (DIRID 11). If another folder is meant, add "${r.name} = <DIRID>" to [DestinationDirs]; if system32 is meant, "${r.name} = 11" says so.`, {
          fixes: dd ? [{ ...addLineFix(doc, dd, `${r.name} = 11`, `Add "${r.name} = 11" (system32) to [DestinationDirs]`), preferred: false }] : undefined,
        });
      }
    },
  },
  {
    code: 'invalid-copy-flags',
    title: 'Unknown copy flags',
    description: 'CopyFlags= in a condition or DirId section takes SP_COPY_* names joined with "|"; an unknown name is ignored (inferred), so the copy behaves differently than meant. The fourth field of a copy-list line takes a COPYFLG_* number; text or unknown bits there are reported too.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      for (const sec of doc.sections.values()) {
        const kind = sectionKind(doc, a, sec.key);
        if (!kind) continue;
        const ks = kind.info.keySet;
        if (ks === 'condition-section' || ks === 'dirid-section') {
          for (const e of sec.entries) {
            if (!e.key || e.key.text.trim().toLowerCase() !== 'copyflags') continue;
            for (const f of e.values) {
              if (f.refs.length > 0) continue;
              // Report each |-separated token at its own offset inside the field.
              const src = doc.text.slice(f.span.start, f.span.end);
              const re = /[^|]+/g;
              let m: RegExpExecArray | null;
              while ((m = re.exec(src))) {
                const tok = m[0].trim().replace(/^"|"$/g, '');
                if (tok === '' || spCopyFlag(tok) || parseInfNumber(tok) !== undefined) continue;
                const start = f.span.start + m.index + (m[0].length - m[0].trimStart().length);
                const span = { start, end: start + m[0].trim().length };
                const guess = suggest(tok, SP_COPY_FLAG_NAMES);
                ctx.report(span, `"${tok}" is not an SP_COPY_* flag name.${guess ? ` Did you mean ${guess}?` : ' Known names include SP_COPY_NEWER_OR_SAME, SP_COPY_FORCE_NEWER, SP_COPY_REPLACEONLY.'}`, {
                  fixes: guess ? [replaceFix(`Change to ${guess}`, span, guess)] : undefined,
                });
              }
            }
          }
        }
      }
      // The fourth field of each line of the copy lists: kept with each list node (12,797 lines in the SP2
      // update.inf, none of which a keystroke elsewhere changes).
      for (const key of a.copyLists) {
        const list = doc.sectionByKey(key);
        if (!list) continue;
        for (const node of list.nodes) {
          reportKept(ctx, node, 'copy-list-flags', doc.expansionDeps(node), (report) => {
            const entries = node.entries;
            for (let i = 0; i < entries.length; i++) {
              const e = entries[i];
              const f = fieldAt(e, 3);
              if (!f || f.text.trim() === '') continue;
              const x = expandField(doc, f);
              if (!x.resolved) continue;
              const n = parseInfNumber(x.value);
              if (n === undefined) {
                report(f.span, `The copy flags field must be a number (e.g. 8 = COPYFLG_FORCE_FILE_IN_USE), not "${x.value}". Write the COPYFLG_* value as a number.`);
              } else if ((n & ~COPYFLG_KNOWN_BITS) !== 0) {
                report(f.span, `Copy flags ${x.value} include bits no COPYFLG_* flag defines (0x${((n & ~COPYFLG_KNOWN_BITS) >>> 0).toString(16)}). Remove them; known flags are 0x1-0x40, 0x400-0x4000.`);
              }
            }
          });
        }
      }
    },
  },
];

