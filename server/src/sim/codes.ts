// The return codes the simulator produces: the three standard codes (whitepaper "Return Codes", Table 19) and the
// extended codes of Appendix E it can reach, each with a message template in our own words.
// (A private table; knowledge/returnCodes.ts holds the full Appendix E list for the log reader.)

export interface SimCode {
  code: number;
  name: string;
  /** Our wording of what happened; %1.. are filled in by the simulator. */
  message: string;
}

const LIST: SimCode[] = [
  { code: 0, name: 'ERROR_SUCCESS', message: '%1 was installed.' },
  { code: 3010, name: 'ERROR_SUCCESS_REBOOT_REQUIRED', message: '%1 was installed; the computer must restart to finish.' },
  { code: 1603, name: 'ERROR_INSTALL_FAILURE', message: 'The installation failed.' },
  { code: 61441, name: 'STATUS_FAILED_LANGUAGE_TYPE', message: 'The package is for language %1 but the system language is %2.' },
  { code: 61442, name: 'STATUS_CHECKED_FREE_MISMATCH', message: 'A free (retail) package cannot update a checked (debug) system.' },
  { code: 61443, name: 'STATUS_NOT_ENOUGH_SPACE', message: 'Not enough free disk space: %1 MB needed, %2 MB free.' },
  { code: 61444, name: 'STATUS_INSUFFICIENT_PRIVS', message: 'The user lacks the rights needed to install: %1.' },
  { code: 61447, name: 'STATUS_CANT_FIND_INF', message: 'The package has no update INF (%1).' },
  { code: 61452, name: 'STATUS_INVALID_INF_FILE', message: 'The package INF is not valid: %1' },
  { code: 61454, name: 'STATUS_PLATFORM_MISMATCH', message: 'The package is for %1 but the system is %2.' },
  { code: 61472, name: 'STATUS_BUILD_VERSION_MISMATCH', message: 'The system build %1 is outside the package range %2 to %3.' },
  { code: 61482, name: 'STATUS_MUST_RESTART_FIRST', message: 'The computer must restart before %1 can run, to finish file operations already scheduled.' },
  { code: 61483, name: 'STATUS_NOT_ENOUGH_WITH_UNINST', message: 'Not enough free disk space for the uninstall backup: %1 MB needed with backup, %2 MB free.' },
  { code: 61546, name: 'STATUS_SP_VERSION_GREATER_1', message: 'The system has service pack %1; this package installs only on service pack %2.' },
  { code: 61547, name: 'STATUS_SP_VERSION_GREATER_2', message: 'The system service pack %1 is newer than the package allows (at most %2); the update is not needed.' },
  { code: 61550, name: 'STATUS_FAILURE_COPYING_FILES', message: 'Not all files could be copied: %1' },
  { code: 61558, name: 'STATUS_SP_VERSION_LESSER', message: 'The system has service pack %1; the package needs at least service pack %2.' },
  { code: 61560, name: 'STATUS_NO_UNINSTALL_AVAILABLE', message: '%1 cannot be removed: %2' },
  { code: 61638, name: 'STATUS_BUILD_VERSION_MISMATCH2', message: 'The system build %1 is not build %2, the only build this package installs on.' },
  { code: 61668, name: 'STATUS_WINDOWS_VERSION_NEWER', message: 'The system (Windows %1) is newer than the package allows (at most %2).' },
  { code: 61669, name: 'STATUS_PACKAGE_NOT_APPLICABLE', message: 'The package does not apply to this system: %1' },
  { code: 61672, name: 'STATUS_INVALID_BRANCHES_INF', message: 'Branches.inf is not valid: %1' },
  { code: 61673, name: 'STATUS_INVALID_UPDATEBR_INF', message: 'Updatebr.inf is not valid: %1' },
  { code: 61677, name: 'STATUS_NO_BRANCH_AVAILABLE', message: 'No installable branch: %1' },
  { code: 61681, name: 'STATUS_INCOMPARABLE_BRANCHES', message: 'Files from the package cannot be compared with the files on the system: %1' },
  { code: 61684, name: 'STATUS_PREREQUISITE_FAILED', message: 'A prerequisite failed: %1' },
  { code: 61686, name: 'STATUS_INVALID_SWITCHES', message: 'The command line is not valid: %1' },
  { code: 61957, name: 'STATUS_UPDATE_ALREADY_RUNNING', message: 'Another installation is already running; try again when it has finished.' },
  { code: 62480, name: 'STATUS_UNINSTALL_OUT_OF_ORDER', message: '%1 cannot be removed before updates installed after it that replaced the same files: %2.' },
];

export const SIM_CODES: ReadonlyMap<number, SimCode> = new Map(LIST.map((c) => [c.code, c]));
const BY_NAME = new Map(LIST.map((c) => [c.name, c]));

export function codeByName(name: string): SimCode {
  return BY_NAME.get(name) ?? { code: 1603, name: 'ERROR_INSTALL_FAILURE', message: 'The installation failed.' };
}

/** Fills %1, %2 ... in a template. */
export function fillMessage(template: string, args: (string | number)[]): string {
  return template.replace(/%(\d)/g, (_, d) => {
    const v = args[parseInt(d, 10) - 1];
    return v === undefined ? '' : String(v);
  });
}

export function hex(code: number): string {
  return '0x' + code.toString(16);
}
