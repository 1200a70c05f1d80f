// Inventory: which files each ProductInstall section would place, per-file branch choice, the blocklist, the
// per-file decision (version comparison, OEM, in use), and the $hf_mig$ / $xpsp1hfm$ caches (whitepaper
// "Analysis and Inventory", "Branching", Appendix B). Rules: docs/simulation.md "Inventory".

import { entryFields, InfDocument } from '../../core/model';
import { decodeText } from '../../core/text';
import { CopiedFile, UpdateInf } from '../../package/model';
import { evaluateOperation } from '../conditions';
import { extendedInstalls } from './extended';
import { announceRuntimeDirectories, directoryOf, runtimeDirectories } from './directories';
import { conditionEnv } from './applicability';
import { buildTypeCode, CacheEntry, Candidate, diridPath, editionSuffixes, InstallRun, installs, isUnsafeName, lineValues, numberOf, PlannedFile, ProductSectionKind, qualifierMatches, Selection, SRC_APPB, win } from '../run';
import { isUnattended } from '../switches';
import { parseSpCopyFlags, spCopyFlag } from '../../knowledge/copyflags';
import { EDITIONS, PRODUCT_TYPES, productTypeOf } from '../../knowledge/os';
import { sectionInfo } from '../../knowledge/sections';
import { FileAction } from '../types';
import { branchFromVersion, branchMilestone, compareVersions, parseVersion } from '../version';

/** The product-type codes in lower case, as section-name qualifiers. */
const PRODUCT_TYPE_CODES = new Set(PRODUCT_TYPES.map((t) => t.code.toLowerCase()));

/** Edition suffixes that name a family of editions (knowledge/os.ts), lower-cased, and the suffixes of its members. */
const GENERIC_EDITIONS: Record<string, readonly string[]> = Object.fromEntries(EDITIONS.filter((e) => e.members).map((e) => [e.suffix.toLowerCase(), e.members!.map((m) => m.toLowerCase())]));

/**
 * When a ProductInstall section for a family of editions (.Server, ServerFiles; .Workstation) has a sibling for the
 * system's own edition (.Advanced, AdvancedFiles ...), the sibling is what applies: the genuine Server 2003 SP2 writes
 * [ProductInstall.CopyFilesAlways.Server] and .Advanced, .Datacenter, .Blade, .Business side by side, each copying its
 * own product's build of the same files (ServicePackCache.IS.Files beside ServicePackCache.IA.Files), so there .Server is
 * the Standard Edition's. Without such a sibling the family section applies to every edition in it (a hotfix with
 * .Professional and .Server only, as in the whitepaper's Appendix B). Returns the sibling that takes over, if any.
 */
function ownEditionSibling(run: InstallRun, doc: InfDocument, name: string, generic: string): string | undefined {
  const own = GENERIC_EDITIONS[generic]?.filter((s) => editionSuffixes(run.state.os.edition).has(s)) ?? [];
  for (const s of own) {
    const sibling = name.replace(new RegExp(`(^|\\.)${generic}(files)?(\\.|$)`, 'i'), (_m, a: string, f: string | undefined, b: string) => `${a}${s}${f ?? ''}${b}`);
    if (sibling.toLowerCase() !== name.toLowerCase() && doc.hasSection(sibling)) return doc.section(sibling)!.name;
  }
  return undefined;
}

export function classify(run: InstallRun, name: string, reinstall: boolean, doc?: InfDocument): ProductSectionKind {
  const parts = name.split('.').slice(1);
  const base = (parts[0] ?? '').toLowerCase();
  const quals = parts.slice(1).map((q) => q.toLowerCase());
  const editions = editionSuffixes(run.state.os.edition);
  // A product-type qualifier (.IS, .IA ... the media tags of knowledge/os.ts) names the one product the section is for:
  // the genuine Server 2003 SP2 update.inf has [ProductInstall.ExtendedConditional.IS] next to .IA, and
  // [ProductInstall.GlobalRegistryChanges.Append.IA] / .ID adding the cluster service's messages (Enterprise, Datacenter).
  const type = productTypeOf(run.state.os)?.code.toLowerCase();
  const wrongType = quals.find((q) => PRODUCT_TYPE_CODES.has(q) && q !== type);
  if (wrongType) return { apply: false, mode: 'always', registry: true, why: `product type .${wrongType.toUpperCase()}; this system is ${type ? `.${type.toUpperCase()}` : 'of no known product type'} (${run.state.os.edition})` };
  const ownType = (q: string) => q === type;
  if (base === 'globalregistrychanges') {
    const q = quals[0] ?? 'install';
    if (q === 'install') return { apply: !reinstall, mode: 'always', registry: true, why: reinstall ? 'a reinstallation uses .ReInstall' : 'a first installation' };
    if (q === 'reinstall') return { apply: reinstall, mode: 'always', registry: true, why: reinstall ? 'a reinstallation' : 'not a reinstallation' };
    const forType = quals.slice(1).some(ownType);
    return { apply: true, mode: 'always', registry: true, why: forType ? `this system's product type (.${type!.toUpperCase()})` : 'applies to every installation (inferred)' };
  }
  let mode: 'always' | 'if-exist' = base.startsWith('copyfilesalways') ? 'always' : 'if-exist';
  let apply = true;
  let why = base === 'copyfilesalways' ? 'files copied whether or not they exist' : base === 'replacefilesifexist' ? 'files replaced only where they exist' : base === 'dontdelayuntilreboot' ? 'files replaced only where they exist (the section marks files not to delay; treated like ReplaceFilesIfExist: inferred)' : '';
  if (base === 'uniprocessorfiles' || base === 'multiprocessorfiles') {
    const mp = run.state.processors > 1;
    apply = base === 'multiprocessorfiles' ? mp : !mp;
    mode = 'always';
    why = `${run.state.processors} processor(s)`;
  } else if (/files$/.test(base) && base !== 'replacefilesifexist' && base !== 'dontdelayuntilreboot') {
    const ed = base.slice(0, -5);
    apply = editions.has(ed);
    mode = 'always';
    why = `${ed} edition section; the system is ${run.state.os.edition}`;
    const sibling = apply && doc && GENERIC_EDITIONS[ed] ? ownEditionSibling(run, doc, name, ed) : undefined;
    if (sibling) {
      apply = false;
      why = `[${sibling}] is the section of this system's edition (${run.state.os.edition}); beside it, [${name}] is another edition's (genuine SP2 pattern: inferred)`;
    }
  } else if (!['copyfilesalways', 'replacefilesifexist', 'dontdelayuntilreboot', 'conditional', 'extendedconditional'].includes(base)) {
    why = 'section kind not documented; its files are replaced only where they exist (inferred)';
  }
  for (const q of quals) {
    if (qualifierMatches(run.state.os, q)) {
      const sibling = doc && GENERIC_EDITIONS[q] ? ownEditionSibling(run, doc, name, q) : undefined;
      if (!sibling) continue;
      apply = false;
      why = `[${sibling}] is the section of this system's edition (${run.state.os.edition}); beside it, [${name}] is another edition's (genuine SP2 pattern: inferred)`;
      continue;
    }
    apply = false;
    why = `qualifier .${q} does not match ${run.state.os.edition} ${run.state.os.architecture}`;
  }
  return { apply, mode, registry: true, why };
}

export function inventory(run: InstallRun, sel: Selection, reinstall: boolean): Candidate[] | undefined {
  const base = inventoryOf(run, sel.inf, sel.branch, reinstall);
  if (!base) return undefined;
  // Per-file branch: a file installed from a more cumulative branch of the same milestone gets that branch.
  if (!sel.branch || run.sw.has('branch') || sel.infs.size < 2) return [...base.values()];
  const m = branchMilestone(sel.branch);
  const siblings = [...sel.infs.values()].filter((u) => u.branch && branchMilestone(u.branch) === m && u.branch.toLowerCase() !== sel.branch!.toLowerCase());
  if (!siblings.length) return [...base.values()];
  const defRank = sel.rank(sel.branch);
  const recordBranch = new Map<string, string>();
  for (const r of run.state.installed) if (r.branch) for (const f of r.files) recordBranch.set(f.target.toLowerCase(), r.branch);
  const sibInv = new Map<string, Map<string, Candidate>>();
  const out: Candidate[] = [];
  for (const c of base.values()) {
    const installed = run.state.file(c.target);
    // The file's own lab tag, else the branch of an installed update that lists the file (profile installedUpdates).
    const ib = (installed ? branchFromVersion(installed.version) : undefined) ?? recordBranch.get(c.target.toLowerCase());
    if (!ib) {
      out.push(c);
      continue;
    }
    const ir = sel.rank(ib);
    if (ir === undefined || defRank === undefined) {
      if (branchMilestone(ib) === m) {
        run.fail('branch', 'incomparable-branches', 'Appendix E (STATUS_INCOMPARABLE_BRANCHES); KB 887822 via inf-facts 5.8', 'STATUS_INCOMPARABLE_BRANCHES', [`${c.target} is on branch ${ib}, which Branches.inf does not place relative to ${sel.branch}`], 'Ship a Branches.inf whose chain names every branch of the package and of the installed files.');
        return undefined;
      }
      out.push(c);
      continue;
    }
    if (ir <= defRank) {
      out.push(c);
      continue;
    }
    // The most cumulative sibling not beyond the installed file's branch.
    let best: UpdateInf | undefined;
    let bestRank = defRank;
    for (const s of siblings) {
      const r = sel.rank(s.branch!);
      if (r !== undefined && r > bestRank && r <= ir) {
        best = s;
        bestRank = r;
      }
    }
    if (!best) {
      out.push(c);
      continue;
    }
    let inv = sibInv.get(best.branch!);
    if (!inv) {
      inv = inventoryOf(run, best, best.branch!, reinstall, true);
      if (!inv) return undefined;
      sibInv.set(best.branch!, inv);
    }
    const alt = inv.get(c.target.toLowerCase());
    if (alt) {
      run.decide('branch', 'per-file-branch', 'whitepaper "Branching"; inf-facts 5.9', `${c.target} is on ${ib}: it is installed from ${best.branch} rather than ${sel.branch}.`);
      out.push(alt);
    } else out.push(c);
  }
  return out;
}

/** The files an update INF would install on this machine, by lower-cased target. */
export function inventoryOf(run: InstallRun, inf: UpdateInf, branch: string | null, reinstall: boolean, quiet = false): Map<string, Candidate> | undefined {
  const doc = inf.file.doc;
  const byList = new Map<string, CopiedFile[]>();
  for (const c of inf.copies) {
    const k = c.section.toLowerCase();
    let a = byList.get(k);
    if (!a) byList.set(k, (a = []));
    a.push(c);
  }
  const out = new Map<string, Candidate>();
  // The run-time DIRIDs first, so that their decision comes before those of the lists that go to them.
  const runtimeDirs = quiet ? runtimeDirectories(run, doc) : announceRuntimeDirectories(run, doc);
  const dirCache = new Map<string, string | null | undefined>();
  const unplaced = new Set<string>();
  const addList = (listName: string, mode: 'always' | 'if-exist', section: string, holder?: string, spFlags?: number): boolean => {
    let copies: CopiedFile[];
    if (listName.startsWith('@')) copies = (byList.get((holder ?? section).toLowerCase()) ?? []).filter((c) => c.destName.toLowerCase() === listName.slice(1).trim().toLowerCase());
    else copies = byList.get(listName.toLowerCase()) ?? [];
    for (const c of copies) {
      if (isUnsafeName(c.destName) || isUnsafeName(c.sourceName)) {
        const bad = isUnsafeName(c.destName) ? c.destName : c.sourceName;
        run.fail('inventory', 'unsafe-path', 'inferred (a package file name must stay inside the package and the destination folder)', 'STATUS_INVALID_INF_FILE', [`[${c.section}] names "${bad}", a path that leaves its folder (".." or an absolute path)`], 'Write a plain file name, or a branch folder and name such as SP2QFE\\file.dll.');
        return false;
      }
      const dest = c.destination;
      const dkey = dest ? `${dest.dirid}|${dest.subdir ?? ''}` : '';
      let dir: string | null | undefined;
      if (dirCache.has(dkey)) dir = dirCache.get(dkey);
      else {
        if (!dest) dir = diridPath(11, run.state, undefined);
        else {
          const id = numberOf(dest.dirid);
          dir = id === undefined ? undefined : directoryOf(run, doc, id, dest.subdir);
        }
        dirCache.set(dkey, dir);
      }
      // A run-time DIRID this system does not define: its component is not installed (the custom-dirid decision says so).
      if (dir === null) continue;
      if (!dir) {
        // A run-time DIRID whose folder is not known: its custom-dirid warning already names the lists left out.
        if (runtimeDirs.some((d) => String(d.dirid) === String(numberOf(dest?.dirid)))) continue;
        if (!quiet && !unplaced.has(c.section.toLowerCase()) && unplaced.add(c.section.toLowerCase())) run.decide('inventory', 'dirid-unknown', 'inf-facts 2', `[${c.section}] goes to DIRID ${dest?.dirid}, which the simulator cannot place; its files are left out.`, 'warn');
        continue;
      }
      const target = `${dir}\\${c.destName}`;
      const k = target.toLowerCase();
      const prev = out.get(k);
      if (prev) {
        if (prev.mode === 'if-exist' && mode === 'always') prev.mode = 'always';
        continue;
      }
      out.set(k, { target, destName: c.destName, sourcePath: c.sourcePath, payload: c.payload, mode, flags: numberOf(c.flags) ?? 0, ...(spFlags !== undefined ? { spFlags } : {}), section, list: c.section, branch });
    }
    return true;
  };
  for (const sec of doc.sections.values()) {
    if (!/^productinstall\./.test(sec.key)) continue;
    const kind = classify(run, sec.name, reinstall, doc);
    const hasCopies = sec.entries.some((e) => e.key && /^(copyfiles|filecondition)$/i.test(e.key.text.trim()));
    if (!kind.apply) {
      if (hasCopies && !quiet) run.decide('inventory', 'section-skipped', SRC_APPB + ' (SKU/platform sections)', `[${sec.name}] does not apply: ${kind.why}.`);
      continue;
    }
    if (hasCopies && !quiet) run.decide('inventory', kind.mode === 'always' ? 'copy-always' : 'replace-if-exist', SRC_APPB, `[${sec.name}]: ${kind.why}.`);
    for (const e of sec.entries) {
      if (!e.key) continue;
      const key = e.key.text.trim().toLowerCase();
      if (key === 'copyfiles') {
        for (const v of e.values) {
          const name = doc.expand(v.text, run.language).value.trim();
          if (name && !addList(name, kind.mode, sec.name, sec.name)) return undefined;
        }
      } else if (key === 'filecondition') {
        for (const v of e.values) {
          const cname = doc.expand(v.text, run.language).value.trim();
          const csec = doc.section(cname);
          if (!csec) continue;
          const from = doc.value(cname, 'InstallFromSection', run.language)?.trim();
          const r = evaluateOperation(conditionEnv(run, inf), cname);
          if (r.result !== true) {
            if (!quiet) run.decide('inventory', 'file-condition', SRC_APPB + ' ([ProductInstall.Conditional]); unknown results count as not met: inferred', `[${cname}] is ${r.result === false ? 'not met' : 'not known'} (${r.detail}); its files are not installed.`);
            continue;
          }
          const spFlags = readSpCopyFlags(doc, cname, run.language);
          if (!quiet) run.decide('inventory', 'file-condition', SRC_APPB + ' ([ProductInstall.Conditional])', `[${cname}] is met (${r.detail}); files of [${from}] are installed${spFlags.names.length ? ` with CopyFlags ${spFlags.names.join(' | ')}` : ''}.`);
          for (const name of from ? lineValues(doc, from, 'CopyFiles', run.language) : []) if (!addList(name, 'always', cname, from, spFlags.value)) return undefined;
        }
      }
    }
  }
  // [DirectoryId.Include]: the lists of the install section of each run-time DIRID this system defines, with its CopyFlags.
  for (const d of runtimeDirs) {
    if (!d.path || !d.installFrom) continue;
    for (const list of lineValues(doc, d.installFrom, 'CopyFiles', run.language)) if (!addList(list, 'always', d.section, d.installFrom, d.copyFlags)) return undefined;
  }
  // Extended conditional installs whose conditions hold: their file lists, with the copy flags their declarations give.
  for (const x of extendedInstalls(run, inf, reinstall, quiet)) {
    if (x.result !== true) continue;
    for (const f of x.files) if (!addList(f.list, 'always', x.section, f.from, f.declaration?.copyFlags)) return undefined;
  }
  // The section of the system's build type, [BuildType.<type>] (SetProductTypes in the log): its CopyFiles= lists are
  // copied whether or not the files exist (the genuine Server 2003 SP2 update.inf marks those lists "copy always" in
  // [DestinationDirs]; that the installer reads the section's CopyFiles= lines is inferred from that package).
  const types = [...doc.sections.values()].filter((sec) => sectionInfo(sec.name)?.name === 'BuildType.<type>');
  if (types.length > 0) {
    const code = buildTypeCode(run.state.os);
    const bt = types.find((sec) => sec.key === `buildtype.${code.toLowerCase()}`);
    const lists = bt ? lineValues(doc, bt.name, 'CopyFiles', run.language) : [];
    if (!quiet) {
      const others = types.length - (bt ? 1 : 0);
      run.decide(
        'inventory',
        'build-type',
        'whitepaper Appendix D (SetProductTypes); genuine package: Windows Server 2003 SP2 update.inf ([BuildType.*] lists marked "copy always"); product types: knowledge/os.ts',
        bt
          ? `[${bt.name}] is this system's build type: ${lists.length ? `its lists ${lists.map((l) => `[${l}]`).join(', ')} are copied whether or not the files exist` : 'it copies no list'}${others ? `; the ${others} other [BuildType.*] section(s) do not apply` : ''}.`
          : `No [BuildType.${code}] section for this system's build type: none of the ${others} [BuildType.*] section(s) applies.`,
      );
    }
    for (const name of lists) if (!addList(name, 'always', bt!.name, bt!.name)) return undefined;
  }
  return out;
}

export function readBlocklist(run: InstallRun): Set<string> {
  const out = new Set<string>();
  const p = run.pkg.resolve('update/updtblk.inf');
  if (!p) return out;
  const bytes = run.pkg.fs.readFile(run.pkg.viewPath(p));
  if (!bytes) return out;
  const doc = new InfDocument(p, decodeText(bytes).text);
  for (const sec of doc.sections.values()) {
    for (const e of sec.entries) {
      for (const f of entryFields(e)) {
        const t = f.text.trim();
        if (/^(KB|Q)\d{4,}[\w-]*$/i.test(t)) out.add(t.toLowerCase());
      }
    }
  }
  run.decide('inventory', 'blocklist', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates" (Updtblk.inf format inferred: any line naming KB/Q ids)', `Updtblk.inf lists ${out.size} update(s): ${[...out].join(', ') || '(none)'}.`);
  return out;
}

export function planFiles(run: InstallRun, inv: Candidate[], doc: InfDocument, blocked: Set<string>): PlannedFile[] {
  const out: PlannedFile[] = [];
  const noPnp = /^1$/.test((doc.value('Configuration', 'noPNPfiles') ?? '').trim());
  const overwriteOem = run.sw.has('overwriteoem');
  const unattended = isUnattended(run.sw);
  const oemExclusions = readOemExclusions(doc, run.language);
  const blockedTargets = new Map<string, string>();
  if (blocked.size) {
    for (const r of run.state.installed) if (blocked.has(r.id.toLowerCase())) for (const f of r.files) blockedTargets.set(f.target.toLowerCase(), r.id);
  }
  for (const c of inv) {
    const installedFile = run.state.file(c.target);
    const pending = run.state.pendingFor(c.target);
    const iv = installedFile?.version ? parseVersion(installedFile.version)?.text ?? installedFile.version : null;
    let pv: string | null = run.peVersionOf(c.payload) ?? null;
    const size = c.payload ? run.pkg.fileSize(c.payload) ?? 0 : 0;
    const oldSize = installedFile ? installedFile.sizeBytes ?? size : 0;
    const push = (action: FileAction, rule: string, reason: string) => out.push({ c, action, installed: iv, pkgVersion: pv, rule, reason, size, oldSize });
    // A lone INF: the payload's version is assumed newer than the installed file's, but the rules that depend only on
    // the system (replace only where the file exists, the blocklist, the computer maker's files) still decide first.
    const assumed = !c.payload && run.infOnly;
    if (!c.payload && !assumed) {
      if (!inv.some((x) => x.payload)) {
        // Nothing to copy at all: a folder with the INFs only (e.g. the update\ folder of a service-pack CD).
        const names = inv.slice(0, 3).map((x) => win(x.sourcePath)).join(', ');
        run.fail('inventory', 'payload-absent', 'whitepaper "Contents of the Software Update Package" (the payload travels with the INFs); Appendix E', 'STATUS_FAILURE_COPYING_FILES', [`the package's payload is not in the folder: none of the ${inv.length} file(s) the inventory would copy is there (${names}${inv.length > 3 ? ', ...' : ''})`], 'Branch choice, applicability and the prerequisites above were simulated from the INFs; extract the full package (update.exe and the payload beside the INFs) to simulate the copy.');
        return out;
      }
      run.fail('inventory', 'payload-missing', 'whitepaper "Contents of the Software Update Package"; Appendix E', 'STATUS_FAILURE_COPYING_FILES', [`the package has no ${win(c.sourcePath)} for ${c.target}`], 'Add the payload file at that path, or fix the source field of the copy list.');
      return out;
    }
    if (c.mode === 'if-exist' && !installedFile) {
      push('skipped-absent', 'replace-if-exist', `[${c.section}] replaces files only where they exist; ${c.target} is not on the system`);
      continue;
    }
    const blockOwner = blockedTargets.get(c.target.toLowerCase());
    if (blockOwner) {
      push('skipped-newer', 'sp-blocklist', `${blockOwner} is on the service pack's blocklist: its newer file is kept`);
      continue;
    }
    // [OEMDriver.Exclusions] (WP Appendix B: drivers that may override the OEM file check, with a flag for warning the
    // user; genuine SP2: "Ntoskrnl.exe,1", "intelppm.sys"): the computer maker's copy of a listed file is replaced.
    const excluded = installedFile?.oem && !overwriteOem && !noPnp ? oemExclusions.get(c.destName.toLowerCase()) : undefined;
    if (excluded !== undefined) {
      run.decide('copy', 'oem-excluded', 'whitepaper Appendix B ([OEMDriver.Exclusions]); genuine Server 2003 SP2 update.inf; that flag 1 means "warn the user" is inferred', `${c.target} comes from the computer maker, but [OEMDriver.Exclusions] lists ${c.destName}: the OEM check does not keep it${excluded === 1 ? (unattended ? ' (flag 1: the user would be warned in attended mode)' : '; the user is warned that it is replaced (flag 1)') : ''}.`);
    } else if (installedFile?.oem && !overwriteOem && !noPnp) {
      if (unattended) {
        run.log(`Oem driver ${c.target} is signed by oem0.cat and will not be replaced`);
        push('skipped-oem', 'oem-unattended', 'the file comes from the computer maker; unattended installs leave it unless /overwriteoem');
        continue;
      }
      run.decide('copy', 'oem-attended', 'whitepaper Table 15 (/overwriteoem)', `${c.target} comes from the computer maker: the wizard asks before replacing it (simulated as confirmed).`, 'warn');
    }
    const noVersionCheck = (c.flags & 0x4) !== 0;
    const sp = c.spFlags ?? 0;
    if (sp & (SP_COPY_NOOVERWRITE | SP_COPY_FORCE_NOOVERWRITE) && installedFile) {
      push('skipped-newer', 'copyflags-no-overwrite', `CopyFlags of [${c.section}] (SP_COPY_NOOVERWRITE): ${c.target} exists and is kept`);
      continue;
    }
    if (sp & SP_COPY_REPLACEONLY && !installedFile) {
      push('skipped-absent', 'copyflags-replace-only', `CopyFlags of [${c.section}] (SP_COPY_REPLACEONLY): ${c.target} is not on the system`);
      continue;
    }
    if (assumed) {
      push('copied', 'payload-assumed', `payload ${win(c.sourcePath)} is not there (lone INF): assumed newer than the installed file`);
      continue;
    }
    // SP_COPY_NEWER / SP_COPY_NEWER_OR_SAME / SP_COPY_FORCE_NEWER: a source as new as the target is still copied
    // (inf-facts 4.3; the plain rule of the installer skips the same version).
    if (sp & (SP_COPY_NEWER | SP_COPY_FORCE_NEWER) && !(sp & SP_COPY_NEWER_ONLY) && !noVersionCheck && pv && iv && compareVersions(iv, pv) === 0 && !installedFile?.inUse) {
      push('copied', 'copyflags-newer-or-same', `CopyFlags of [${c.section}] (SP_COPY_NEWER_OR_SAME): the package's ${pv} is as new as the installed ${iv}, so it is copied`);
      continue;
    }
    if (!noVersionCheck && pv && iv && compareVersions(iv, pv) >= 0) {
      push('skipped-newer', 'skip-same-or-newer', `the installed version ${iv} is the same or newer than the package's ${pv}`);
      continue;
    }
    if (!noVersionCheck && pv && pending?.version && compareVersions(pending.version, pv) >= 0) {
      push('skipped-newer', 'pfr-chain-newer', `version ${pending.version} is already queued to replace it at restart${pending.owner ? ` (by ${pending.owner})` : ''}`);
      continue;
    }
    if (!pv) pv = null;
    if (installedFile?.inUse) {
      push('delayed', 'in-use-pfr', 'the file is in use: the new version is queued to replace it at restart');
      continue;
    }
    push('copied', noVersionCheck ? 'copy-no-version-check' : iv ? 'copy-newer' : 'copy-new-file', noVersionCheck ? 'COPYFLG_NOVERSIONCHECK: copied whatever the versions' : iv ? `the package's ${pv ?? 'unversioned'} file is newer than ${iv}` : 'the file is not on the system yet');
  }
  return out;
}

export function planCaches(run: InstallRun, sel: Selection, plan: PlannedFile[]): CacheEntry[] {
  const out: CacheEntry[] = [];
  const seen = new Set<string>();
  const w = run.state.windir;
  const add = (cachePath: string, target: string, c: Candidate, rule: string, reason: string, branch: string) => {
    const k = cachePath.toLowerCase();
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ cachePath, target, sourcePath: c.sourcePath, payload: c.payload, version: run.peVersionOf(c.payload) ?? null, branch, rule, reason });
  };
  if (sel.half && sel.half.toLowerCase() === 'sp1') {
    const other = run.pkg.updateInfs.find((u) => u.file.half && u.file.half.toLowerCase() === 'sp2');
    const inv = other ? inventoryOf(run, other, null, false, true) : undefined;
    for (const c of inv?.values() ?? []) add(`${w}\\$xpsp1hfm$\\${run.kb}\\${c.destName}`, c.target, c, 'dual-mode-cache', 'the post-SP1 version is kept for when SP1 is installed (Xpsp1hfm)', 'SP2');
    if (inv?.size) run.decide('migration', 'dual-mode-cache', 'KB 328848', `Xpsp1hfm keeps the SP2 half's files in ${w}\\$xpsp1hfm$\\${run.kb}\\ for the SP1 installation.`);
    return out;
  }
  if (!sel.branch || sel.infs.size < 2) return out;
  const m = branchMilestone(sel.branch);
  const installedKeys = new Set(plan.filter((p) => installs(p.action)).map((p) => p.c.target.toLowerCase()));
  // More cumulative branch of the same milestone, for the files installed from a less cumulative one. The best
  // branch depends only on the file's branch, and its inventory only on that INF: both worked out once.
  const bestFor = new Map<string, UpdateInf | undefined>();
  const inventories = new Map<UpdateInf, Map<string, Candidate> | undefined>();
  for (const p of plan) {
    if (!installedKeys.has(p.c.target.toLowerCase()) || !p.c.branch) continue;
    if (!bestFor.has(p.c.branch)) {
      let best: UpdateInf | undefined;
      let bestRank = sel.rank(p.c.branch) ?? -1;
      for (const u of sel.infs.values()) {
        const ur = u.branch ? sel.rank(u.branch) : undefined;
        if (u.branch && branchMilestone(u.branch) === m && ur !== undefined && ur > bestRank) {
          best = u;
          bestRank = ur;
        }
      }
      bestFor.set(p.c.branch, best);
    }
    const best = bestFor.get(p.c.branch);
    if (!best) continue;
    if (!inventories.has(best)) inventories.set(best, inventoryOf(run, best, best.branch!, false, true));
    const alt = inventories.get(best)?.get(p.c.target.toLowerCase());
    if (alt) add(`${w}\\$hf_mig$\\${run.kb}\\${best.branch}\\${alt.destName}`, alt.target, alt, 'hfmig-cache-cumulative', `the ${best.branch} version is kept so a later hotfix can move the file to that branch`, best.branch!);
  }
  // Versions for a higher service-pack level.
  if (m !== undefined) {
    const byMilestone = new Map<number, UpdateInf>();
    for (const u of sel.infs.values()) {
      const um = u.branch ? branchMilestone(u.branch) : undefined;
      if (um === undefined || um <= m || um <= run.state.os.servicePack) continue;
      const cur = byMilestone.get(um);
      if (!cur || (sel.rank(u.branch!) ?? -1) > (sel.rank(cur.branch!) ?? -1)) byMilestone.set(um, u);
    }
    for (const u of byMilestone.values()) {
      for (const c of inventoryOf(run, u, u.branch!, false, true)?.values() ?? []) add(`${w}\\$hf_mig$\\${run.kb}\\${u.branch}\\${c.destName}`, c.target, c, 'hfmig-cache-next-sp', `the ${u.branch} version is kept to be reapplied after the next service pack`, u.branch!);
    }
  }
  if (out.length) run.decide('migration', 'hfmig-cache', 'whitepaper "Branching"', `${out.length} file(s) are cached in ${w}\\$hf_mig$\\${run.kb}\\ for later migration.`);
  return out;
}

/**
 * Appendix B directives the simulator does not carry out, named once per run so that nothing is ignored silently
 * (issue #16 point 10): DelFiles and RenFiles, CopyFlags in a FileCondition's install section, the registry
 * sections of [UninstallSections] on removal, [ProcessesToRunAfterUninstallReboot]. docs/simulation.md lists them.
 */
const SP_COPY_REPLACEONLY = 0x2;
const SP_COPY_NEWER = 0x4;
const SP_COPY_NOOVERWRITE = 0x8;
const SP_COPY_FORCE_NOOVERWRITE = 0x1000;
const SP_COPY_FORCE_NEWER = 0x2000;
const SP_COPY_NEWER_ONLY = 0x10000;
/** The SP_COPY_* bits the simulator carries out (planFiles); the others are listed as not simulated. */
const SP_SIMULATED = SP_COPY_REPLACEONLY | SP_COPY_NEWER | SP_COPY_NOOVERWRITE | SP_COPY_FORCE_NOOVERWRITE | SP_COPY_FORCE_NEWER | SP_COPY_NEWER_ONLY;

/** `CopyFlags = SP_COPY_A | SP_COPY_B` of a condition section (names from knowledge/copyflags.ts; numbers accepted). */
export function readSpCopyFlags(doc: InfDocument, section: string, language: string): { value: number | undefined; names: string[]; unknown: string[] } {
  return parseSpCopyFlags(doc.value(section, 'CopyFlags', language) ?? '');
}

/** [OEMDriver.Exclusions]: file name (lower case) -> its flag (1: warn the user; 0 when not given). */
function readOemExclusions(doc: InfDocument, language: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of doc.section('OEMDriver.Exclusions')?.entries ?? []) {
    const f = entryFields(e);
    const name = f[0] ? doc.expand(f[0].text, language).value.trim().toLowerCase() : '';
    if (name) out.set(name, numberOf(f[1]?.text.trim()) ?? 0);
  }
  return out;
}


/** A file an install section's DelFiles= list deletes. */
export interface PlannedDelete {
  target: string;
  list: string;
  section: string;
}

/**
 * DelFiles= of the ProductInstall sections that apply and of the install sections of met FileConditions (whitepaper
 * Appendix B, [WindowsMessenger.Files] "DelFiles=..."): each line of the list names a file in the list's
 * [DestinationDirs] folder.
 */
export function planDeletes(run: InstallRun, inf: UpdateInf, reinstall: boolean): PlannedDelete[] {
  const doc = inf.file.doc;
  const out: PlannedDelete[] = [];
  const env = conditionEnv(run, inf);
  const fromHolder = (holder: string, why: string) => {
    for (const e of doc.section(holder)?.entries ?? []) {
      if (!e.key || e.key.text.trim().toLowerCase() !== 'delfiles') continue;
      for (const v of e.values) {
        const list = doc.expand(v.text, run.language).value.trim();
        const dir = list ? env.listDir(list) : undefined;
        if (!dir) continue;
        for (const le of doc.section(list)?.entries ?? []) {
          const name = doc.expand((le.key ?? le.values[0])?.text ?? '', run.language).value.trim();
          if (name && !isUnsafeName(name)) out.push({ target: `${dir}\\${name}`, list, section: why });
        }
      }
    }
  };
  for (const sec of doc.sections.values()) {
    if (!/^productinstall\./.test(sec.key)) continue;
    if (classify(run, sec.name, reinstall, doc).apply) fromHolder(sec.name, sec.name);
    for (const e of sec.entries) {
      if (!e.key || e.key.text.trim().toLowerCase() !== 'filecondition') continue;
      for (const v of e.values) {
        const cname = doc.expand(v.text, run.language).value.trim();
        const from = doc.value(cname, 'InstallFromSection', run.language)?.trim();
        if (from && evaluateOperation(env, cname).result === true) fromHolder(from, cname);
      }
    }
  }
  return out;
}

export function notSimulated(run: InstallRun, doc: InfDocument): void {
  const found: string[] = [];
  for (const sec of doc.sections.values()) {
    for (const e of sec.entries) {
      const k = e.key?.text.trim().toLowerCase();
      if (k === 'renfiles') found.push(`RenFiles in [${sec.name}] (files are not renamed)`);
      else if (k === 'copyflags') {
        const f = readSpCopyFlags(doc, sec.name, run.language);
        const rest = f.names.filter((n) => ((spCopyFlag(n)?.value ?? 0) & ~SP_SIMULATED) !== 0).concat(f.unknown);
        if (rest.length) found.push(`${rest.join(' | ')} in [${sec.name}] (only the version and existence flags are carried out)`);
      }
    }
  }
  if (found.length) run.decide('inventory', 'not-simulated', 'whitepaper Appendix B; docs/simulation.md "Not simulated"', `Not simulated: ${found.join('; ')}.`, 'warn');
}
