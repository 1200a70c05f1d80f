// Single-file checks of Updatebr.inf (the branch map) and Branches.inf (the branch precedence chain). They read
// only the file itself, so they also run under --inf-only and on a file opened outside a package.
// Sources: whitepaper ("Multi-Branch-Aware .inf Files", Appendix E codes STATUS_INVALID_UPDATEBR_INF 61673 and
// STATUS_INVALID_BRANCHES_INF 61672), inf-facts.md 5.7 and 5.8. See docs/packages.md.

import { Fix } from '../core/diagnostics';
import { Entry } from '../core/parser';
import { branchOfInfName, InfDocument, MergedSection } from '../core/model';
import { Span } from '../core/text';
import { packageInfo } from '../package/context';
import { asPackageDocument, BranchesModel, buildBranches, buildUpdatebr, UpdatebrModel } from '../package/model';
import { parseBranchId, parseVersion } from '../package/versions';
import { CheckContext, Rule } from './rules';
import { eolOf } from './fixes';

const updatebrCache = new WeakMap<InfDocument, UpdatebrModel>();
const branchesCache = new WeakMap<InfDocument, BranchesModel>();

/** The Updatebr.inf model of the document being checked (from the package when there is one). */
export function updatebrOf(ctx: CheckContext): UpdatebrModel {
  const info = packageInfo(ctx);
  if (info?.pkg.updatebr && info.pkg.updatebr.file.doc === ctx.doc) return info.pkg.updatebr;
  let m = updatebrCache.get(ctx.doc);
  if (!m) {
    m = buildUpdatebr(asPackageDocument(ctx.doc), info ? info.pkg.resolve : undefined);
    updatebrCache.set(ctx.doc, m);
  }
  return m;
}

export function branchesOf(ctx: CheckContext): BranchesModel {
  const info = packageInfo(ctx);
  if (info?.pkg.branches && info.pkg.branches.file.doc === ctx.doc) return info.pkg.branches;
  let m = branchesCache.get(ctx.doc);
  if (!m) {
    m = buildBranches(asPackageDocument(ctx.doc));
    branchesCache.set(ctx.doc, m);
  }
  return m;
}

const lc = (s: string) => s.toLowerCase();

function headerSpan(doc: InfDocument, section: string): Span {
  const s = doc.section(section);
  return s ? s.nodes[0].headerSpan : { start: 0, end: 0 };
}


function lineStartOf(doc: InfDocument, offset: number): number {
  return doc.lines.lineStarts[doc.lines.positionAt(offset).line];
}

/** Removes an entry's whole line (with its line break). */
function removeLineFix(doc: InfDocument, e: Entry, title: string): Fix {
  const startLine = doc.lines.positionAt(e.span.start).line;
  const endLine = doc.lines.positionAt(e.span.end).line;
  const start = doc.lines.lineStarts[startLine];
  const end = endLine + 1 < doc.lines.lineCount ? doc.lines.lineStarts[endLine + 1] : doc.text.length;
  return { title, edits: [{ span: { start, end }, newText: '' }] };
}

/** Appends a line to a section (after its last entry, same indentation), or creates the section at the end. */
function appendLineFix(doc: InfDocument, sectionName: string, line: string, title: string): Fix {
  const eol = eolOf(doc);
  const sec: MergedSection | undefined = doc.section(sectionName);
  if (sec) {
    const node = sec.nodes[sec.nodes.length - 1];
    const last = node.entries[node.entries.length - 1];
    const at = last ? last.span.end : node.headerSpan.end;
    const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(at).line);
    const indent = last ? /^[ \t]*/.exec(doc.text.slice(lineStartOf(doc, last.span.start), last.span.start))![0] : '';
    return { title, edits: [{ span: { start: lineEnd, end: lineEnd }, newText: `${eol}${indent}${line}` }], preferred: true };
  }
  const end = doc.text.length;
  const sep = end === 0 || /[\r\n]$/.test(doc.text) ? '' : eol;
  return { title, edits: [{ span: { start: end, end }, newText: `${sep}${eol}[${sectionName}]${eol}${line}${eol}` }], preferred: true };
}

/** The WinNt suffix an author probably meant by a product name (WinXP -> WinNt51). */
export function suggestOsSuffix(suffix: string): string | undefined {
  const s = suffix.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (/^(winnt)?5\.?0$|win2000|win2k$|w2k$|windows2000/.test(s)) return 'WinNt50';
  if (/xp64|xpx64|2003|2k3|srv03|ws03|server2003|^(winnt)?5\.?2$/.test(s)) return 'WinNt52';
  if (/winxp|^xp|windowsxp|^(winnt)?5\.?1$/.test(s)) return 'WinNt51';
  if (/vista|longhorn|^lh$|2008(?!r2)|^(winnt)?6\.?0$/.test(s)) return 'WinNt60';
  if (/win7|windows7|2008r2|^(winnt)?6\.?1$/.test(s)) return 'WinNt61';
  const m = /^winnt?(\d)\.?(\d)$/.exec(s);
  if (m && (m[1] === '5' || m[1] === '6')) return `WinNt${m[1]}${m[2]}`;
  return undefined;
}

export const updatebrRules: Rule[] = [
  {
    code: 'updatebr-invalid-os-suffix',
    title: 'DefaultBranchesServicePacks section with an invalid OS suffix',
    description: 'Per-OS default branches live in [DefaultBranchesServicePacks.WinNt<major><minor>] (WinNt51 = Windows XP, WinNt52 = Server 2003 and XP x64, WinNt60 = Vista). Any other suffix matches no system, so the installer never reads the section and falls back to the plain [DefaultBranchesServicePacks].',
    defaultSeverity: 'error',
    kinds: ['updatebr-inf'],
    run(ctx) {
      for (const s of updatebrOf(ctx).osSuffixes) {
        if (s.valid) continue;
        const want = suggestOsSuffix(s.suffix);
        ctx.report(s.span, `".${s.suffix}" is not an OS version suffix, so no system reads [${s.section}]. Write .WinNt<major><minor>: .WinNt51 for Windows XP, .WinNt52 for Server 2003 or XP x64, .WinNt60 for Vista.`, {
          fixes: want ? [{ title: `Change the suffix to ${want}`, edits: [{ span: s.span, newText: want }], preferred: true }] : undefined,
        });
      }
    },
  },
  {
    code: 'updatebr-bad-sp-level',
    title: 'Default branch keyed by something other than a service-pack number',
    description: 'Each line of [DefaultBranchesServicePacks*] is `<service-pack level> = <branch>`, 0 meaning no service pack (RTM). A key that is not a whole number matches no system.',
    defaultSeverity: 'error',
    kinds: ['updatebr-inf'],
    run(ctx) {
      for (const d of updatebrOf(ctx).defaults) {
        if (Number.isFinite(d.spLevel)) continue;
        ctx.report(d.keySpan, `"${ctx.doc.text.slice(d.keySpan.start, d.keySpan.end)}" is not a service-pack level. Write the level as a whole number (0 for RTM, 1 for SP1, 2 for SP2) followed by "= <branch>".`);
      }
    },
  },
  {
    code: 'updatebr-duplicate-default',
    title: 'Service-pack level given twice in one DefaultBranchesServicePacks section',
    description: 'The same service-pack level appears twice in one section; the installer takes the first line, so the second is dead.',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    run(ctx) {
      const seen = new Map<string, string>();
      for (const d of updatebrOf(ctx).defaults) {
        if (!Number.isFinite(d.spLevel)) continue;
        const k = `${lc(d.section)}|${d.spLevel}`;
        const first = seen.get(k);
        if (first === undefined) {
          seen.set(k, d.branch);
          continue;
        }
        ctx.report(d.keySpan, `Service-pack level ${d.spLevel} already has the default branch ${first} in [${d.section}]; this line is ignored. Remove it or change the level.`, { tags: ['unnecessary'], fixes: [removeLineFix(ctx.doc, d.entry, 'Remove the ignored line')] });
      }
    },
  },
  {
    code: 'updatebr-default-without-inf',
    title: 'Default branch with no [SourceInfsBranches] entry',
    description: 'A default branch must be linked to its update INF in [SourceInfsBranches]; otherwise the installer finds no INF for that service-pack level and stops ("Required installation branch was not found", STATUS_NO_BRANCH_AVAILABLE).',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    run(ctx) {
      const m = updatebrOf(ctx);
      const known = new Set(m.sourceInfs.map((s) => lc(s.branch)));
      for (const d of m.defaults) {
        if (!d.branch || known.has(lc(d.branch))) continue;
        const where = d.os ? ` on ${d.os}` : '';
        const info = packageInfo(ctx);
        const guess = info?.pkg.resolve(`update/update_${d.branch}.inf`) ?? `update/update_${d.branch}.inf`;
        const line = `${d.branch}="${guess.replace(/\//g, '\\')}"`;
        const fix = appendLineFix(ctx.doc, 'SourceInfsBranches', line, `Add ${line} to [SourceInfsBranches]`);
        ctx.report(d.branchSpan, `The default branch ${d.branch} (service-pack level ${Number.isFinite(d.spLevel) ? d.spLevel : '?'}${where}) has no [SourceInfsBranches] entry, so installing on such a system fails. Add "${d.branch}=update\\update_${d.branch}.inf" to [SourceInfsBranches] or name an existing branch.`, { fixes: [fix] });
      }
    },
  },
  {
    code: 'updatebr-no-source-infs',
    title: 'Updatebr.inf without [SourceInfsBranches]',
    description: 'Updatebr.inf links each branch to its update INF in [SourceInfsBranches]. Without any entry the installer cannot pick an INF (STATUS_INVALID_UPDATEBR_INF).',
    defaultSeverity: 'error',
    kinds: ['updatebr-inf'],
    run(ctx) {
      if (updatebrOf(ctx).sourceInfs.length > 0) return;
      ctx.report(headerSpan(ctx.doc, 'SourceInfsBranches'), 'Updatebr.inf links no branch to an update INF. Add [SourceInfsBranches] with lines such as "SP2QFE=update\\update_SP2QFE.inf".');
    },
  },
  {
    code: 'updatebr-no-defaults',
    title: 'Updatebr.inf without default branches',
    description: 'Without any [DefaultBranchesServicePacks] or [DefaultBranchesServicePacks.WinNtXY] entry the installer has no branch to choose for any system (unless /B: forces one).',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    run(ctx) {
      if (updatebrOf(ctx).defaults.length > 0) return;
      ctx.report(headerSpan(ctx.doc, 'DefaultBranchesServicePacks'), 'No default branch is given for any service-pack level, so the installer can only run with /B:<branch>. Add [DefaultBranchesServicePacks] with lines such as "2=SP2QFE".');
    },
  },
  {
    code: 'updatebr-duplicate-source-inf',
    title: 'Branch linked twice in [SourceInfsBranches]',
    description: 'A branch appears twice in [SourceInfsBranches] (the sections of the same name are merged); the first line wins.',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    run(ctx) {
      const seen = new Map<string, string>();
      for (const s of updatebrOf(ctx).sourceInfs) {
        const first = seen.get(lc(s.branch));
        if (first === undefined) {
          seen.set(lc(s.branch), s.infPath);
          continue;
        }
        ctx.report(s.keySpan, `${s.branch} is already linked to ${first}; this line is ignored. Remove one of the two.`, { tags: ['unnecessary'], fixes: [removeLineFix(ctx.doc, s.entry, 'Remove the ignored line')] });
      }
    },
  },
  {
    code: 'updatebr-setupfiles-unknown-branch',
    title: '[SetupFiles.<branch>] for a branch Updatebr.inf does not link',
    description: 'The files of [SetupFiles.<branch>] are only used when that branch is installed; a branch with no [SourceInfsBranches] entry is never installed.',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    run(ctx) {
      const m = updatebrOf(ctx);
      const known = new Set(m.sourceInfs.map((s) => lc(s.branch)));
      for (const sec of ctx.doc.sections.values()) {
        if (!sec.key.startsWith('setupfiles.')) continue;
        const group = sec.name.slice('setupfiles.'.length);
        if (lc(group) === 'common' || known.has(lc(group))) continue;
        const node = sec.nodes[0];
        ctx.report(node.nameSpan, `[${sec.name}] is for the branch ${group}, which [SourceInfsBranches] does not link to an INF, so these files are never used. Correct the branch name or add the branch to [SourceInfsBranches].`);
      }
    },
  },
];

export const branchesRules: Rule[] = [
  {
    code: 'branches-undefined-next',
    title: 'Branches.inf chain names an undefined branch',
    description: 'Each [FileBranchInfo] line is `BRANCH = "%NAME%", NEXT`; NEXT must be a branch defined in the same section (the last one names itself). A missing or unknown NEXT breaks the precedence chain and the installer reports the file as invalid (STATUS_INVALID_BRANCHES_INF).',
    defaultSeverity: 'error',
    kinds: ['branches-inf'],
    run(ctx) {
      const m = branchesOf(ctx);
      const defined = new Set(m.links.map((l) => lc(l.branch)));
      for (const l of m.links) {
        if (!l.next) {
          ctx.report(l.keySpan, `${l.branch} names no next branch. Write "${l.branch} = \"%${l.branch}_NAME%\", <NEXT>", or "${l.branch}" itself as NEXT if it is the newest branch.`);
        } else if (!defined.has(lc(l.next))) {
          ctx.report(l.nextSpan ?? l.keySpan, `The next branch ${l.next} is not defined in [FileBranchInfo], so the chain breaks after ${l.branch}. Add a line for ${l.next} or correct the name.`);
        }
      }
    },
  },
  {
    code: 'branches-duplicate',
    title: 'Branch listed twice in Branches.inf',
    description: 'A branch may appear only once in [FileBranchInfo]; a second line gives it a second place in the precedence order, which makes branch comparisons ambiguous.',
    defaultSeverity: 'error',
    kinds: ['branches-inf'],
    run(ctx) {
      const seen = new Set<string>();
      for (const l of branchesOf(ctx).links) {
        if (seen.has(lc(l.branch))) ctx.report(l.keySpan, `${l.branch} is already listed in [FileBranchInfo]. Keep one line per branch.`, { fixes: [removeLineFix(ctx.doc, l.entry, `Remove this ${l.branch} line`)] });
        seen.add(lc(l.branch));
      }
    },
  },
  {
    code: 'branches-cycle',
    title: 'Branches.inf chain loops',
    description: 'Following NEXT from a branch comes back to a branch already visited (other than the newest branch naming itself), so the precedence order has no end.',
    defaultSeverity: 'error',
    kinds: ['branches-inf'],
    run(ctx) {
      const m = branchesOf(ctx);
      const byName = new Map<string, (typeof m.links)[number]>();
      for (const l of m.links) if (!byName.has(lc(l.branch))) byName.set(lc(l.branch), l);
      const reported = new Set<string>();
      for (const start of byName.values()) {
        const path: string[] = [];
        const seen = new Set<string>();
        let cur: (typeof m.links)[number] | undefined = start;
        while (cur && !seen.has(lc(cur.branch))) {
          seen.add(lc(cur.branch));
          path.push(cur.branch);
          if (!cur.next || lc(cur.next) === lc(cur.branch)) {
            cur = undefined;
            break;
          }
          cur = byName.get(lc(cur.next));
        }
        if (!cur) continue;
        // `cur` closes a loop: report the link that goes back, once per loop.
        const at = path.findIndex((b) => lc(b) === lc(cur!.branch));
        const loop = path.slice(at);
        const key = [...loop].map(lc).sort().join('|');
        if (reported.has(key)) continue;
        reported.add(key);
        const closing = byName.get(lc(loop[loop.length - 1]))!;
        ctx.report(closing.nextSpan ?? closing.keySpan, `The branch chain loops: ${[...loop, loop[0]].join(' -> ')}. Only the newest branch may name itself as NEXT; point ${closing.branch} at a newer branch or at itself.`);
      }
    },
  },
  {
    code: 'branches-no-end',
    title: 'Branches.inf chain without a single end',
    description: 'The newest branch ends the chain by naming itself as NEXT (e.g. `SP2QFE = "%SP2QFE_NAME%", SP2QFE`). Without such an end, or with several, there is no single precedence order.',
    defaultSeverity: 'error',
    kinds: ['branches-inf'],
    run(ctx) {
      const m = branchesOf(ctx);
      if (m.links.length === 0) return;
      const ends = m.links.filter((l) => l.next !== undefined && lc(l.next) === lc(l.branch));
      if (ends.length === 0) {
        ctx.report(headerSpan(ctx.doc, 'FileBranchInfo'), 'No branch ends the chain: the newest branch must name itself as NEXT, e.g. "SP2QFE = \"%SP2QFE_NAME%\", SP2QFE".');
      } else {
        for (const extra of ends.slice(1)) {
          ctx.report(extra.nextSpan ?? extra.keySpan, `${extra.branch} also ends the chain (as ${ends[0].branch} does), so the branches form two separate orders. Point one of them at the oldest branch of the other chain.`);
        }
      }
    },
  },
  {
    code: 'branches-unreachable',
    title: 'Branch that is not on the precedence chain',
    description: 'Every branch must be on one chain from the oldest branch to the newest. A branch whose NEXT links lead to the end but that is not reached from the head forms a side chain, so its place in the order is undefined.',
    defaultSeverity: 'warning',
    kinds: ['branches-inf'],
    run(ctx) {
      const m = branchesOf(ctx);
      if (m.links.length === 0) return;
      const onChain = new Set(m.order.map(lc));
      const defined = new Set(m.links.map((l) => lc(l.branch)));
      // Heads: branches no other branch names. More than one head means side chains.
      const named = new Set<string>();
      for (const l of m.links) if (l.next && lc(l.next) !== lc(l.branch)) named.add(lc(l.next));
      const seen = new Set<string>();
      for (const l of m.links) {
        if (onChain.has(lc(l.branch)) || seen.has(lc(l.branch))) continue;
        seen.add(lc(l.branch));
        if (l.next && !defined.has(lc(l.next))) continue; // reported by branches-undefined-next
        if (!named.has(lc(l.branch))) {
          ctx.report(l.keySpan, `${l.branch} is not reached from the oldest branch ${m.order[0] ?? '?'}: no branch names it as NEXT. Insert it into the chain by making the branch before it point to ${l.branch}.`);
        }
      }
    },
  },
  {
    code: 'branches-file-version',
    title: 'Branches.inf without a valid FileVersion',
    description: 'The installer keeps a copy of Branches.inf in %windir%\\inf and replaces it only with a newer one, compared by [Version] FileVersion (a.b.c.d). Without it a package cannot update the system copy (whitepaper, "Branches.inf").',
    defaultSeverity: 'warning',
    kinds: ['branches-inf'],
    run(ctx) {
      const doc = ctx.doc;
      const e = doc.entry('Version', 'FileVersion');
      if (!e) {
        ctx.report(headerSpan(doc, 'Version'), 'Branches.inf has no FileVersion in [Version], so the installer cannot tell whether it is newer than the copy in %windir%\\inf. Add "FileVersion=5.2.1.7" (a.b.c.d) and raise it whenever the chain changes.');
        return;
      }
      const v = doc.value('Version', 'FileVersion') ?? '';
      if (!parseVersion(v) || v.split('.').length !== 4) {
        const span = e.values[0]?.span ?? e.span;
        ctx.report(span, `FileVersion "${v}" is not a four-part version a.b.c.d. Write it as four numbers, e.g. 5.2.1.7.`);
      }
    },
  },
  {
    code: 'branches-display-name',
    title: 'Branch without a display name',
    description: 'Each [FileBranchInfo] line names the branch\'s display name first (`"%SP2QFE_NAME%"`, defined in [Strings]); the installer shows it in messages about branches.',
    defaultSeverity: 'warning',
    kinds: ['branches-inf'],
    run(ctx) {
      for (const l of branchesOf(ctx).links) {
        if (l.displayRef !== undefined && l.displayRef.trim() !== '') continue;
        ctx.report(l.keySpan, `${l.branch} has no display name. Write ${l.branch} = "%${l.branch}_NAME%", <NEXT> and define ${l.branch}_NAME in [Strings].`);
      }
    },
  },
];

export const branchInfRules: Rule[] = [
  {
    code: 'branch-inf-sp-range',
    title: 'Branch INF whose [Version] excludes its own service pack',
    description: 'An update_<branch>.inf named for a service-pack milestone (update_SP2QFE.inf: service pack 2) installs the files built for that level, so its MinNtServicePackVersion..MaxNtServicePackVersion range (level x 256) must include that level; otherwise the branch never installs where it is meant to. ThisServicePackVersion is not compared: a genuine Microsoft SP2QFE INF gives 256 there.',
    defaultSeverity: 'warning',
    kinds: ['update-inf'],
    run(ctx) {
      const doc = ctx.doc;
      const info = packageInfo(ctx);
      const name = info ? info.file.path : doc.uri;
      const branch = info?.pkg.updateInfs.find((u) => u.file === info.file)?.branch ?? branchOfInfName(name);
      const b = branch ? parseBranchId(branch) : undefined;
      if (!b) return;
      const num = (k: string) => {
        const v = doc.value('Version', k)?.trim();
        if (!v) return undefined;
        const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^\d+$/.test(v) ? Number(v) : NaN;
        return Number.isFinite(n) ? n : undefined;
      };
      const want = b.spLevel * 256;
      const min = num('MinNtServicePackVersion');
      const max = num('MaxNtServicePackVersion');
      const bad = min !== undefined && min > want ? 'MinNtServicePackVersion' : max !== undefined && max < want ? 'MaxNtServicePackVersion' : undefined;
      if (!bad) return;
      const e = doc.entry('Version', bad);
      ctx.report(e ? e.span : { start: 0, end: 0 }, `This INF installs the ${branch} branch (${b.milestone === 'RTM' ? 'no service pack' : `service pack ${b.spLevel}`}, value ${want}), but its range ${min ?? 0}..${max ?? 'any'} excludes ${want}. Set ${bad} so the range includes ${want}, or rename the branch.`);
    },
  },
];
