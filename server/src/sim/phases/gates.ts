// Command line and machine gates: the installer version's features and the user's rights (whitepaper Table 12,
// Table 23, Appendix A). Rules: docs/simulation.md "Machine gates and applicability".

import { featureSince, INSTALLER_FEATURES, USER_RIGHTS } from '../../knowledge/installer';
import { isUnattended } from '../switches';
import { InstallRun, productFolder } from '../run';
import { compareVersions } from '../version';

/**
 * The rights of whitepaper Table 12: Restore, Back up, Take ownership and Manage auditing are required (refused
 * with STATUS_INSUFFICIENT_PRIVS and Table 22's "You do not have permission to update ..."); Shut down and Debug
 * programs are "not required, but preferred". Installers before 5.4.1.0 "might require" Debug programs: without it
 * they stop with "The data is invalid" (Table 22; Win32 ERROR_INVALID_DATA).
 */
export function checkRights(run: InstallRun): boolean {
  const required = USER_RIGHTS.filter((r) => r.need === 'required').map((r) => r.privilege);
  const old = !!run.installerVersion && compareVersions(run.installerVersion, featureSince('user-rights')) < 0;
  const named = (p: string) => `${p} ("${USER_RIGHTS.find((r) => r.privilege === p)?.displayName ?? p}")`;
  const missing = required.filter((r) => !run.state.hasRight(r));
  const unattended = isUnattended(run.sw);
  if (missing.length) {
    const why = missing.map((m) => `${named(m)}: ${USER_RIGHTS.find((r) => r.privilege === m)?.doc ?? ''}`).join(' ');
    run.fail('applicability', 'user-rights', 'whitepaper "Required User Rights", Table 12; Table 22', 'STATUS_INSUFFICIENT_PRIVS', [missing.join(', ')], `${why} Run the package as an administrator who holds these rights (Group Policy: User Rights Assignment).`);
    run.showDialog('noPermission', [productFolder(run.state)], unattended);
    return false;
  }
  const noDebug = !run.state.hasRight('SeDebugPrivilege');
  if (old && noDebug) {
    run.fail('applicability', 'user-rights-debug', 'whitepaper Table 12 (Debug programs: installers before 5.4.1.0 "might require" it); Table 22 ("The data is invalid"); KB 830846', 'ERROR_INVALID_DATA', [`installer ${run.installerVersion} predates 5.4.1.0 and the user lacks ${named('SeDebugPrivilege')}`], 'Grant the Debug programs right (Group Policy: User Rights Assignment), or use the release of the update built with installer 5.4.1.0 or later.');
    run.showDialog('dataInvalid', [], unattended);
    return false;
  }
  run.decide('applicability', 'user-rights', 'whitepaper Table 12', `The user holds the required rights (${required.map(named).join(', ')}).`, 'pass');
  if (noDebug) run.decide('applicability', 'user-rights-preferred', 'whitepaper Table 12 ("Not required, but preferred")', `${named('SeDebugPrivilege')} is missing: not required by installer ${run.installerVersion ?? '(version unknown)'}${run.installerVersion ? '' : ', though installers before 5.4.1.0 stop with "The data is invalid" without it (Table 22)'}; hotpatching needs it.`, 'warn');
  if (!run.state.hasRight('SeShutdownPrivilege')) run.decide('applicability', 'user-rights-preferred', 'whitepaper Table 12 ("Not required, but preferred")', `${named('SeShutdownPrivilege')} is missing: the user cannot restart the computer if the update needs it.`, 'warn');
  return true;
}

/** The installer-version differences that matter for this run (Table 23, Appendix A and the body's version notes). */
export function versionDifferences(run: InstallRun): void {
  const v = run.installerVersion;
  if (!v) return;
  const have = INSTALLER_FEATURES.filter((f) => compareVersions(v, f.since) >= 0).map((f) => `${f.since} ${f.id}`);
  const lack = INSTALLER_FEATURES.filter((f) => compareVersions(v, f.since) < 0);
  run.decide('package', 'installer-features', 'whitepaper Table 23, Appendix A', `Installer ${v}: ${have.length ? `has ${have.join(', ')}` : 'predates every feature listed in Table 23'}${lack.length ? `; lacks ${lack.map((f) => `${f.id} (from ${f.since}: ${f.before})`).join(' ')}` : ''}.`);
}
