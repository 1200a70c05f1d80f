// Whole-package checks: they read other files of the package or its payload, so they need a loaded package
// (`needsPackage`, skipped by --inf-only) and do nothing when a document is checked alone. A diagnostic about
// another file carries that file's package-relative path as `uri`; checkPackage files it under that path.
// See docs/packages.md for the rules and their sources.

import { maxLimit, versionNumber } from '../package/versionRange';
import { RelatedInfo } from '../core/diagnostics';
import { Span } from '../core/text';
import { dirName, normalizePath } from '../package/fsview';
import { isPrimary, packageInfo, PackageCheckInfo } from '../package/context';
import { entryFields, memoByObject, sameObjects } from '../core/model';
import { catalogLine, CopiedFile, isCompressedPayload, UpdateInf, UpdatePackage, UpdateVerEntry } from '../package/model';
import { effectiveVersion } from '../package/pe';
import { compareVersions, formatVersion, FourPartVersion, parseBranchId, parseVersion } from '../package/versions';
import { CheckContext, ReportOptions, Rule } from './rules';

const lc = (s: string) => s.toLowerCase();
const ZERO: Span = { start: 0, end: 0 };
/** A package-relative path as Windows users write it. */
const win = (p: string) => p.replace(/\//g, '\\');

/** Whether the INF sits in an installer folder (`update\`), i.e. its package is a real package folder whose
 * payload can be checked. A loose INF opened on its own is not. */
function inPackageFolder(info: PackageCheckInfo): boolean {
  return lc(dirName(info.file.path).split('/').pop() ?? '') === 'update';
}

function updateInfOf(info: PackageCheckInfo): UpdateInf | undefined {
  return info.pkg.updateInfs.find((u) => u.file === info.file);
}

/** The package and the update INF being checked, when it is an update INF in the package's update folder. */
function updateInfInPackage(ctx: CheckContext): { info: PackageCheckInfo; inf: UpdateInf } | undefined {
  const info = packageInfo(ctx);
  if (!info || !inPackageFolder(info)) return undefined;
  const inf = updateInfOf(info);
  return inf ? { info, inf } : undefined;
}

/** Root files of the package installer itself (whitepaper, Tables 8-10; KB 328848). Never payload. */
const INSTALLER_FILES = new Set(['spuninst.exe', 'spmsg.dll', 'spupdsvc.exe', 'sprecovr.exe', 'empty.cat', 'xpsp1hfm.exe', 'update.exe', 'updspapi.dll', 'spcustom.dll', 'eula.txt']);

/** Files that are part of the installer rather than payload: the update\ folders, Common\ of a dual-mode
 * package, catalogs and the known installer files. */
export function isInstallerFile(pkg: UpdatePackage, path: string): boolean {
  const parts = lc(normalizePath(path)).split('/');
  const name = parts[parts.length - 1];
  if (INSTALLER_FILES.has(name) || name.endsWith('.cat')) return true;
  if (parts.length >= 2 && parts[0] === 'update') return true;
  if (pkg.layout === 'dual-mode') {
    if (parts[0] === 'common') return true;
    if (parts.length >= 3 && /^sp[12]$/.test(parts[0]) && parts[1] === 'update') return true;
  }
  return false;
}

/** The branch a copied file belongs to: its payload folder when that is a branch id, else its INF's branch. */
function branchOfCopy(inf: UpdateInf, c: CopiedFile): { id: string; spLevel: number; kind: string } | undefined {
  const first = c.sourceFolder;
  const fromFolder = first !== undefined ? parseBranchId(first) : undefined;
  if (fromFolder) return { id: first!, ...fromFolder };
  if (inf.branch) {
    const b = parseBranchId(inf.branch);
    if (b) return { id: inf.branch, ...b };
  }
  return undefined;
}

/** The missing-payload-file message of a copy (null: none, the path holds an undefined %strkey%). */
const MISSING_PAYLOAD = new WeakMap<CopiedFile, string | null>();

/** The source paths a copies array names, kept with the array (it is kept between package loads while unchanged). */
const NAMED_SOURCES = new WeakMap<readonly CopiedFile[], Set<string>>();
function namedSources(copies: readonly CopiedFile[]): Set<string> {
  return memoByObject(NAMED_SOURCES, copies, () => new Set(copies.map((c) => c.sourceKey)));
}

/** A copy whose payload file is in the package. */
type PayloadCopy = CopiedFile & { payload: string };

const WITH_PAYLOAD = new WeakMap<readonly CopiedFile[], PayloadCopy[]>();

/**
 * The copies of an update INF whose payload file is in the package, in order. Kept with the copies array, which the
 * package loader reuses while the INF's file lists are unchanged: the payload rules run on every keystroke and the
 * SP2 update.inf has 12,797 copies, none with a payload when only the INFs are kept.
 */
function copiesWithPayload(u: UpdateInf): PayloadCopy[] {
  return memoByObject(WITH_PAYLOAD, u.copies, () => u.copies.filter((c): c is PayloadCopy => c.payload !== undefined && c.payload !== ''));
}

/** A copy with its payload file and the branch it belongs to. */
interface BranchedCopy {
  copy: PayloadCopy;
  branch: { id: string; spLevel: number; kind: string };
}

const BRANCHED = new WeakMap<readonly CopiedFile[], { infBranch: string | undefined; list: BranchedCopy[] }>();

/**
 * The copies of an update INF with a payload file and a branch (branchOfCopy), in order. Kept with the copies array
 * and the INF's branch: the three branch rules ran branchOfCopy over every copy with a payload on every keystroke
 * (3,834 in the Server 2003 SP2 package with its payload), while the copies stay the same objects.
 */
function branchedCopies(u: UpdateInf): BranchedCopy[] {
  const kept = BRANCHED.get(u.copies);
  if (kept && kept.infBranch === u.branch) return kept.list;
  const list: BranchedCopy[] = [];
  for (const c of copiesWithPayload(u)) {
    const b = branchOfCopy(u, c);
    if (b) list.push({ copy: c, branch: b });
  }
  BRANCHED.set(u.copies, { infBranch: u.branch, list });
  return list;
}

const UNUSED_CANDIDATES = new WeakMap<object, { inputs: readonly unknown[]; candidates: readonly string[] }>();

/**
 * The package's files that could be payload (not an INF of the package, not the installer's own files) and that no
 * copy, [SetupFiles.*] line or Update.ver entry names.
 * Kept while the file list, the package's INFs, the copies arrays and Update.ver entries are the same: a package is
 * loaded anew on every keystroke, and the Server 2003 SP2 package with its payload has 3,834 files, 12,797 copies and
 * 3,836 Update.ver entries to go through otherwise.
 */
function unusedCandidates(pkg: UpdatePackage): readonly string[] {
  const inputs: unknown[] = [pkg.filesKey];
  for (const d of pkg.documents) inputs.push(d.path);
  for (const s of pkg.updatebr?.setupFiles ?? []) inputs.push(s.resolved);
  for (const u of pkg.updateInfs) inputs.push(u.copies);
  for (const v of pkg.updateVers) inputs.push(v.entries);
  const first = pkg.updateInfs[0]?.copies ?? pkg.updateVers[0]?.entries;
  const kept = first && UNUSED_CANDIDATES.get(first);
  if (kept && sameObjects(kept.inputs, inputs)) return kept.candidates;
  const docPaths = new Set(pkg.documents.map((d) => lc(d.path)));
  const payload = pkg.files.filter((f) => !docPaths.has(lc(f)) && !isInstallerFile(pkg, f));
  const used = new Set<string>();
  let candidates: string[] = [];
  if (payload.length > 0) {
    for (const u of pkg.updateInfs) for (const c of copiesWithPayload(u)) used.add(lc(c.payload));
    for (const s of pkg.updatebr?.setupFiles ?? []) if (s.resolved) used.add(lc(s.resolved));
    for (const v of pkg.updateVers) for (const e of v.entries) if (e.resolved) used.add(lc(e.resolved));
    candidates = payload.filter((f) => !used.has(lc(f)));
  }
  if (first) UNUSED_CANDIDATES.set(first, { inputs, candidates });
  return candidates;
}

/** A finding kept for replay: where it is read at replay time (the copy or entry may have moved since), and what it says. */
type KeptFinding = readonly [at: () => Span, message: string, options: ReportOptions | undefined];

const KEPT_FINDINGS = new WeakMap<object, Map<string, { inputs: readonly object[]; found: KeptFinding[] }>>();

/**
 * Reports what `find` reports, and keeps it with `inputs` (objects the findings follow from: a copies array, the
 * package's payloadToken ...): while a later check has the same objects, the findings are reported again without
 * `find` running. The payload rules went through every copy or Update.ver entry with a payload on every keystroke
 * (3,834 files in the Server 2003 SP2 package with its payload) to find what they found the time before.
 */
function reportKept(ctx: CheckContext, code: string, inputs: readonly object[], find: (report: (at: () => Span, message: string, options?: ReportOptions) => void) => void): void {
  const byCode = KEPT_FINDINGS.get(inputs[0]);
  const kept = byCode?.get(code);
  let found: KeptFinding[];
  if (kept && sameObjects(kept.inputs, inputs)) found = kept.found;
  else {
    found = [];
    find((at, message, options) => found.push([at, message, options]));
    if (byCode) byCode.set(code, { inputs, found });
    else KEPT_FINDINGS.set(inputs[0], new Map([[code, { inputs, found }]]));
  }
  for (const [at, message, options] of found) ctx.report(at(), message, options);
}

const GDR_COPIES = new WeakMap<UpdatePackage, Map<string, { inf: UpdateInf; copy: PayloadCopy }>>();

/** GDR copies with a payload file, of the whole package, by half, service-pack level and destination (once per package). */
function gdrCopies(pkg: UpdatePackage): Map<string, { inf: UpdateInf; copy: PayloadCopy }> {
  let gdr = GDR_COPIES.get(pkg);
  if (gdr) return gdr;
  gdr = new Map();
  for (const u of pkg.updateInfs) {
    for (const { copy: c, branch: b } of branchedCopies(u)) {
      if (b.kind !== 'GDR') continue;
      const k = `${lc(u.sourceBase)}|${b.spLevel}|${destKey(c)}`;
      if (!gdr.has(k)) gdr.set(k, { inf: u, copy: c });
    }
  }
  GDR_COPIES.set(pkg, gdr);
  return gdr;
}

function destKey(c: CopiedFile): string {
  const d = c.destination;
  return `${d ? `${d.dirid}|${lc(d.subdir ?? '')}` : '?'}|${lc(c.destName)}`;
}

const UPDATE_VER_PLAN = new WeakMap<readonly UpdateVerEntry[], { e: UpdateVerEntry; want: FourPartVersion | undefined; compressed: boolean }[]>();

/**
 * What update-ver-entry compares for each Update.ver entry (the version it gives, parsed; whether the package ships
 * the file compressed), kept with the entries array: the loader keeps that array while Update.ver and the package's
 * file list are unchanged, and the SP2 package's update.ver has 3,836 entries to go through on every keystroke.
 */
function updateVerPlan(entries: readonly UpdateVerEntry[]) {
  return memoByObject(UPDATE_VER_PLAN, entries, () =>
    entries.map((e) => ({ e, want: e.version ? parseVersion(e.version) : undefined, compressed: e.resolved !== undefined && isCompressedPayload(e.name, e.resolved) })),
  );
}

const PAYLOAD_ABSENT = new WeakMap<UpdatePackage, boolean>();
/** payloadAbsent's last answer per first input (the first update INF's copies, or the first Update.ver's entries). */
const PAYLOAD_ABSENT_BY_INPUTS = new WeakMap<object, { inputs: unknown[]; value: boolean }>();

/**
 * True when the package's payload is absent as a whole: its copy lists name files and not one of them (nor any
 * Update.ver entry) is in the package, as when only the INFs are kept in source control. The payload checks then
 * say so once instead of once per file, and the INFs are checked as usual.
 */
export function payloadAbsent(pkg: UpdatePackage): boolean {
  let v = PAYLOAD_ABSENT.get(pkg);
  if (v !== undefined) return v;
  // Worked out again only when a copies array or an Update.ver's entries changed: a package is loaded anew on every
  // keystroke, while those arrays stay the same objects as long as what they hold does (the SP2 update.ver has 3,836
  // entries to look at otherwise).
  const inputs: unknown[] = [];
  for (const u of pkg.updateInfs) inputs.push(u.copies);
  for (const m of pkg.updateVers) inputs.push(m.entries);
  const last = inputs.length > 0 ? PAYLOAD_ABSENT_BY_INPUTS.get(inputs[0] as object) : undefined;
  if (last && sameObjects(last.inputs, inputs)) v = last.value;
  else {
    let named = 0;
    let found = false;
    for (const u of pkg.updateInfs) {
      named += u.copies.length;
      if (copiesWithPayload(u).length > 0) found = true;
    }
    for (const m of pkg.updateVers) for (const e of m.entries) if (e.resolved) found = true;
    v = named > 1 && !found; // one missing file of a one-file package is reported as such
    if (inputs.length > 0) PAYLOAD_ABSENT_BY_INPUTS.set(inputs[0] as object, { inputs, value: v });
  }
  PAYLOAD_ABSENT.set(pkg, v);
  return v;
}

const PE_EXTENSIONS = /\.(exe|dll|sys|ocx|cpl|drv|scr|ax|acm|tsp|mui|efi)$/i;

export const packageRules: Rule[] = [
  // ------------------------------------------------------------------------------------------- Updatebr.inf
  {
    code: 'updatebr-missing-branch-inf',
    title: 'Branch INF named in Updatebr.inf is not in the package',
    description: 'Each [SourceInfsBranches] line names the update INF of a branch, relative to the package root. When that file is missing, installing the branch fails.',
    defaultSeverity: 'error',
    kinds: ['updatebr-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || info.pkg.updatebr?.file !== info.file) return;
      for (const s of info.pkg.updatebr.sourceInfs) {
        if (!s.infPath || s.resolved) continue;
        ctx.report(s.valueSpan, `The INF ${s.infPath} for branch ${s.branch} is not in the package, so installing that branch fails. Add the file or correct the path (it is relative to the package root, e.g. update\\update_${s.branch}.inf).`);
      }
    },
  },
  {
    code: 'updatebr-missing-setup-file',
    title: 'File listed in [SetupFiles.*] is not in the package',
    description: 'The [SetupFiles.Common] and [SetupFiles.<branch>] lines name installer files relative to the package root; the installer needs every one of them.',
    defaultSeverity: 'error',
    kinds: ['updatebr-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || info.pkg.updatebr?.file !== info.file) return;
      if (payloadAbsent(info.pkg)) return; // said once by missing-payload-file
      for (const s of info.pkg.updatebr.setupFiles) {
        if (s.resolved) continue;
        ctx.report(s.span, `${s.path} (listed in [${s.section}]) is not in the package. Add the file or remove the line; paths are relative to the package root.`);
      }
    },
  },
  {
    code: 'default-branch-not-applicable',
    title: 'Default branch whose INF refuses the systems it is the default for',
    description: 'A [DefaultBranchesServicePacks*] line makes a branch the default from its service-pack level up to the next line\'s level (inferred, see docs/packages.md), and a .WinNtXY section limits it to one OS version. When the branch INF\'s [Version] range (Nt*VersionToUpdate, Min/MaxNtServicePackVersion) excludes every system the line covers, the line is dead: those systems get "This package does not apply" instead of the branch.',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      const m = info?.pkg.updatebr;
      if (!info || !m || m.file !== info.file) return;
      for (const d of m.defaults) {
        if (!Number.isFinite(d.spLevel)) continue;
        const s = m.sourceInfs.find((x) => lc(x.branch) === lc(d.branch));
        const inf = s?.resolved ? info.pkg.document(s.resolved) : undefined;
        if (!inf) continue;
        const doc = inf.doc;
        const num = (k: string) => versionNumber(doc, k)?.n;
        // Service-pack levels the line covers: from its level up to (not including) the next higher level of the same section.
        const higher = m.defaults.filter((x) => x.section === d.section && Number.isFinite(x.spLevel) && x.spLevel > d.spLevel).map((x) => x.spLevel);
        const upTo = higher.length ? Math.min(...higher) - 1 : Infinity;
        const min = num('MinNtServicePackVersion');
        const max = maxLimit(doc, 'MaxNtServicePackVersion');
        const infMinSp = min === undefined ? 0 : Math.floor(min / 256);
        const infMaxSp = max === undefined ? Infinity : Math.floor(max / 256);
        const spOk = infMinSp <= upTo && infMaxSp >= d.spLevel;
        let osOk = true;
        if (d.osVersion) {
          const os = d.osVersion.major * 100 + d.osVersion.minor;
          const lo = num('NtMajorVersionToUpdate');
          const hi = num('MaxNtMajorVersionToUpdate');
          const loV = lo === undefined ? -Infinity : lo * 100 + (num('NtMinorVersionToUpdate') ?? 0);
          const hiV = hi === undefined ? Infinity : hi * 100 + (num('MaxNtMinorVersionToUpdate') ?? 99);
          osOk = os >= loV && os <= hiV;
        }
        if (spOk && osOk) continue;
        const covered = upTo === Infinity ? `service pack ${d.spLevel} and later` : upTo === d.spLevel ? `service pack ${d.spLevel}` : `service packs ${d.spLevel} to ${upTo}`;
        const why = !osOk ? `its [Version] OS range excludes ${d.os}` : `its [Version] accepts service packs ${infMinSp} to ${infMaxSp === Infinity ? 'any' : infMaxSp} only`;
        ctx.report(d.branchSpan, `${d.branch} is the default for ${covered}${d.os ? ` on ${d.os}` : ''}, but ${win(s!.resolved!)} never installs there: ${why}. Point the line at the branch built for those systems, or correct the INF's [Version] range.`, {
          related: [{ uri: s!.resolved!, span: doc.section('Version')?.nodes[0].headerSpan ?? ZERO, message: `[Version] of ${win(s!.resolved!)}` }],
        });
      }
    },
  },
  {
    code: 'unlinked-branch-inf',
    title: 'Branch INF that Updatebr.inf does not link',
    description: 'In a multi-branch package the installer reaches an update_<branch>.inf only through [SourceInfsBranches] in Updatebr.inf; an INF no line points to is never used.',
    defaultSeverity: 'warning',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      const m = info?.pkg.updatebr;
      if (!info || !m || info.pkg.layout !== 'multi-branch' || !inPackageFolder(info)) return;
      if (m.sourceInfs.some((s) => s.resolved !== undefined && lc(s.resolved) === lc(info.file.path))) return;
      const name = info.file.path.split('/').pop()!;
      const branch = info.pkg.updateInfs.find((u) => u.file === info.file)?.branch ?? 'BRANCH';
      ctx.report(ZERO, `No [SourceInfsBranches] line in ${win(m.file.path)} points to ${name}, so the installer never uses it. Add "${branch}=update\\${name}" there, or remove the file.`);
    },
  },
  {
    code: 'missing-branches-inf',
    title: 'Multi-branch package without Branches.inf or Updatebr.inf',
    description: 'A multi-branch package needs update\\updatebr.inf (which branch INF to use) and update\\branches.inf (the branch precedence order); the whitepaper calls both required. Without Updatebr.inf the installer looks for update\\update.inf.',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf', 'update-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || info.pkg.layout !== 'multi-branch' || !isPrimary(info)) return;
      const pkg = info.pkg;
      if (!pkg.updatebr) {
        const hasPlain = pkg.resolve('update/update.inf') !== undefined;
        if (!hasPlain) ctx.report(ZERO, 'This package has branch INFs (update_<branch>.inf) but no update\\updatebr.inf, so the installer does not know which one to use and looks for update\\update.inf, which is missing. Add an Updatebr.inf.', { severity: 'error' });
        return;
      }
      if (!pkg.branches) ctx.report(ZERO, 'This multi-branch package has no update\\branches.inf, so the installer cannot compare the branches of installed files with the package\'s. Add a Branches.inf with the [FileBranchInfo] chain of the branches used.');
    },
  },
  {
    code: 'unknown-branch',
    title: 'Branch that Branches.inf does not know',
    description: 'Branches named in Updatebr.inf, in update_<branch>.inf file names and as payload folders (SP2GDR\\, SP2QFE\\ ...) must be on the Branches.inf chain, or the installer cannot place them in the precedence order (STATUS_INCOMPARABLE_BRANCHES).',
    defaultSeverity: 'warning',
    kinds: ['updatebr-inf', 'update-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      const branches = info?.pkg.branches;
      if (!info || !branches || branches.links.length === 0) return;
      const known = new Set(branches.links.map((l) => lc(l.branch)));
      const hint = `Add it to [FileBranchInfo] in ${win(branches.file.path)} or correct the name.`;
      if (info.file.kind === 'updatebr-inf') {
        const m = info.pkg.updatebr;
        if (!m || m.file !== info.file) return;
        for (const d of m.defaults) if (d.branch && !known.has(lc(d.branch))) ctx.report(d.branchSpan, `Branches.inf does not know the branch ${d.branch}. ${hint}`);
        for (const s of m.sourceInfs) if (s.branch && !known.has(lc(s.branch))) ctx.report(s.keySpan, `Branches.inf does not know the branch ${s.branch}. ${hint}`);
        return;
      }
      const inf = updateInfOf(info);
      if (!inf) return;
      const linked = info.pkg.updatebr?.sourceInfs.some((s) => s.resolved !== undefined && lc(s.resolved) === lc(info.file.path));
      if (inf.branch && !linked && !known.has(lc(inf.branch))) {
        ctx.report(ZERO, `This INF is named for the branch ${inf.branch}, which Branches.inf does not know. ${hint}`);
      }
      const folders = new Set<string>();
      // Indexed: once per copy (12,797 in the SP2 update.inf), mostly before the JIT has compiled it.
      const copies = inf.copies;
      for (let i = 0; i < copies.length; i++) {
        const c = copies[i];
        const folder = c.sourceFolder;
        if (folder === undefined) continue;
        if (!parseBranchId(folder) || known.has(lc(folder)) || folders.has(lc(folder))) continue;
        folders.add(lc(folder));
        ctx.report(c.sourceField.span, `The payload folder ${folder}\\ is named like a branch that Branches.inf does not know. ${hint}`);
      }
    },
  },
  // ------------------------------------------------------------------------------------------------ payload
  {
    code: 'missing-payload-file',
    title: 'Copied file is not in the package',
    description: 'Every file a copy list names must be in the package where the list and [SourceDisksFiles]/[SourceDisksNames] put it (relative to the package root; names match case-insensitively, as on Windows). A missing file makes the installation fail.',
    defaultSeverity: 'error',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const target = updateInfInPackage(ctx);
      if (!target) return;
      const { inf, info } = target;
      if (payloadAbsent(info.pkg)) {
        // One finding for the package, on the first update INF that copies files.
        const first = info.pkg.updateInfs.find((u) => u.copies.length > 0);
        if (first !== inf) return;
        const sets = info.pkg.updateInfs.map((u) => namedSources(u.copies));
        const n = sets.length === 1 ? sets[0].size : new Set(sets.flatMap((x) => [...x])).size;
        const none = n === 1 ? `The one file the copy lists name (${inf.copies[0].sourceName}) is not in the package, under its own name or its compressed one (e.g. acpi.sy_ for acpi.sys)` : `None of the ${n} files the copy lists name is in the package (under their own or their compressed name, e.g. acpi.sy_ for acpi.sys)`;
        ctx.report(inf.copies[0].sourceField.span, `${none}: its payload is absent, as when only the INFs are kept. The payload checks (missing files, Update.ver entries, [SetupFiles] files) are skipped; add the payload to check it.`, { severity: 'warning' });
        return;
      }
      // The message of a copy follows from the copy alone, and copies are kept between package loads while their
      // list and its context are unchanged (see collectCopies): the server re-checks the whole package on every
      // keystroke, so the messages are kept with the copies.
      const reported = new Set<number>();
      for (const c of inf.copies) {
        if (c.payload || reported.has(c.sourceField.span.start)) continue;
        let message = MISSING_PAYLOAD.get(c);
        if (message === undefined) {
          // An undefined %strkey% is reported by undefined-string.
          const where = c.sourceDisksFile ? ' (placed by its [SourceDisksFiles] entry)' : '';
          message = /%[^%\s]+%/.test(c.sourcePath) ? null : `${c.sourceName} is not in the package: the installer looks for it at ${win(c.sourcePath)}${where}. Add the file there or correct the path in [${c.section}].`;
          MISSING_PAYLOAD.set(c, message);
        }
        if (message === null) continue;
        reported.add(c.sourceField.span.start);
        ctx.report(c.sourceField.span, message);
      }
    },
  },
  {
    code: 'missing-catalog-file',
    title: 'Security catalog is not in the package',
    description: 'Each line of [ProductCatalogsToInstall] (and of its qualified variants) names a catalog and, optionally, where it is in the package (`KB123456.cat, update\\KB123456.cat`; without a path, the package root). A catalog that is not there cannot be installed: the installer stops with STR_CATALOG_INSTALL_FAILED (extended code 61470, "Failed to install catalog files.") before replacing any file (the code and message from a genuine svcpack.log; that a missing file fails so is inferred). Not checked when the package has no payload at all (only the INFs kept).',
    defaultSeverity: 'error',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const target = updateInfInPackage(ctx);
      if (!target) return;
      const { inf, info } = target;
      if (payloadAbsent(info.pkg)) return; // said once by missing-payload-file
      const doc = ctx.doc;
      for (const sec of doc.sections.values()) {
        if (!sec.key.startsWith('productcatalogstoinstall') || (sec.key.length > 24 && sec.key[24] !== '.')) continue;
        for (const e of sec.entries) {
          const c = catalogLine(doc, e, inf.sourceBase); // an undefined %strkey% is undefined-string's
          if (!c || info.pkg.resolve(c.path)) continue;
          ctx.report((c.pathField ?? c.nameField).span, `${c.name} is not in the package: the installer looks for it at ${win(c.path)}, and without it stops with STR_CATALOG_INSTALL_FAILED (61470) before replacing any file. Add the catalog there or correct the path in [${sec.name}].`);
        }
      }
    },
  },
  {
    code: 'unreferenced-payload',
    title: 'Payload file that no INF uses',
    description: 'A file in the package that no copy list, [SetupFiles.*] line, Update.ver entry or other INF field names is shipped but never installed; usually a leftover or a typo in the list that should copy it.',
    defaultSeverity: 'hint',
    kinds: 'all',
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || !isPrimary(info) || !inPackageFolder(info)) return;
      const pkg = info.pkg;
      const candidates = unusedCandidates(pkg);
      if (candidates.length === 0) return;
      // Any field of any INF that names a package file (CheckInstall sources, catalogs, ...). Only fields whose
      // last path segment is the name of a still-unreferenced file are resolved, so large INFs stay cheap.
      const named = new Set<string>();
      const names = new Set(candidates.map((f) => lc(f.slice(f.lastIndexOf('/') + 1))));
      for (const d of pkg.documents) {
        const base = d.half ?? '';
        for (const sec of d.doc.sections.values()) {
          for (const e of sec.entries) {
            for (const f of entryFields(e)) {
              const t = f.text;
              if (t.length < 3 || t.length > 260) continue;
              const cut = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
              if (!names.has(lc(t.slice(cut + 1).trim()))) continue;
              const hit = pkg.resolve(base ? `${base}/${t}` : t) ?? pkg.resolve(t);
              if (hit) named.add(lc(hit));
            }
          }
        }
      }
      for (const f of candidates) {
        if (named.has(lc(f))) continue;
        ctx.report(ZERO, `${win(f)} is in the package but no INF copies or names it, so it is never installed. Add it to a copy list of the branch it belongs to, or remove it from the package.`, { uri: f });
      }
    },
  },
  {
    code: 'qfe-older-than-gdr',
    title: 'QFE copy of a file older than its GDR copy',
    description: 'The QFE (hotfix) branch carries every GDR fix plus hotfixes, so for one service-pack level its copy of a file must not be older than the GDR copy. Otherwise a system moved to QFE loses the GDR fix (versions from the payload\'s version resource).',
    defaultSeverity: 'warning',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || !inPackageFolder(info)) return;
      const pkg = info.pkg;
      const own = updateInfOf(info);
      if (!own) return;
      const gdr = gdrCopies(pkg);
      const seen = new Set<string>();
      for (const { copy: c, branch: b } of branchedCopies(own)) {
        if (b.kind !== 'QFE' && b.kind !== 'LDR') continue;
        const k = `${lc(own.sourceBase)}|${b.spLevel}|${destKey(c)}`;
        const g = gdr.get(k);
        if (!g || seen.has(`${k}|${c.sourceField.span.start}`)) continue;
        seen.add(`${k}|${c.sourceField.span.start}`);
        const qv = effectiveVersion(pkg.peVersion(c.payload));
        const gv = effectiveVersion(pkg.peVersion(g.copy.payload));
        if (!qv || !gv || compareVersions(qv, gv) >= 0) continue;
        const related: RelatedInfo[] = [{ uri: g.inf.file.path, span: g.copy.sourceField.span, message: `GDR copy ${win(g.copy.payload)} is ${formatVersion(gv)}` }];
        ctx.report(c.sourceField.span, `The ${b.id} copy of ${c.destName} (${formatVersion(qv)}, ${win(c.payload)}) is older than the GDR copy of the same service-pack level (${formatVersion(gv)}, ${win(g.copy.payload)}). A QFE build must include the GDR fixes: ship a QFE build at least as new as the GDR one.`, { related });
      }
    },
  },
  {
    code: 'payload-branch-mismatch',
    title: 'Payload file built in another branch than its folder',
    description: 'The build-lab tag of a file\'s FileVersion string (e.g. `xpsp_sp2_gdr` in `6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)`) tells the branch it was built in; the installer reads it to decide which branch a file is on. A QFE build in a GDR folder (or the reverse) moves systems to the wrong branch.',
    defaultSeverity: 'warning',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const target = updateInfInPackage(ctx);
      if (!target) return;
      const { info, inf } = target;
      const branched = branchedCopies(inf);
      reportKept(ctx, 'payload-branch-mismatch', [branched, info.pkg.payloadToken], (report) => {
        const seen = new Set<string>();
        for (const { copy: c, branch: b } of branched) {
          if (b.kind !== 'GDR' && b.kind !== 'QFE') continue;
          if (seen.has(lc(c.payload))) continue;
          seen.add(lc(c.payload));
          const v = info.pkg.peVersion(c.payload);
          const kind = v?.parsed?.branchKind;
          if (!kind || !v?.parsed?.lab) continue;
          const isQfe = kind === 'QFE' || kind === 'LDR';
          if ((b.kind === 'GDR' && isQfe) || (b.kind === 'QFE' && kind === 'GDR')) {
            report(() => c.sourceField.span, `${win(c.payload)} is in the ${b.id} branch but was built in ${v.parsed.lab} (${kind}), per its FileVersion "${v.fileVersionString}". Put the ${kind} build in the ${kind} folder and ship a ${b.kind} build here.`);
          }
        }
      });
    },
  },
  {
    code: 'payload-without-version',
    title: 'Program file without a version resource',
    description: 'The installer compares the version resource of a payload EXE/DLL/SYS with the installed file to decide whether to replace it. A file without one (or that is not a PE image) counts as the oldest version.',
    defaultSeverity: 'information',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const target = updateInfInPackage(ctx);
      if (!target) return;
      const { info, inf } = target;
      reportKept(ctx, 'payload-without-version', [inf.copies, info.pkg.payloadToken], (report) => {
        const seen = new Set<string>();
        for (const c of copiesWithPayload(inf)) {
          if (!PE_EXTENSIONS.test(c.payload) || seen.has(lc(c.payload))) continue;
          seen.add(lc(c.payload));
          const v = info.pkg.peVersion(c.payload);
          if (!v) report(() => c.sourceField.span, `${win(c.payload)} is not a Windows program image (PE), so the installer cannot read its version. Check that the right file was packaged.`);
          else if (!effectiveVersion(v)) report(() => c.sourceField.span, `${win(c.payload)} has no version resource, so the installer treats it as older than any installed copy and may skip it. Build it with a VS_VERSION_INFO resource.`);
        }
      });
    },
  },
  // ---------------------------------------------------------------------------------------------- Update.ver
  {
    code: 'update-ver-entry',
    title: 'Update.ver entry that does not match the payload',
    description: 'Update.ver [SourceFileInfo] describes payload files (name, version, size; the whitepaper: "version, size, and hash information"). An entry for a file that is not in the package, or with a version or size different from the file, makes the installer reject the package (STATUS_INVALID_VER_FILE). Microsoft\'s format, read from the genuine update.ver files of Windows Server 2003 SP2 and XP hotfixes: `file = <MD5>, <version as 16 hex digits (four 16-bit words), or empty>, <size>, <branch>, <CRC32>`; the older guessed form `file = a.b.c.d, size` is read too. A file the package ships compressed (acpi.sy_ for acpi.sys) is present, but its size and version are those of the expanded file and are not compared.',
    defaultSeverity: 'error',
    kinds: ['update-ver'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info) return;
      const m = info.pkg.updateVers.find((v) => v.file === info.file);
      if (!m || payloadAbsent(info.pkg)) return;
      const pkg = info.pkg;
      // Kept with the entries (the same array while Update.ver and the file list are) and what the payload files gave.
      reportKept(ctx, 'update-ver-entry', [m.entries, pkg.payloadToken], (report) => {
        for (const { e, want, compressed } of updateVerPlan(m.entries)) {
          if (compressed) continue; // sizes and versions are of the expanded file
          if (!e.resolved) {
            report(() => entryFields(e.entry)[0].span, `${e.name} is listed in Update.ver but is not in the package. Add the file or remove the entry.`);
            continue;
          }
          if (e.version) {
            const actual = effectiveVersion(pkg.peVersion(e.resolved));
            if (actual && want && compareVersions(actual, want) !== 0) {
              report(() => e.entry.span, `Update.ver gives ${e.name} the version ${e.version}, but the file is ${formatVersion(actual)}. Update the entry to the packaged file's version.`, { severity: 'warning' });
            }
          }
          if (e.size !== undefined) {
            const size = pkg.fileSize(e.resolved);
            if (size !== undefined && size !== e.size) {
              report(() => e.entry.span, `Update.ver gives ${e.name} the size ${e.size} bytes, but the file has ${size}. Update the entry to the packaged file's size.`, { severity: 'warning' });
            }
          }
        }
      });
    },
  },
  // ------------------------------------------------------------------------------------------- dual-mode
  {
    code: 'dual-mode-incomplete',
    title: 'Dual-mode package missing a part',
    description: 'A dual-mode package (Windows XP before SP2, KB 328848) has Xpsp1hfm.exe at the root, SP1\\ (for XP without a service pack) and SP2\\ (for XP SP1), each with update\\update.inf and its payload, and Common\\ with the installer files.',
    defaultSeverity: 'error',
    kinds: 'all',
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      const dm = info?.pkg.dualMode;
      if (!info || !dm || !isPrimary(info)) return;
      const missing: string[] = [];
      if (!dm.migrationTool) missing.push('Xpsp1hfm.exe at the root (the launcher that picks the half)');
      if (!dm.common) missing.push('the Common\\ folder (installer files)');
      for (const name of ['SP1', 'SP2']) {
        const h = dm.halves.find((x) => lc(x.folder) === lc(name));
        if (!h?.updateInf) missing.push(`${name}\\update\\update.inf (the ${name === 'SP1' ? 'pre-SP1' : 'SP1'} half)`);
      }
      for (const m of missing) ctx.report(ZERO, `This dual-mode package lacks ${m}. Add it, or build a standard or multi-branch package instead.`);
    },
  },
  {
    code: 'dual-mode-sp-range',
    title: 'Dual-mode half targeting the wrong service pack',
    description: 'In a dual-mode package SP1\\ installs on Windows XP without a service pack and SP2\\ on XP SP1 (KB 328848), so SP1\\update\\update.inf must accept service-pack value 0 and SP2\\update\\update.inf the value 256 (SP1 x 256).',
    defaultSeverity: 'warning',
    kinds: ['update-inf'],
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info || info.pkg.layout !== 'dual-mode' || !info.file.half) return;
      const doc = ctx.doc;
      const want = lc(info.file.half) === 'sp1' ? 0 : 256;
      const num = (k: string) => {
        const v = doc.value('Version', k);
        if (v === undefined) return undefined;
        const n = /^0x/i.test(v.trim()) ? parseInt(v.trim(), 16) : Number(v.trim());
        return Number.isFinite(n) ? n : undefined;
      };
      const min = num('MinNtServicePackVersion');
      const max = maxLimit(doc, 'MaxNtServicePackVersion');
      if ((min !== undefined && min > want) || (max !== undefined && max < want)) {
        const e = doc.entry('Version', min !== undefined && min > want ? 'MinNtServicePackVersion' : 'MaxNtServicePackVersion');
        ctx.report(e ? e.span : ZERO, `The ${info.file.half}\\ half installs on Windows XP ${want === 0 ? 'without a service pack' : 'SP1'} (service-pack value ${want}), but its [Version] range (${min ?? 0} to ${max ?? 'any'}) excludes it. Set MinNtServicePackVersion/MaxNtServicePackVersion to include ${want}.`);
      }
    },
  },
  // ------------------------------------------------------------------------------------------- encoding
  {
    code: 'utf8-without-bom',
    title: 'UTF-8 text without a byte-order mark (read as ANSI)',
    description: 'The Setup API reads a file without a byte-order mark as ANSI (the system code page, Windows-1252 on the systems modelled), even when its bytes are valid UTF-8: every non-ASCII character then reads as two or three other characters (é as Ã©). The file is checked as the Setup API reads it. Fix: save it as UTF-16 LE with a byte-order mark (what genuine packages with non-ASCII text use) or as ANSI (Windows-1252).',
    defaultSeverity: 'warning',
    kinds: 'all',
    needsPackage: true,
    run(ctx) {
      const info = packageInfo(ctx);
      if (!info?.file.utf8WithoutBom) return;
      const text = ctx.doc.text;
      let at = 0;
      while (at < text.length && text.charCodeAt(at) < 0x80) at++;
      if (at >= text.length) return;
      ctx.report({ start: at, end: at + 1 }, `${info.file.path} is UTF-8 without a byte-order mark; the Setup API reads it as ANSI (Windows-1252), so its non-ASCII text (first here) reads as other characters. Save it as UTF-16 LE with a byte-order mark, or as ANSI.`);
    },
  },
];
