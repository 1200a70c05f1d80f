// Applicability: platform, checked/free, language, OS version and build, service pack, then [Prerequisite]
// (whitepaper Appendix B [Version] keys; inf-facts 5.3, 5.6). Rules: docs/simulation.md "Machine gates and applicability".

import { InfDocument } from '../../core/model';
import { normalizePath } from '../../package/fsview';
import { UpdateInf } from '../../package/model';
import { hex } from '../codes';
import { ConditionEnv, evaluatePrerequisites } from '../conditions';
import { maxLimit, readVersionRange, versionNumber } from '../../package/versionRange';
import { isUnattended } from '../switches';
import { diridPath, InstallRun, numberOf, SRC_APPB } from '../run';
import { directoryOf } from './directories';

export function checkApplicability(run: InstallRun, doc: InfDocument, isSp: boolean): boolean {
  const os = run.state.os;
  const range = readVersionRange(doc, run.language);
  const mismatch = () => run.showDialog('versionMismatch', [], isUnattended(run.sw));
  const src = SRC_APPB + ' ([Version])';
  // Architecture
  const machineType = range.machineType;
  const archString = (doc.value('Strings', 'PACKAGE_ARCHITECTURE', run.language) ?? '').trim().toLowerCase();
  let pkgArch: string = machineType === 64 ? '64-bit' : 'x86';
  if (archString === 'amd64' || archString === 'x64') pkgArch = 'x64';
  else if (archString === 'ia64') pkgArch = 'ia64';
  else if (archString === 'x86' && machineType !== 64) pkgArch = 'x86';
  const archOk = pkgArch === 'x86' ? os.architecture === 'x86' : pkgArch === '64-bit' ? os.architecture !== 'x86' : os.architecture === pkgArch;
  if (!archOk) {
    run.fail('applicability', 'platform', 'inf-facts 5.3 (MachineType); Appendix E', 'STATUS_PLATFORM_MISMATCH', [pkgArch, os.architecture], `Use the ${os.architecture} release of the update.`);
    mismatch();
    return false;
  }
  run.decide('applicability', 'platform', 'inf-facts 5.3', `Platform ${os.architecture} matches the package (${pkgArch}).`, 'pass');
  if (os.checked) {
    run.fail('applicability', 'checked-free', 'Appendix E (STATUS_CHECKED_FREE_MISMATCH); packages treated as free builds: inferred', 'STATUS_CHECKED_FREE_MISMATCH', [], 'Install the checked-build release of the update on a checked system.');
    return false;
  }
  // Language
  const langText = (doc.value('Version', 'LanguageType', run.language) ?? '').trim();
  const pkgLang = langText === '' ? 0 : numberOf(langText);
  const sysLang = parseInt(os.language, 16);
  if (pkgLang === undefined) {
    run.decide('applicability', 'language', src, `LanguageType "${langText}" is not a number; treated as language-neutral.`, 'warn');
  } else if (pkgLang !== 0) {
    const ok = pkgLang <= 0x3ff ? (sysLang & 0x3ff) === pkgLang : sysLang === pkgLang;
    if (!ok) {
      run.fail('applicability', 'language', 'whitepaper "Language Considerations"; Appendix E', 'STATUS_FAILED_LANGUAGE_TYPE', [hex(pkgLang), hex(sysLang)], 'Use the release of the update for the system language (or LanguageType=0x0 for a neutral package).');
      return false;
    }
    run.decide('applicability', 'language', 'whitepaper "Language Considerations"', `Package language ${hex(pkgLang)} matches the system language ${hex(sysLang)}.`, 'pass');
  } else run.decide('applicability', 'language', 'whitepaper "Language Considerations"', 'LanguageType 0x0: the package installs on any language.', 'pass');
  // OS version
  const minMaj = range.minMajor;
  const minMin = range.minMinor ?? 0;
  const maxMaj = range.maxMajor;
  const maxMin = range.maxMinor ?? 99;
  const osv = os.major * 100 + os.minor;
  if (minMaj !== undefined && osv < minMaj * 100 + minMin) {
    run.fail('applicability', 'os-version', src, 'STATUS_PACKAGE_NOT_APPLICABLE', [`Windows ${os.major}.${os.minor} is older than ${minMaj}.${minMin}, the oldest version the package accepts (NtMajorVersionToUpdate/NtMinorVersionToUpdate)`], 'Use the release of the update for this Windows version.');
    mismatch();
    return false;
  }
  if (maxMaj !== undefined && osv > maxMaj * 100 + maxMin) {
    run.fail('applicability', 'os-version', src, 'STATUS_WINDOWS_VERSION_NEWER', [`${os.major}.${os.minor}`, `${maxMaj}.${maxMin === 99 ? 'x' : maxMin}`], 'Use the release of the update for this Windows version, if there is one.');
    mismatch();
    return false;
  }
  const minB = range.minBuild;
  const maxB = range.maxBuild;
  if ((minB !== undefined && os.build < minB) || (maxB !== undefined && os.build > maxB)) {
    if (minB !== undefined && maxB !== undefined && minB === maxB) run.fail('applicability', 'os-build', src, 'STATUS_BUILD_VERSION_MISMATCH2', [os.build, minB], 'Use the release of the update for this build.');
    else run.fail('applicability', 'os-build', src, 'STATUS_BUILD_VERSION_MISMATCH', [os.build, minB ?? 'any', maxB ?? 'any'], 'Use the release of the update for this build.');
    mismatch();
    return false;
  }
  run.decide('applicability', 'os-version', src, `Windows ${os.major}.${os.minor} build ${os.build} is within the package's range.`, 'pass');
  // Service pack
  const minSp = range.minSp;
  const maxSp = range.maxSp;
  const spv = os.servicePack * 256;
  if (minSp !== undefined && spv < minSp) {
    run.fail('applicability', 'service-pack', SRC_APPB + ' (MinNtServicePackVersion = SP x 256); Appendix E', 'STATUS_SP_VERSION_LESSER', [os.servicePack, Math.floor(minSp / 256)], `Install service pack ${Math.floor(minSp / 256)} first.`);
    mismatch();
    return false;
  }
  if (maxSp !== undefined && spv > maxSp) {
    if (isSp || minSp === undefined || minSp !== maxSp) run.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion); Appendix E', 'STATUS_SP_VERSION_GREATER_2', [os.servicePack, Math.floor(maxSp / 256)]);
    else run.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion); Appendix E', 'STATUS_SP_VERSION_GREATER_1', [os.servicePack, Math.floor(maxSp / 256)], 'Use the release of the update for this service pack.');
    mismatch();
    return false;
  }
  run.decide('applicability', 'service-pack', SRC_APPB + ' (Min/MaxNtServicePackVersion)', `Service pack ${os.servicePack} (${spv}) is within the package's range${minSp !== undefined || maxSp !== undefined ? ` (${minSp ?? 0}..${maxSp ?? 'any'})` : ''}.`, 'pass');
  if (isSp) {
    const thisSp = range.thisSp;
    if (thisSp !== undefined && spv > thisSp) {
      run.fail('applicability', 'service-pack-older', SRC_APPB + ' (ThisServicePackVersion)', 'STATUS_SP_VERSION_GREATER_2', [os.servicePack, Math.floor(thisSp / 256)]);
      mismatch();
      return false;
    }
    if (thisSp !== undefined && spv === thisSp) run.decide('applicability', 'service-pack-reinstall', SRC_APPB + ' (ThisServicePackVersion)', `Service pack ${os.servicePack} is already installed: this is a reinstallation of it.`);
  }
  return true;
}

/**
 * A multi-branch package: before a branch is chosen, the system must be in the [Version] range of at least one of
 * its branch INFs. A package built for another OS or service pack is refused with the range code of Appendix E and
 * the Table 22 message "The version of Windows you have installed does not match the update you are trying to
 * install." rather than with "no branch" (whitepaper Table 22: packages are "built for specific operating systems
 * and service pack levels"). The failure reported is the first branch INF's in [SourceInfsBranches] order.
 */
export function packageRangeApplies(run: InstallRun, isSp: boolean): boolean {
  const pkg = run.pkg;
  const br = pkg.updatebr;
  if (pkg.layout !== 'multi-branch' || !br) return true;
  const infs: UpdateInf[] = [];
  for (const s of br.sourceInfs) {
    const u = s.resolved ? pkg.updateInfs.find((x) => x.file.path.toLowerCase() === s.resolved!.toLowerCase()) : undefined;
    if (u && !infs.includes(u)) infs.push(u);
  }
  let first: InstallRun | undefined;
  const failedRules: (string | undefined)[] = [];
  for (const u of infs) {
    const probe = new InstallRun(run.input, run.state, run.options);
    probe.pkg = run.pkg;
    probe.sw = run.sw;
    probe.installerVersion = run.installerVersion;
    if (checkApplicability(probe, u.file.doc, isSp)) {
      run.decide('applicability', 'package-range', 'whitepaper Table 22 ("built for specific operating systems and service pack levels"); Appendix B [Version]', `The system is within the [Version] range of ${u.file.path}${infs.length > 1 ? ` (one of ${infs.length} branch INFs)` : ''}; the branch is chosen next.`, 'pass');
      return true;
    }
    first ??= probe;
    failedRules.push(probe.decisions.find((d) => d.outcome === 'fail')?.rule);
  }
  if (!first?.failure) return true;
  // Every branch INF refuses the service pack: the package's range is the union of theirs (Appendix E: _GREATER_1
  // names the one level a package installs on, _GREATER_2 says a newer pack already has the update).
  const sps = infs.map((u) => ({ min: versionNumber(u.file.doc, 'MinNtServicePackVersion', run.language)?.n, max: maxLimit(u.file.doc, 'MaxNtServicePackVersion', run.language) }));
  const spv = run.state.os.servicePack * 256;
  if (infs.length > 1 && failedRules.every((r) => r === 'service-pack') && sps.every((s) => s.max !== undefined && spv > s.max)) {
    const lo = Math.min(...sps.map((s) => s.min ?? 0));
    const hi = Math.max(...sps.map((s) => s.max!));
    if (lo === hi && !isSp) run.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion of every branch INF); Appendix E', 'STATUS_SP_VERSION_GREATER_1', [run.state.os.servicePack, Math.floor(hi / 256)], 'Use the release of the update for this service pack.');
    else run.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion of every branch INF); Appendix E', 'STATUS_SP_VERSION_GREATER_2', [run.state.os.servicePack, Math.floor(hi / 256)]);
    run.showDialog('versionMismatch', [], isUnattended(run.sw));
  } else {
    for (const d of first.decisions) if (d.outcome === 'fail') run.decisions.push(d);
    run.failure = first.failure;
    run.dialog = first.dialog;
  }
  run.decide('applicability', 'package-range', 'whitepaper Table 22; Appendix B [Version]', `None of the package's ${infs.length} branch INF(s) accepts this system, so no branch is chosen: the package is built for another Windows version or service pack.`, 'fail');
  return false;
}

export function conditionEnv(run: InstallRun, inf: UpdateInf): ConditionEnv {
  const doc = inf.file.doc;
  return {
    doc,
    language: run.language,
    state: run.state,
    listDir: (list) => listDir(run, doc, list),
    packageVersion: (file, source) => {
      const c = inf.copies.find((x) => x.destName.toLowerCase() === file.toLowerCase() && (!source || normalizePath(x.sourceName).toLowerCase() === normalizePath(source).toLowerCase()));
      return c ? run.peVersionOf(c.payload) : undefined;
    },
  };
}

export function listDir(run: InstallRun, doc: InfDocument, list: string): string | undefined {
  const sec = doc.section('DestinationDirs');
  if (!sec) return diridPath(11, run.state, undefined);
  let e = sec.entries.find((x) => x.key && x.key.text.trim().toLowerCase() === list.toLowerCase());
  e ??= sec.entries.find((x) => x.key && x.key.text.trim().toLowerCase() === 'defaultdestdir');
  if (!e) return diridPath(11, run.state, undefined);
  const id = numberOf(doc.expand(e.values[0]?.text ?? '', run.language).value);
  const sub = e.values[1] ? doc.expand(e.values[1].text, run.language).value.trim() : undefined;
  return id === undefined ? undefined : directoryOf(run, doc, id, sub || undefined) ?? undefined;
}

export function checkPrerequisites(run: InstallRun, inf: UpdateInf): boolean {
  const doc = inf.file.doc;
  if (!doc.hasSection('Prerequisite')) return true;
  const r = evaluatePrerequisites(conditionEnv(run, inf));
  // One decision per condition= line, with the sources of the op types, verbs and checks it used.
  for (const c of r.conditions) {
    const how = c.result === true ? 'holds' : c.result === false ? 'does not hold' : 'cannot be evaluated (assumed to hold)';
    const more = c.sources.filter((s) => s !== 'whitepaper' && s !== 'inf-facts').join('; ');
    run.decide('applicability', 'prerequisite-condition', `${SRC_APPB} ([Prerequisite]); inf-facts 5.6${more ? `; ${more}` : ''}`, `condition = ${c.line}: ${how}${c.result === false ? ` ("${c.message}")` : ''}. ${c.details.map((d) => d.trim()).join('; ')}`, c.result === true ? 'pass' : c.result === false ? 'fail' : 'warn');
  }
  if (r.result === false) {
    const f = r.failed[0];
    run.fail('applicability', 'prerequisite', SRC_APPB + ' ([Prerequisite], Display_String); Appendix E', 'STATUS_PREREQUISITE_FAILED', [`${f ? f.message : 'a condition does not hold'}${f && f.details.length ? ` (${f.details.map((d) => d.trim()).join('; ')})` : ''}`], 'Meet the condition on the target machine (or fix the condition section).');
    for (const d of r.details) run.log(`Prerequisite: ${d}`);
    return false;
  }
  if (r.result === 'unknown') run.decide('applicability', 'prerequisite-unknown', 'inf-facts 5.6; inferred', `Prerequisites that the simulator cannot evaluate are assumed to hold: ${r.unknown.map((s) => `[${s}]`).join(', ')}.`, 'warn');
  else run.decide('applicability', 'prerequisite', SRC_APPB + ' ([Prerequisite])', 'Every prerequisite holds.', 'pass');
  return true;
}
