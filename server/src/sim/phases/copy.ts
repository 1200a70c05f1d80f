// Disk, backup and copy: the disk check (Appendix D lines), [Save.Reg.For.Uninstall], and the file copy with the
// pending-rename queue (whitepaper "File Copy and Cleanup", "The Pending File Renames Registry Key").

import { entryFields, InfDocument } from '../../core/model';
import { catalogLine, UpdateInf } from '../../package/model';
import { CacheEntry, dirOf, InstallRun, installs, MB, PlannedFile, qualifiersMatch, SRC_APPB, win } from '../run';
import { extendedInstalls } from './extended';
import { isUnattended } from '../switches';
import { PlannedDelete } from './inventory';
import { InstalledRecord } from '../state';
import { PendingRename, SimFile } from '../types';
import { compareVersions, parseVersion } from '../version';

export function checkDisk(run: InstallRun, plan: PlannedFile[], caches: CacheEntry[], isSp: boolean, nobackup: boolean): boolean {
  let req = 0;
  let backup = 0;
  for (const p of plan) {
    if (!installs(p.action)) continue;
    req += p.size;
    if (p.installed !== null || run.state.file(p.c.target)) backup += p.oldSize;
  }
  for (const c of caches) req += c.payload ? run.pkg.fileSize(c.payload) ?? 0 : 0;
  const free = run.state.freeBytes;
  const reqMb = Math.ceil(req / MB);
  const backupMb = Math.ceil((req + backup) / MB);
  const freeMb = Math.floor(free / MB);
  run.log(`Allocation size of drive ${run.state.drive} is 4096 bytes, free space = ${free} bytes`);
  if (!isSp) run.log('AnalyzeDiskUsage:  Skipping EstimateDiskUsageForUninstall.');
  run.log(`Drive ${run.state.drive} free ${freeMb}MB req: ${reqMb}MB w/uninstall: ${isSp && !nobackup ? `${backupMb}MB` : 'NOT CALCULATED'}.`);
  if (req > free) {
    run.fail('disk', 'disk-space', 'Appendix E (STATUS_NOT_ENOUGH_SPACE); Appendix D (disk lines)', 'STATUS_NOT_ENOUGH_SPACE', [reqMb, freeMb], `Free at least ${reqMb - freeMb} MB on drive ${run.state.drive}.`);
    return false;
  }
  if (isSp && !nobackup && req + backup > free) {
    run.fail('disk', 'disk-space-uninstall', 'Appendix E (STATUS_NOT_ENOUGH_WITH_UNINST); Appendix D', 'STATUS_NOT_ENOUGH_WITH_UNINST', [backupMb, freeMb], `Free ${backupMb - freeMb} MB more, or install with /nobackup.`);
    return false;
  }
  run.decide('disk', 'disk-space', 'Appendix D ("Drive C: free ... req ... w/uninstall")', `${reqMb} MB needed, ${freeMb} MB free on ${run.state.drive}${isSp ? `; with the uninstall backup ${nobackup ? 'not needed' : backupMb + ' MB'}` : '; the backup size is not calculated for a simple update'}.`, 'pass');
  run.state.freeBytes = Math.max(0, free - req - (nobackup ? 0 : backup));
  return true;
}

/** [Save.Reg.For.Uninstall], and `more` lists of the same form (the ArchiveRegistry= lists of met extended installs). */
export function saveRegForUninstall(run: InstallRun, doc: InfDocument, record: InstalledRecord, more: string[] = []): void {
  const lists = ['Save.Reg.For.Uninstall', ...more].filter((n) => doc.hasSection(n));
  if (!lists.length) return;
  for (const e of lists.flatMap((n) => doc.section(n)!.entries)) {
    const f = entryFields(e).map((x) => doc.expand(x.text, run.language).value.trim());
    if (f.length < 2) continue;
    const key = `${f[0]}\\${f[1]}`;
    if (f[2]) record.saved.push({ key, value: f[2], before: run.state.getValue(key, f[2]) ?? null });
    else {
      const k = run.state.getKey(key);
      for (const v of k?.values.values() ?? []) record.saved.push({ key, value: v.name, before: { ...v } });
      if (!k) record.saved.push({ key, value: '', before: null });
    }
  }
  run.decide('backup', 'save-reg', SRC_APPB + ' ([Save.Reg.For.Uninstall])' + (more.length ? '; ArchiveRegistry= of extended conditional installs (genuine SP2; inferred)' : ''), `${record.saved.length} registry value(s) saved for the removal${more.length ? ` (with ${more.map((n) => `[${n}]`).join(', ')})` : ''}.`);
}

/** The start of the file copy in the log (Appendix D): the removal's registration and the restore point. */
export function beginCopy(run: InstallRun): void {
  run.log(`Registering Uninstall Program for -> ${run.kb}, ${run.kb} , 0x0`);
  run.log('System Restore Point set.');
}

export function copyFiles(run: InstallRun, plan: PlannedFile[], caches: CacheEntry[], record: InstalledRecord): boolean {
  let delayed = false;
  if (caches.length) {
    run.log(`ProcessSetupContentSection: PROCESS_SETUP_CONTENT_OP_INSTALL: \nCopied c:\\17e19c52d072613ef9ce60500ef9612d\\spuninst.exe -> ${run.state.windir.toLowerCase()}\\$hf_mig$\\${run.kb}\\spuninst.exe.`);
    // Appendix D: spmsg.dll follows spuninst.exe into $hf_mig$\<KB>\.
    run.log(`ProcessSetupContentSection: PROCESS_SETUP_CONTENT_OP_INSTALL: \nCopied c:\\17e19c52d072613ef9ce60500ef9612d\\spmsg.dll -> ${run.state.windir.toLowerCase()}\\$hf_mig$\\${run.kb}\\spmsg.dll.`);
  }
  const oldPfr = run.state.pfr.map((p) => ({ ...p }));
  let conflicts = 0;
  for (const p of plan) {
    const f: SimFile = { target: p.c.target, source: win(p.c.sourcePath), action: p.action, installedVersion: p.installed, packageVersion: p.pkgVersion, branch: p.c.branch, rule: p.rule, reason: p.reason };
    if (p.hp) f.hotpatch = p.hp;
    run.files.push(f);
    if (!installs(p.action)) continue;
    const existing = run.state.file(p.c.target);
    record.files.push({ target: p.c.target, previousVersion: existing ? existing.version ?? '' : null, newVersion: p.pkgVersion });
    // Queued older versions of this file would undo the copy at restart: the installer drops them (QChain).
    const before = run.state.pfr.length;
    run.state.pfr = run.state.pfr.filter((q) => !(q.target.toLowerCase() === p.c.target.toLowerCase() && q.source && (!q.version || !p.pkgVersion || compareVersions(q.version, p.pkgVersion) < 0)));
    if (run.state.pfr.length !== before) {
      conflicts += before - run.state.pfr.length;
      run.decide('copy', 'pfr-chain-conflict', 'whitepaper "Chained Installation"', `An older version of ${p.c.target} queued by an earlier installation is dropped from the pending-rename queue.`);
    }
    if (p.action === 'copied' || p.action === 'hotpatched') {
      run.log(p.action === 'hotpatched' ? `Hotpatch: ${p.c.target} patched in memory; copied file:  ${p.c.target}` : `Copied file:  ${p.c.target}`);
      const full = run.fullVersionOf(p.c.payload) ?? p.pkgVersion ?? undefined;
      if (existing) existing.version = full ?? existing.version;
      else run.state.files.set(p.c.target.toLowerCase(), { path: p.c.target, version: full, inUse: false, oem: false, sizeBytes: p.size });
    } else {
      delayed = true;
      const tmp = `${dirOf(p.c.target)}\\${run.state.nextTmpName()}`;
      const q: PendingRename = { source: tmp, target: p.c.target, version: p.pkgVersion ?? undefined, owner: run.kb };
      run.state.pfr.push(q);
      run.newPfr.push(q);
      run.log(`Copied file (delayed):  ${tmp}`);
    }
  }
  for (const c of caches) {
    run.files.push({ target: c.cachePath, source: win(c.sourcePath), action: 'cached', installedVersion: run.state.file(c.cachePath)?.version ?? null, packageVersion: c.version, branch: c.branch, rule: c.rule, reason: c.reason });
    run.state.files.set(c.cachePath.toLowerCase(), { path: c.cachePath, version: run.fullVersionOf(c.payload) ?? c.version ?? undefined, inUse: false, oem: false });
    run.state.cacheTargets.set(c.cachePath.toLowerCase(), c.target);
    // As Appendix D writes a $hf_mig$ path ("c:\\windows\\$hf_mig$\\KB834707\\spuninst.exe"): the Windows folder in
    // lower case, the update id and branch as they are.
    run.log(`Copied file:  ${run.state.windir.toLowerCase()}${c.cachePath.slice(run.state.windir.length)}`);
  }
  const copied = run.files.filter((f) => f.action === 'copied').length;
  const patched = run.files.filter((f) => f.action === 'hotpatched').length;
  const skipped = run.files.filter((f) => f.action.startsWith('skipped')).length;
  run.decide('copy', 'file-copy', 'whitepaper "File Copy and Cleanup"; "Analysis and Inventory"', `${copied} file(s) copied, ${patched ? `${patched} hotpatched, ` : ''}${run.newPfr.length} queued for restart, ${skipped} skipped, ${caches.length} cached.`);
  if (run.newPfr.length || oldPfr.length) {
    run.log('---- Old Information In The Registry ------');
    for (const q of oldPfr) {
      run.log(`Source:${q.source} (${q.version ?? ''})`);
      run.log(`Destination:${q.target} (${run.state.file(q.target)?.version ?? ''})`);
    }
    run.log('---- New Information In The Registry ------');
    for (const q of run.state.pfr) {
      run.log(`Source:${q.source} (${q.version ?? ''})`);
      run.log(`Destination:${q.target} (${parseVersion(run.state.file(q.target)?.version)?.text ?? ''})`);
    }
    if (conflicts) run.decide('copy', 'pfr-chain-conflict', 'whitepaper "Chained Installation"', `${conflicts} conflicting pending rename(s) resolved in favour of the newer file.`);
    run.pfrRegistry('installer (pending file renames)');
  }
  if (run.newPfr.length) run.decide('copy', 'in-use-pfr', 'whitepaper "The Pending File Renames Registry Key"', `${run.newPfr.length} file(s) in use are queued in PendingFileRenameOperations and replaced at restart.`);
  return delayed;
}

/** A dual-mode update: Xpsp1hfm.exe "installs itself in the %SystemRoot%\System32 folder" (KB 328848). */
export function installDualModeTool(run: InstallRun): void {
  const target = `${run.state.windir}\\system32\\xpsp1hfm.exe`;
  const source = run.pkg.resolve('xpsp1hfm.exe');
  const existing = run.state.file(target);
  run.files.push({ target, source: source ? win(source) : 'xpsp1hfm.exe', action: 'copied', installedVersion: existing?.version ?? null, packageVersion: run.peVersionOf(source) ?? null, rule: 'dual-mode-tool', reason: 'the Dual-Mode Update Migration tool installs itself in System32, to migrate the update when SP1 is installed or removed' });
  if (!existing) run.state.files.set(target.toLowerCase(), { path: target, version: run.fullVersionOf(source), inUse: false, oem: false });
  run.decide('copy', 'dual-mode-tool', 'KB 328848', `Xpsp1hfm.exe is copied to ${target}; it migrates the update when SP1 is installed and logs to ${run.state.windir}\\xpsp1hfm.log.`);
  run.log(`Copied file:  ${target}`);
}

/**
 * Branches.inf "is copied to the %WINDIR%\inf\ directory ... When a later version of this file is released with
 * another software update, the one on the computer will be replaced" (WP "Branches.inf"): kept in the machine state
 * with its [Version] FileVersion, replaced only by a later one.
 */
export function copyBranchesInf(run: InstallRun, fileVersion: string | undefined): void {
  const target = `${run.state.windir}\\inf\\branches.inf`;
  const cur = run.state.file(target);
  const v = fileVersion?.trim() || undefined;
  if (cur && (!v || (cur.version && compareVersions(cur.version, v) >= 0))) {
    run.decide('copy', 'branches-inf', 'whitepaper "Branches.inf"', `${target} (FileVersion ${cur.version ?? 'unknown'}) is kept: the package's Branches.inf (${v ?? 'no FileVersion'}) is not later.`);
    return;
  }
  if (cur) cur.version = v;
  else run.state.files.set(target.toLowerCase(), { path: target, version: v, inUse: false, oem: false });
  run.files.push({ target, source: 'update\\branches.inf', action: 'copied', installedVersion: cur?.version ?? null, packageVersion: v ?? null, rule: 'branches-inf', reason: 'Branches.inf is kept in %windir%\\inf; a later version replaces it' });
  run.decide('copy', 'branches-inf', 'whitepaper "Branches.inf"', `Branches.inf ${v ?? '(no FileVersion)'} is copied to ${target}.`);
  run.log(`Copied file:  ${run.state.windir.toLowerCase()}\\inf\\branches.inf`);
}

/**
 * DelFiles= (whitepaper Appendix B, [WindowsMessenger.Files]): the listed files are deleted from the machine. "Before
 * any changes are made to the files ... the package installer archives in an uninstall directory a copy of the files
 * that already exist" (whitepaper "File Archiving"), so each deleted file is backed up and removal puts it back.
 * A file in use is deleted at restart (a pending rename without a source; inferred from the removal's handling).
 */
export function deleteFiles(run: InstallRun, deletes: PlannedDelete[], record: InstalledRecord, nobackup: boolean): boolean {
  let delayed = false;
  let n = 0;
  for (const d of deletes) {
    const cur = run.state.file(d.target);
    if (!cur) {
      run.files.push({ target: d.target, source: null, action: 'skipped-absent', installedVersion: null, packageVersion: null, rule: 'delfiles', reason: `DelFiles=${d.list} of [${d.section}]: the file is not on the system` });
      continue;
    }
    n++;
    const v = cur.version ? parseVersion(cur.version)?.text ?? cur.version : null;
    if (!nobackup) record.files.push({ target: cur.path, previousVersion: cur.version ?? '', newVersion: null, deleted: true });
    if (cur.inUse) {
      const q: PendingRename = { source: '', target: cur.path, owner: run.kb };
      run.state.pfr.push(q);
      run.newPfr.push(q);
      delayed = true;
      run.files.push({ target: cur.path, source: null, action: 'delayed', installedVersion: v, packageVersion: null, rule: 'delfiles', reason: `DelFiles=${d.list} of [${d.section}]: in use, deleted at restart${nobackup ? '' : '; a copy is kept in the backup folder for removal'}` });
    } else {
      run.state.files.delete(cur.path.toLowerCase());
      run.files.push({ target: cur.path, source: null, action: 'deleted', installedVersion: v, packageVersion: null, rule: 'delfiles', reason: `DelFiles=${d.list} of [${d.section}]${nobackup ? '' : '; a copy is kept in the backup folder for removal'}` });
      run.log(`Deleted file:  ${cur.path}`);
    }
  }
  if (deletes.length) run.decide('copy', 'delfiles', 'whitepaper Appendix B (DelFiles=); "File Archiving" (existing files archived before any change)', `${n} file(s) deleted by DelFiles=${delayed ? ' (some at restart)' : ''}${nobackup ? '' : ', each backed up for the removal'}; ${deletes.length - n} listed file(s) are not on the system.`);
  return delayed;
}

/** Where Windows keeps installed security catalogs (the Appendix D log line "GetCatVersion: ... CatRoot\{F750E6C3-...}\KB834707.cat"). */
const CATROOT = 'system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

/** The catalog sections that apply: [ProductCatalogsToInstall], its variants whose qualifiers all match, and met CopyCatalogs=. */
export function catalogSections(run: InstallRun, inf: UpdateInf, reinstall: boolean): string[] {
  const out: string[] = [];
  for (const sec of inf.file.doc.sections.values()) {
    const m = /^productcatalogstoinstall(\..+)?$/.exec(sec.key);
    if (m && qualifiersMatch(run.state.os, m[1])) out.push(sec.name);
  }
  for (const x of extendedInstalls(run, inf, reinstall)) if (x.result === true) out.push(...x.catalogs);
  return out;
}

/**
 * [ProductCatalogsToInstall] (and its qualified variants that match the system, e.g. SP2's .IS; and the CopyCatalogs=
 * lists of the extended conditional installs that hold): each line names a catalog and, optionally, where it is in the
 * package (WP Appendix B: `%SP_SHORT_TITLE%.cat, update\%SP_SHORT_TITLE%.cat`; without a path, the package's root, as
 * in the genuine SP2). Installed into CatRoot so that Windows trusts the new files; a catalog not there yet first logs
 * the harmless "GetCatVersion: Failed to retrieve version information" line of Appendix D; a catalog the package lacks
 * stops the installation (STR_CATALOG_INSTALL_FAILED, returns false). [ArchiveCatalogFilesOnly]
 * names the catalogs kept in the backup folder for the removal. The removal leaves installed catalogs (inferred).
 */
export function installCatalogs(run: InstallRun, inf: UpdateInf, catalogSections: string[], record: InstalledRecord, nobackup: boolean): boolean {
  const doc = inf.file.doc;
  const seen = new Set<string>();
  const installed: string[] = [];
  const missing: string[] = [];
  for (const name of catalogSections) {
    for (const e of doc.section(name)?.entries ?? []) {
      const line = catalogLine(doc, e, inf.sourceBase, run.language);
      if (!line || seen.has(line.name.toLowerCase())) continue;
      const cat = line.name;
      seen.add(cat.toLowerCase());
      const source = line.path;
      const payload = run.pkg.resolve(source);
      if (!payload && !run.infOnly) {
        missing.push(`${cat} (the package has no ${win(source)})`);
        continue;
      }
      const target = `${run.state.windir}\\${CATROOT}\\${cat}`;
      const existing = run.state.file(target);
      if (!existing) run.log(`GetCatVersion:  Failed to retrieve version information from ${target} with error 0x57`);
      run.files.push({ target, source: win(source), action: 'copied', installedVersion: null, packageVersion: null, rule: 'catalog-install', reason: `the security catalog of [${name}], so that Windows trusts the files it signs${payload ? '' : ' (lone INF: assumed in the package)'}` });
      if (!existing) run.state.files.set(target.toLowerCase(), { path: target, version: undefined, inUse: false, oem: false });
      installed.push(cat);
    }
  }
  if (missing.length) {
    // The genuine svcpack.log excerpt (../shared/corpus/microsoft/logs) shows what a catalog that cannot be installed does:
    // "DoInstallation:MyInstallCatalogFiles failed:STR_CATALOG_INSTALL_FAILED", "Failed to install catalog files." shown to
    // the user, extended code 0xf01e. A catalog missing from the package is taken to fail the same way (inferred).
    run.log('DoInstallation:MyInstallCatalogFiles  failed:STR_CATALOG_INSTALL_FAILED');
    run.log(`DeRegistering the Uninstall Program -> ${run.kb}, 0`);
    run.log('Failed to install catalog files.');
    run.dialog = { text: 'Failed to install catalog files.', source: 'genuine svcpack.log excerpt (../shared/corpus/microsoft/logs)', shown: !isUnattended(run.sw) };
    run.fail('copy', 'catalog-missing', SRC_APPB + ' ([ProductCatalogsToInstall]); genuine svcpack.log excerpt (STR_CATALOG_INSTALL_FAILED, 0xf01e); that a missing catalog fails so is inferred', 'STR_CATALOG_INSTALL_FAILED', [missing.join(', ')], 'Add the catalog at that path, or correct the line of the catalog section.');
    return false;
  }
  if (installed.length) run.decide('copy', 'catalog-install', SRC_APPB + ' ([ProductCatalogsToInstall]); Appendix D (the CatRoot folder, GetCatVersion)', `${installed.length} security catalog(s) installed in ${run.state.windir}\\${CATROOT}: ${installed.join(', ')}.`);
  const archived = (doc.section('ArchiveCatalogFilesOnly')?.entries ?? []).map((e) => doc.expand(entryFields(e)[0]?.text ?? '', run.language).value.trim()).filter((x) => x);
  if (archived.length && !nobackup && record.backupDir) run.decide('backup', 'catalog-archive', SRC_APPB + ' ([ArchiveCatalogFilesOnly])', `${archived.join(', ')} ${archived.length === 1 ? 'is' : 'are'} kept in ${record.backupDir} for the removal.`);
  return true;
}
