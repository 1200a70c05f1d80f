// The two runs that install nothing on the machine: /integrate:path (whitepaper "Integrated Installation",
// Table 18) and /extract (Table 13, Table 14, "File Extraction"). Tables: sim/integrate.ts.

import { featureSince } from '../../knowledge/installer';
import { defaultBranchFor, UpdateInf } from '../../package/model';
import { branchLevel, versionNumber } from '../../package/versionRange';
import { hex } from '../codes';
import { compressedName, driveWithMostSpace, integrationScenario, sampleRandomFolder, sourceFolder } from '../integrate';
import { LogWriter } from '../log';
import { inventoryOf } from './inventory';
import { InstallRun, MB, numberOf, win } from '../run';
import { SimRun } from '../types';
import { compareVersions } from '../version';

export function integrate(run: InstallRun, inf: UpdateInf, result: (b: string | null, d: string | null, r: boolean) => SimRun, isSp: boolean, date: string): SimRun {
  const path = win(run.sw.arg('integrate')!).replace(/\\+$/, '');
  const folder = sourceFolder(run.state.os.architecture);
  const share = run.state.share;
  const kind = share?.kind ?? 'os';
  const logFile = `${run.state.drive}\\spslpsrm.log`;
  const slog: string[] = [`${date} (local)`, `Integrating ${run.kb} (${isSp ? 'service pack' : 'simple update'}) into ${path}`];
  const changes: NonNullable<SimRun['integration']>['changes'] = [];
  const finish = (supported: boolean, scenario: string) => {
    const w = new LogWriter('spslpsrm.log');
    for (const l of slog) w.line(l);
    run.extra.integration = { share: path, kind, scenario, supported, changes, logFile, log: w.text() };
  };
  run.decide('package', 'integrate', 'whitepaper "Integrated Installation"', `/integrate: the files go into the installation source at ${path}\\${folder}; nothing on this machine changes and no restart is needed. The log of the operation is ${logFile} (spslpsrm.log).`);
  if (!share) run.decide('package', 'integrate-share', 'inferred', `The profile describes no distribution share (distributionShare): ${path} is taken as a plain operating-system source.`, 'warn');
  else if (share.path && win(share.path).replace(/\\+$/, '').toLowerCase() !== path.toLowerCase()) run.decide('package', 'integrate-share', 'inferred', `distributionShare.path ${share.path} is not the /integrate path ${path}; the profile's share description is used anyway.`, 'warn');
  const kindText = kind === 'os' ? 'a plain operating-system source' : kind === 'os-sp' ? `an operating-system source integrated with service pack ${share?.servicePack ?? '?'}` : kind === 'os-updates' ? `an operating-system source integrated with ${share?.updates?.length ? share.updates.join(', ') : 'simple updates'}` : kind === 'sp-files' ? 'the extracted files of a service pack' : 'the extracted files of a simple update';
  slog.push(`Distribution share: ${kindText}`);
  const sc = integrationScenario(isSp, kind);
  run.decide('package', 'integrate-scenario', sc.source, `Integrating ${sc.scenario} (${path} holds ${kindText}): ${sc.supported ? 'supported' : 'NOT supported'}.`, sc.supported ? 'pass' : 'fail');
  if (!sc.supported) {
    slog.push(`Integration is not supported: ${sc.scenario}. No file was changed.`);
    const fix = isSp && kind === 'os-updates' ? 'Integrate the service pack into a fresh operating-system source first, then integrate the updates.' : 'Integrate each package into an operating-system source (the folder that holds i386), not into another package\'s files.';
    run.fail('package', 'integrate-unsupported', `${sc.source}; the return code is inferred`, 'STATUS_PACKAGE_NOT_APPLICABLE', [`integrating ${sc.scenario} is not supported`], fix);
    slog.push(`Integration failed (${hex(run.failure!.code)}).`);
    finish(false, sc.scenario);
    return result(null, null, false);
  }
  // The branch for the share's level (the default-branch rule of package/model.ts, looked up for the share, not the
  // machine), then the share against the chosen INF's [Version] range (WP "Integrated Installation": the update is
  // slipstreamed into that Windows source; Table 22: packages are "built for specific operating systems and service
  // pack levels").
  const shareOs = share?.os ?? { major: run.state.os.major, minor: run.state.os.minor };
  // Not given: the share is taken as a source of the profile's own Windows version and level (inferred).
  const shareSp = share?.servicePack ?? run.state.os.servicePack;
  let chosen: UpdateInf = inf;
  if (run.pkg.layout === 'multi-branch' && run.pkg.updatebr) {
    const thisSp = isSp ? versionNumber(inf.file.doc, 'ThisServicePackVersion', run.language)?.n : undefined;
    const level = branchLevel(isSp, thisSp, shareSp);
    const d = defaultBranchFor(run.pkg.updatebr, shareOs, level);
    const u = d?.sourceInf?.resolved ? run.pkg.updateInfs.find((x) => x.file.path.toLowerCase() === d.sourceInf!.resolved!.toLowerCase()) : undefined;
    if (!d || !u) {
      run.fail('branch', 'integrate-branch', 'inf-facts 5.7; WP "Integrated Installation"', 'STATUS_NO_BRANCH_AVAILABLE', [`Updatebr.inf names no branch (with an INF) for service pack ${level} of Windows ${shareOs.major}.${shareOs.minor}, the source in ${path}`], 'Integrate the release of the update built for that source.');
      slog.push(`Integration failed (${hex(run.failure!.code)}).`);
      finish(false, sc.scenario);
      return result(null, null, false);
    }
    chosen = { ...u, branch: d.branch };
    run.decide('branch', 'integrate-branch', 'inf-facts 5.7; WP "Integrated Installation"', `The share holds service pack ${shareSp} of Windows ${shareOs.major}.${shareOs.minor}: branch ${d.branch} (line "${d.from.spLevel}=${d.branch}" of [${d.from.section}]) is slipstreamed.`, 'pass');
  }
  const num = (k: string) => versionNumber(chosen.file.doc, k, run.language)?.n;
  const osv = shareOs.major * 100 + shareOs.minor;
  const minOs = num('NtMajorVersionToUpdate') !== undefined ? num('NtMajorVersionToUpdate')! * 100 + (num('NtMinorVersionToUpdate') ?? 0) : undefined;
  const maxOs = num('MaxNtMajorVersionToUpdate') !== undefined ? num('MaxNtMajorVersionToUpdate')! * 100 + (num('MaxNtMinorVersionToUpdate') ?? 99) : undefined;
  const minSp = num('MinNtServicePackVersion');
  const maxSp = num('MaxNtServicePackVersion');
  const spv = shareSp * 256;
  const refuse = (code: string, args: (string | number)[], why: string) => {
    run.fail('applicability', 'integrate-share-range', 'WP "Integrated Installation"; Appendix B [Version]; Appendix E', code, args, `${why} Integrate the release of the update built for the source in ${path}.`);
    slog.push(`Integration is not supported: ${why} No file was changed.`, `Integration failed (${hex(run.failure!.code)}).`);
    finish(false, sc.scenario);
    return result(null, null, false);
  };
  if ((minOs !== undefined && osv < minOs) || (maxOs !== undefined && osv > maxOs)) return refuse('STATUS_PACKAGE_NOT_APPLICABLE', [`the share holds Windows ${shareOs.major}.${shareOs.minor}, which ${chosen.file.path} does not update`], 'The share holds another Windows version.');
  if (minSp !== undefined && spv < minSp) return refuse('STATUS_SP_VERSION_LESSER', [shareSp, Math.floor(minSp / 256)], `The share is at service pack ${shareSp}; the package needs ${Math.floor(minSp / 256)}.`);
  if (maxSp !== undefined && spv > maxSp) return refuse('STATUS_SP_VERSION_GREATER_2', [shareSp, Math.floor(maxSp / 256)], `The share is at service pack ${shareSp}, newer than the package allows.`);
  inf = chosen;
  const inv = inventoryOf(run, inf, inf.branch ?? null, false);
  if (!inv) {
    finish(true, sc.scenario);
    return result(null, null, false);
  }
  const seen = new Set<string>();
  for (const c of inv.values()) {
    const target = `${path}\\${folder}\\${c.destName}`;
    if (seen.has(target.toLowerCase())) continue;
    seen.add(target.toLowerCase());
    run.files.push({ target, source: win(c.sourcePath), action: 'copied', installedVersion: null, packageVersion: run.peVersionOf(c.payload) ?? null, branch: c.branch, rule: 'integrate', reason: 'copied into the installation source' });
    changes.push({ path: target, change: 'replaced', note: `replaces ${c.destName} (or its compressed form ${compressedName(c.destName)}) in the source; added when the source has neither` });
    run.log(`Copied file:  ${target}`);
    slog.push(`Copied file:  ${target}`);
  }
  if (!isSp) {
    const cat = `${path}\\${folder}\\svcpack\\${run.kb}.cat`;
    changes.push({ path: cat, change: 'added', note: 'the update\'s catalog, installed with Windows so the new files are trusted (inf-facts 5.11)' });
    changes.push({ path: `${path}\\${folder}\\svcpack.inf`, change: 'updated', note: `lists ${run.kb}.cat under [ProductCatalogsToInstall] (inf-facts 5.11)` });
    slog.push(`Copied file:  ${cat}`, `Updated ${path}\\${folder}\\svcpack.inf`);
  }
  run.decide('copy', 'integrate-changes', 'whitepaper "Integrated Installation"; inf-facts 5.11 (svcpack.inf)', `${changes.length} file(s) in the share change: ${changes.slice(0, 6).map((c) => `${c.change} ${c.path}`).join(', ')}${changes.length > 6 ? ', ...' : ''}.`);
  slog.push('Integration completed successfully.');
  finish(true, sc.scenario);
  // The share now holds this package (chained integrations see it).
  if (isSp) run.state.share = { ...(share ?? { kind: 'os' }), kind: 'os-sp', servicePack: Math.floor((numberOf(inf.file.doc.value('Version', 'ThisServicePackVersion')) ?? 0) / 256) || undefined };
  else run.state.share = { ...(share ?? { kind: 'os' }), kind: 'os-updates', updates: [...(share?.updates ?? []), run.kb] };
  return result(inf.branch ?? null, null, false);
}

export function extract(run: InstallRun, date: string): SimRun {
  const sw = run.sw;
  const arg = sw.arg('extract');
  const ex = sw.list.find((x) => x.name === 'extract')!;
  const quiet = sw.has('quiet');
  const passive = sw.has('passive');
  const v = run.installerVersion;
  const SRC = 'whitepaper Table 13, Table 14, "File Extraction"';
  let folder: string | null = null;
  let how: 'given' | 'prompt' | 'random';
  let ui: string;
  let drive: string | undefined;
  let sampleName: string | undefined;
  if (arg) {
    folder = win(arg);
    how = 'given';
    const old = !!v && compareVersions(v, featureSince('nobackup-arp')) < 0;
    ui = quiet ? 'none' : passive ? 'progress' : old ? 'confirm' : 'progress';
    run.decide('package', 'extract', SRC, `${ex.raw}: the package files go to ${folder}; nothing is installed.`, 'pass');
    if (ui === 'confirm') run.decide('package', 'extract-confirm', 'whitepaper "Extracting Update Package Contents" (5.3.18.6 note), Appendix A', `Installer ${v} predates 5.3.18.6: a dialog asks to confirm ${folder}. Add /U (or /passive) to skip it.`, 'warn');
  } else if (quiet || passive) {
    const drives = run.state.drives?.length ? run.state.drives : [{ letter: run.state.drive, freeMB: Math.floor(run.state.freeBytes / MB) }];
    const best = driveWithMostSpace(drives)!;
    drive = best.letter.replace(/[:\\]+$/, '').toUpperCase() + ':';
    sampleName = sampleRandomFolder(run.kb);
    folder = `${drive}\\${sampleName}`;
    how = 'random';
    ui = quiet ? 'none' : 'progress';
    run.decide('package', 'extract-random', SRC + '; the drive with the most free space from "File Extraction" (Table 14 says the current drive: we follow the body)', `${ex.raw} with ${quiet ? '/quiet' : '/passive'} and no path: a randomly named folder at the root of ${drive}, the fixed drive with the most free space (${best.freeMB} MB). The name is random each time; ${sampleName} is only a sample.`, 'pass');
  } else {
    how = 'prompt';
    ui = 'folder-prompt';
    run.decide('package', 'extract-prompt', SRC, `${ex.raw} without a path: a dialog asks the user for the destination folder.`, 'pass');
  }
  const base = folder ?? '<folder the user picks>';
  for (const f of run.pkg.files) {
    const pe = /\.(dll|exe|sys|ocx|cpl|drv|mui)$/i.test(f) ? run.peVersionOf(f) ?? null : null;
    run.files.push({ target: `${base}\\${win(f)}`, source: win(f), action: 'extracted', installedVersion: null, packageVersion: pe, rule: 'extract', reason: 'extracted as in the package' });
  }
  run.extra.extraction = { folder, how, ...(drive ? { drive, sampleName } : {}), ui, files: run.pkg.files.length };
  const r = run.baseRun('extract', run.kb, sw, false, null, null, v, '', '');
  r.message = `${run.pkg.files.length} file(s) of ${run.kb} would be extracted to ${folder ?? 'a folder the user picks'}; nothing is installed (run ${run.pkg.layout === 'dual-mode' ? 'Xpsp1hfm.exe' : 'update\\update.exe'} from there to install).`;
  r.logFile = '';
  r.log = '';
  void date;
  return r;
}
