// The install simulator: walks the package installer's documented process for one or more packages (and removals)
// on a simulated machine built from a profile, and reports what the installer would do, with the rule behind every
// decision. It never executes anything from the package and never touches the real machine: a pure function of
// (package files through a FileSystemView, profile, switches). Never throws. Rules: docs/simulation.md.
//
// The phases live in sim/phases/*.ts; runInstall below is the one place that writes their order. The order is the
// installer's, from whitepaper "Installation Process" (command line, applicability, inventory, disk, backup, copy,
// registry, processes, restart) and the order of the lines in Appendix D (svcpack.log / KB.log).

import { loadPackage } from '../package/model';
import { hex } from './codes';
import { checkApplicability, checkPrerequisites, packageRangeApplies } from './phases/applicability';
import { selectInf } from './phases/branch';
import { extendedInstalls } from './phases/extended';
import { beginCopy, catalogSections, checkDisk, copyBranchesInf, copyFiles, deleteFiles, installCatalogs, installDualModeTool, saveRegForUninstall } from './phases/copy';
import { collectProcesses, collectShortcuts, decideRestart, extendedProcesses, installedEvent, recordUninstallProcesses, recordUninstallShortcuts, servicesAroundCopy } from './phases/finish';
import type { CommandStage } from '../knowledge/installer';
import { checkRights, versionDifferences } from './phases/gates';
import { hotpatch, hotpatchRegistry } from './phases/hotpatch';
import { extract, integrate } from './phases/integrate';
import { inventory, notSimulated, planCaches, planDeletes, planFiles, readBlocklist } from './phases/inventory';
import { infRegistry, installerRegistry, recordUninstallRegistry } from './phases/registry';
import { armRecovery, checkHotfixBlocklist, disarmRecovery, hotfixMigration, servicePackFinish, servicePackSourceFiles } from './phases/servicepack';
import { baseOf, buildTypeCode, DEFAULT_DATE, InstallRun, installs, SimPackageInput, SimStep, SimulateOptions, SRC_APPB, win } from './run';
import { InstalledRecord, MachineState } from './state';
import { isUnattended, parseSwitches } from './switches';
import { Profile, SimResult, SimRun } from './types';
import { RemovalRun } from './phases/removal';

export type { SimPackageInput, SimStep, SimulateOptions } from './run';

/** Simulates packages in order on one profile, then the removals in `options.uninstall`. */
export function simulate(packages: SimPackageInput[], profile: Profile, options: SimulateOptions = {}): SimResult {
  const steps: SimStep[] = [...(packages ?? []).map((pkg) => ({ kind: 'install' as const, pkg })), ...(options.uninstall ?? []).map((id) => ({ kind: 'uninstall' as const, id }))];
  return simulateSteps(steps, profile, options);
}

/** Simulates installs and removals in any order on one profile, carrying the machine state forward. */
export function simulateSteps(steps: SimStep[], profile: Profile, options: SimulateOptions = {}): SimResult {
  let state: MachineState;
  try {
    state = new MachineState(profile);
  } catch (e) {
    return { runs: [internalErrorRun('profile', e)] };
  }
  const runs: SimRun[] = [];
  for (const step of steps ?? []) {
    try {
      runs.push(step.kind === 'install' ? runInstall(new InstallRun(step.pkg, state, options)) : new RemovalRun(step.id, state, options).run());
    } catch (e) {
      runs.push(internalErrorRun(step.kind === 'install' ? step.pkg.root || '(package)' : step.id, e));
    }
  }
  return { runs, finalState: state };
}

function internalErrorRun(name: string, e: unknown): SimRun {
  const msg = `The simulator could not finish this step (${e instanceof Error ? e.message : String(e)}). This is a bug in update-inf; please report it with the package.`;
  return {
    operation: 'install', package: name, returnCode: 1603, extendedCode: 1603, extendedName: 'ERROR_INSTALL_FAILURE', exitCode: 1603, message: msg,
    rebootRequired: false, restartAction: 'none', branch: null, backupDir: null, installerVersion: null, files: [], registry: [], pendingFileRenames: [],
    processes: [], shortcuts: [], migration: [], logFile: '', log: '', decisions: [{ phase: 'result', rule: 'internal-error', source: 'update-inf', message: msg, outcome: 'fail' }], events: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared run plumbing

/** One installation, phase by phase (the order of whitepaper "Installation Process" and Appendix D). */
export function runInstall(run: InstallRun): SimRun {
  const date = run.options.date ?? DEFAULT_DATE;
  run.pkg = run.input.pkg ?? loadPackage(run.input.fs, run.input.root);
  const pkg = run.pkg;
  run.decide('package', 'package-layout', 'whitepaper "File Structure of the Software Update Package"', `Package layout: ${pkg.layout} (${pkg.files.length} files).`);
  // Installer version
  const exe = ['update/update.exe', 'common/update.exe'].map((p) => pkg.resolve(p)).find((p) => p);
  if (run.options.installerVersion) {
    run.installerVersion = run.options.installerVersion;
    run.decide('package', 'installer-version', 'whitepaper Appendix A', `Installer version ${run.installerVersion} (given on the command line).`);
  } else if (exe) {
    const v = pkg.peVersion(exe);
    const fv = v?.fileVersion ?? v?.parsed?.version;
    if (fv) run.installerVersion = fv.join('.');
    run.decide('package', 'installer-version', 'whitepaper Appendix A, "Determining the Package Installer Version"', run.installerVersion ? `Installer version ${run.installerVersion}, read from the version resource of ${exe}.` : `${exe} has no readable version resource; the installer version is unknown (give --installer-version).`, run.installerVersion ? 'info' : 'warn');
  } else {
    run.decide('package', 'installer-version', 'whitepaper Appendix A', 'The package has no update\\update.exe; the installer version is unknown, so every switch is accepted (give --installer-version to check them).', 'warn');
  }
  const inf = run.primaryInf();
  const doc = inf?.file.doc;
  run.kb = (doc && (doc.value('Strings', 'SP_SHORT_TITLE', run.language) ?? '').trim()) || baseOf(run.input.root || 'package') || 'package';
  const installationType = (doc?.value('Configuration', 'InstallationType', run.language) ?? '').trim();
  const isSp = !!doc && installationType !== '' && !/^hotfix$/i.test(installationType);
  run.servicePack = isSp;
  let logName = (doc?.value('Configuration', 'InstallLogFileName', run.language) ?? '').trim() || (isSp ? 'svcpack.log' : `${run.kb}.log`);
  logName = baseOf(win(logName));
  run.sw = parseSwitches(run.options.switches ?? '', run.installerVersion);
  const sw = run.sw;
  const logFile = sw.arg('log') ? win(sw.arg('log')!) : `${run.state.windir}\\${logName}`;
  const exePath = `c:\\${'17e19c52d072613ef9ce60500ef9612d'}\\update\\update.exe`;
  run.log(`${date} (local)`);
  run.log(`${exePath} (version ${run.installerVersion ?? 'unknown'})`);
  run.log(`${isSp ? 'Service Pack' : 'Hotfix'} started with following command line: ${sw.text}`);
  const result = (branch: string | null, backupDir: string | null, reboot: boolean) => {
    if (run.failure) {
      run.log(run.failure.message);
      run.log(`Update.exe extended error code = ${hex(run.failure.code)}`);
      if (!sw.has('er')) run.log('Update.exe return code was masked to 0x643 for MSI custom action compliance.');
    }
    return run.baseRun('install', run.kb, sw, reboot, branch, backupDir, run.installerVersion, logFile, logName);
  };
  // Switches
  for (const w of sw.warnings) run.decide('switches', 'switch-warning', w.source, w.message, 'warn');
  if (sw.errors.length) {
    run.fail('switches', 'switch-invalid', sw.errors[0].source, 'STATUS_INVALID_SWITCHES', [sw.errors.map((e) => e.message).join(' ')]);
    return result(null, null, false);
  }
  run.decide('switches', 'switches-parsed', 'whitepaper "Command-line Options", Table 15', sw.list.length ? `Switches: ${sw.list.map((s) => s.raw + (s.legacy ? ` (legacy form of /${s.name})` : '')).join(', ')}; ${isUnattended(sw) ? 'unattended' : 'attended'} mode.` : 'No switches: attended mode (the wizard runs).', 'pass');
  if (sw.has('help')) return run.helpRun(run.kb, sw, run.installerVersion);
  if (sw.has('extract')) return extract(run, date);
  if (sw.has('verbose')) run.decide('switches', 'verbose-log', 'whitepaper Table 15 (/verbose)', `Verbose logging: the installer would also write ${run.state.windir}\\CabBuild.log listing the files to copy (not simulated) and run more slowly.`);
  // Machine state gates
  if (run.state.anotherInstallRunning) {
    run.fail('applicability', 'another-install-running', 'whitepaper Appendix E (STATUS_UPDATE_ALREADY_RUNNING)', 'STATUS_UPDATE_ALREADY_RUNNING', []);
    return result(null, null, false);
  }
  if (!checkRights(run)) return result(null, null, false);
  if (run.state.removalRestartPending) {
    run.fail('applicability', 'restart-pending-after-removal', 'whitepaper "Chained Installation" (no chained removal); Appendix E', 'STATUS_MUST_RESTART_FIRST', [run.kb], 'Restart after the previous removal, then run the package again.');
    return result(null, null, false);
  }
  if (!inf || !doc) {
    run.fail('package', 'no-update-inf', 'whitepaper "Package Installer-related Files"', 'STATUS_CANT_FIND_INF', [pkg.layout === 'multi-branch' ? 'no update_<branch>.inf' : 'update\\update.inf is missing'], 'Add update\\update.inf (or Updatebr.inf and the branch INFs).');
    return result(null, null, false);
  }
  const sig = (doc.value('Version', 'Signature') ?? '').trim().toLowerCase();
  if (sig !== '$windows nt$' && sig !== '$chicago$') {
    run.fail('package', 'inf-signature', 'whitepaper Appendix B ([Version] Signature); inf-facts 1.4', 'STATUS_INVALID_INF_FILE', [`${inf.file.path} has ${doc.hasSection('Version') ? `Signature "${sig}"` : 'no [Version] section'}; the Setup API does not open it as an INF`], 'Start the file with [Version] and Signature = "$Windows NT$".');
    return result(null, null, false);
  }
  if (doc.hasSection('Configuration') || isSp) run.decide('package', 'installation-type', SRC_APPB + ' ([Configuration] InstallationType, ThisServicePackVersion)', isSp ? `InstallationType = ${installationType}: a service-pack installation (ThisServicePackVersion ${doc.value('Version', 'ThisServicePackVersion') ?? 'not given'}; log svcpack.log, backup in $NtServicePackUninstall$ or /d:path).` : `InstallationType = ${installationType || '(not given)'}: a simple update.`);
  if (sw.has('backupdir') && !isSp) run.decide('switches', 'backup-dir-ignored', 'whitepaper Table 15 (/d: "only available for Windows service pack installations")', `${sw.list.find((x) => x.name === 'backupdir')!.raw} only applies to service packs; this update keeps its backup in %windir%\\$NtUninstall${run.kb}$.`, 'warn');
  versionDifferences(run);
  if (sw.has('integrate')) return integrate(run, inf, result, isSp, date);
  // Branch selection (multi-branch) or half selection (dual-mode)
  if (!packageRangeApplies(run, isSp)) return result(null, null, false);
  const sel = selectInf(run, inf, isSp);
  if (!sel) return result(null, null, false);
  const mainInf = sel.inf;
  const mdoc = mainInf.file.doc;
  // Applicability
  if (!checkApplicability(run, mdoc, isSp)) return result(sel.branch, null, false);
  if (!checkPrerequisites(run, mainInf)) return result(sel.branch, null, false);
  const flags = run.state.volatileFlags();
  run.log(flags === undefined ? 'In Function TestVolatileFlag, line 11641, RegOpenKeyEx failed with error 0x2' : `TestVolatileFlag: UpdateExeVolatile Flags = ${flags}`);
  run.log(run.state.pfr.length ? `DoInstallation: ${run.state.pfr.length} pending file rename operation(s) queued` : 'DoInstallation: CleanPFR failed: 0x2');
  run.log(`SetProductTypes: InfProductBuildType=BuildType.${buildTypeCode(run.state.os)}`);
  run.log('SetAltOsLoaderPath: No section uses DirId 65701; done.');
  // Backup folder
  const nobackup = sw.has('nobackup');
  const uninstDir = isSp ? (sw.arg('backupdir') ? win(sw.arg('backupdir')!) : `${run.state.windir}\\$NtServicePackUninstall$`) : `${run.state.windir}\\${baseOf(win((mdoc.value('Configuration', 'UnInstallDirName', run.language) ?? '').trim() || `$NtUninstall${run.kb}$`))}`;
  const backupDir = nobackup ? null : uninstDir;
  run.log(`CreateUninstall = ${nobackup ? 0 : 1},Directory = ${uninstDir}`);
  run.decide('backup', nobackup ? 'backup-none' : 'backup-dir', 'whitepaper "Removing Software Updates"; Table 15 (/nobackup)', nobackup ? 'No uninstall backup (/nobackup): the update cannot be removed later.' : `Replaced files are backed up to ${uninstDir}.`);
  // Inventory
  // Inventory, in the order of the Appendix D log: updtblk.inf, the load exclusion list, OEM drivers, hotpatching,
  // then the $hf_mig$ scan and the end of the inventory.
  run.log('Starting AnalyzeComponents');
  run.log('AnalyzePhaseZero used 0 ticks');
  if (run.state.blocklist.size) run.log(`Found ${run.state.windir}\\INF\\updtblk.inf.`);
  else run.log(`No ${run.state.windir.toLowerCase()}\\INF\\updtblk.inf file.`);
  run.log('SetupFindFirstLine in LoadExclusionList Failed with error: 0xe0000102');
  const reinstall = !!run.state.installedRecord(run.kb) && !isSp;
  if (reinstall) run.decide('inventory', 'reinstall', SRC_APPB + ' ([ProductInstall.GlobalRegistryChanges.ReInstall])', `${run.kb} is already installed: this is a reinstallation; the ReInstall registry section applies.`);
  notSimulated(run, mdoc);
  const inv = inventory(run, sel, reinstall);
  if (!inv) return result(sel.branch, null, false);
  // SP blocklist
  const blocked = isSp ? readBlocklist(run) : new Set<string>();
  // Decide per file (logs the "Oem driver ..." lines)
  const plan = planFiles(run, inv, mdoc, blocked);
  if (run.failure) return result(sel.branch, null, false);
  if (!isSp && !checkHotfixBlocklist(run, plan)) return result(sel.branch, null, false);
  const hp = hotpatch(run, plan);
  run.log(`FindFirstFile ${run.state.windir.toLowerCase()}\\$hf_mig$\\*.*`);
  run.log('Downloading 0 files');
  run.log('bPatchMode = FALSE');
  run.log(`Inventory complete: ReturnStatus=0, ${inv.length * 3 + 15} ticks`);
  // Caches ($hf_mig$, $xpsp1hfm$)
  const caches = planCaches(run, sel, plan);
  // Disk space
  if (!checkDisk(run, plan, caches, isSp, nobackup)) return result(sel.branch, null, false);
  if (pkg.branches) copyBranchesInf(run, pkg.branches.fileVersion);
  run.log('CabinetBuild complete');
  run.log('DynamicStrings section not defined or empty.');
  // Save registry for uninstall, ARP registration
  const title = mdoc.value('Strings', 'SP_TITLE', run.language)?.trim() || run.kb;
  const record: InstalledRecord = {
    id: run.kb, branch: sel.branch, backup: !nobackup, backupDir, uninstallKey: true, files: [], written: [], saved: [], servicePack: isSp, fromProfile: false, order: run.state.nextOrder(), installerVersion: run.installerVersion, title,
  };
  if (isSp) armRecovery(run, backupDir);
  // Commands run before anything is archived ([ProcessesToRunBeforeArchive], EXECUTE_BEFOREARCHIVE)
  const commandsAt = (stages: readonly CommandStage[]) => {
    collectProcesses(run, mdoc, stages);
    extendedProcesses(run, mainInf, reinstall, stages);
  };
  commandsAt(['before-archive']);
  servicesAroundCopy(run, mdoc);
  saveRegForUninstall(run, mdoc, record, extendedInstalls(run, mainInf, reinstall).filter((x) => x.result === true).flatMap((x) => x.archiveRegistry));
  // Copy
  // DelFiles before the copy: a file an install section both deletes and copies ends up as the package's copy
  // (the Setup API commits a queue's deletes before its copies: inferred), so such files are left to the copy.
  beginCopy(run);
  // The security catalogs come first in the file copy (Appendix D: GetCatVersion before ProcessSetupContentSection).
  if (!installCatalogs(run, mainInf, catalogSections(run, mainInf, reinstall), record, nobackup)) {
    if (isSp) disarmRecovery(run);
    return result(sel.branch, null, false);
  }
  const copiedTargets = new Set(plan.filter((p) => installs(p.action)).map((p) => p.c.target.toLowerCase()));
  const deletedDelayed = deleteFiles(run, planDeletes(run, mainInf, reinstall).filter((d) => !copiedTargets.has(d.target.toLowerCase())), record, nobackup);
  const copiedDelayed = copyFiles(run, plan, caches, record);
  const migrationDelayed = !isSp && hotfixMigration(run, sel, plan);
  const reboot = copiedDelayed || migrationDelayed || deletedDelayed;
  if (sel.half) installDualModeTool(run);
  commandsAt(['after-copying']);
  // Registry
  commandsAt(['before-registry']);
  installerRegistry(run, mdoc, record, isSp, nobackup, sel.branch, plan);
  infRegistry(run, mainInf, record, reinstall);
  hotpatchRegistry(run, hp);
  if (isSp) {
    servicePackFinish(run, mdoc, record, blocked);
    servicePackSourceFiles(run, plan, record);
  }
  if (!nobackup) recordUninstallRegistry(run, mdoc, record);
  // Processes run after everything else (WP Appendix B [ProcessesToRun]), and those queued for after the restart
  commandsAt(['after-install', 'after-reboot']);
  if (!nobackup) recordUninstallProcesses(run, mdoc, record);
  // Shortcuts
  collectShortcuts(run, mainInf, reinstall);
  if (!nobackup) recordUninstallShortcuts(run, mdoc, record);
  // Restart
  const rebootRequired = decideRestart(run, mdoc, hp, reboot);
  // Record
  run.state.installed = run.state.installed.filter((r) => r.id.toLowerCase() !== run.kb.toLowerCase() || r.servicePack !== isSp);
  run.state.installed.push(record);
  if (isSp) disarmRecovery(run);
  installedEvent(run, mdoc, title, isSp, record.previousServicePack, rebootRequired);
  return result(sel.branch, backupDir, rebootRequired);
}
