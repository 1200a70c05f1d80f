// Command line and machine gates: the installer version's features and the user's rights (whitepaper Table 12,
// Table 23, Appendix A). Rules: docs/simulation.md "Machine gates and applicability".

import { featureSince, INSTALLER_FEATURES, USER_RIGHTS } from '../../knowledge/installer';
import { InstallRun } from '../run';
import { compareVersions } from '../version';

export function checkRights(run: InstallRun): boolean {
  const required = USER_RIGHTS.filter((r) => r.need === 'required').map((r) => r.privilege);
  const old = !!run.installerVersion && compareVersions(run.installerVersion, featureSince('user-rights')) < 0;
  if (old) required.push('SeDebugPrivilege');
  const named = (p: string) => `${p} ("${USER_RIGHTS.find((r) => r.privilege === p)?.displayName ?? p}")`;
  const missing = required.filter((r) => !run.state.hasRight(r));
  if (missing.length) {
    const why = missing.map((m) => `${named(m)}: ${m === 'SeDebugPrivilege' ? `installer ${run.installerVersion} predates 5.4.1.0 and may need it to install at all (KB 830846; the log then shows "The data is invalid")` : USER_RIGHTS.find((r) => r.privilege === m)?.doc ?? ''}`).join(' ');
    run.fail('applicability', 'user-rights', 'whitepaper "Required User Rights", Table 12; Table 22', 'STATUS_INSUFFICIENT_PRIVS', [missing.join(', ')], `${why} Run the package as an administrator who holds these rights (Group Policy: User Rights Assignment).`);
    return false;
  }
  run.decide('applicability', 'user-rights', 'whitepaper Table 12', `The user holds the required rights (${required.map(named).join(', ')})${run.installerVersion ? '' : '; the installer version is unknown, so installers before 5.4.1.0 might also want Debug programs'}.`, 'pass');
  if (!run.state.hasRight('SeShutdownPrivilege')) run.decide('applicability', 'user-rights-preferred', 'whitepaper Table 12', `${named('SeShutdownPrivilege')} is missing: the user cannot restart the computer if the update needs it.`, 'warn');
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
