// The simulator's wording of each result it can produce. The codes themselves (numbers, names, meanings) come from
// the one table of return codes, knowledge/returnCodes.ts (whitepaper "Return Codes", Table 19, Appendix E); this
// file only adds a message template in our own words for each code the simulator reaches.

import { returnCodeByName } from '../knowledge/returnCodes';

export interface SimCode {
  code: number;
  name: string;
  /** Our wording of what happened; %1.. are filled in by the simulator. */
  message: string;
}

/** Message templates by code name; %1, %2 ... are filled in by the simulator. */
const TEMPLATES: Record<string, string> = {
  ERROR_SUCCESS: '%1 was installed.',
  ERROR_SUCCESS_REBOOT_REQUIRED: '%1 was installed; the computer must restart to finish.',
  ERROR_INSTALL_FAILURE: 'The installation failed.',
  STATUS_FAILED_LANGUAGE_TYPE: 'The package is for language %1 but the system language is %2.',
  STATUS_CHECKED_FREE_MISMATCH: 'A free (retail) package cannot update a checked (debug) system.',
  STATUS_NOT_ENOUGH_SPACE: 'Not enough free disk space: %1 MB needed, %2 MB free.',
  STATUS_INSUFFICIENT_PRIVS: 'The user lacks the rights needed to install: %1.',
  ERROR_INVALID_DATA: 'The installation stopped with "The data is invalid": %1',
  STATUS_CANT_FIND_INF: 'The package has no update INF (%1).',
  STATUS_INVALID_INF_FILE: 'The package INF is not valid: %1',
  STATUS_PLATFORM_MISMATCH: 'The package is for %1 but the system is %2.',
  STATUS_BUILD_VERSION_MISMATCH: 'The system build %1 is outside the package range %2 to %3.',
  STATUS_MUST_RESTART_FIRST: 'The computer must restart before %1 can run, to finish file operations already scheduled.',
  STATUS_NOT_ENOUGH_WITH_UNINST: 'Not enough free disk space for the uninstall backup: %1 MB needed with backup, %2 MB free.',
  STATUS_SP_VERSION_GREATER_1: 'The system has service pack %1; this package installs only on service pack %2.',
  STATUS_SP_VERSION_GREATER_2: 'The system service pack %1 is newer than the package allows (at most %2); the update is not needed.',
  STATUS_FAILURE_COPYING_FILES: 'Not all files could be copied: %1',
  STR_CATALOG_INSTALL_FAILED: 'The security catalogs could not be installed (%1); no file was replaced.',
  STATUS_SP_VERSION_LESSER: 'The system has service pack %1; the package needs at least service pack %2.',
  STATUS_NO_UNINSTALL_AVAILABLE: '%1 cannot be removed: %2',
  STATUS_BUILD_VERSION_MISMATCH2: 'The system build %1 is not build %2, the only build this package installs on.',
  STATUS_WINDOWS_VERSION_NEWER: 'The system (Windows %1) is newer than the package allows (at most %2).',
  STATUS_PACKAGE_NOT_APPLICABLE: 'The package does not apply to this system: %1',
  STATUS_INVALID_BRANCHES_INF: 'Branches.inf is not valid: %1',
  STATUS_INVALID_UPDATEBR_INF: 'Updatebr.inf is not valid: %1',
  STATUS_NO_BRANCH_AVAILABLE: 'No installable branch: %1',
  STATUS_INCOMPARABLE_BRANCHES: 'Files from the package cannot be compared with the files on the system: %1',
  STATUS_PREREQUISITE_FAILED: 'A prerequisite failed: %1',
  STATUS_INVALID_SWITCHES: 'The command line is not valid: %1',
  STATUS_UPDATE_ALREADY_RUNNING: 'Another installation is already running; try again when it has finished.',
  STATUS_UNINSTALL_OUT_OF_ORDER: '%1 cannot be removed before the updates installed after it: %2.',
};

/**
 * The dialog texts of whitepaper Table 22 ("Common Errors"), quoted because they are what the installer shows the
 * user (a fact a reader searches for, not our prose). %1 is filled in by the simulator.
 */
export const TABLE22 = {
  noPermission: 'You do not have permission to update %1. Please contact your system administrator.',
  versionMismatch: 'The version of Windows you have installed does not match the update you are trying to install.',
  alreadyRunning: 'Another installation is already in progress. Complete that installation before proceeding with this install.',
  dataInvalid: 'The data is invalid',
  /** The form of WP "Order of Removal" (Table 22 gives the same text with "software update" for %2). */
  removalOrder: 'Setup detected the following programs on your computer: %1\nIf %2 is removed, these programs may not run correctly.',
  blocklistServicePack: 'This Service Pack contains files that are missing some of the fixes which were previously installed on this computer. To prevent possible problems, these files will not be installed by the Service Pack.\nIn order to have these fixes contained in both the Service Pack and the previously installed hotfixes, you must obtain and install the updated versions of the following hotfixes prior to or following the installation of the Service Pack. These hotfixes are also listed in the svcpack.log file.',
  blocklistHotfix: 'Setup cannot install this hotfix because one or more of its files are out of date. Please download and install the latest version of fix %1.',
} as const;

export type Table22Dialog = keyof typeof TABLE22;

export const SIM_CODES: ReadonlyMap<number, SimCode> = new Map(
  Object.entries(TEMPLATES).map(([name, message]) => {
    const code = returnCodeByName(name)?.code ?? 1603;
    return [code, { code, name, message }];
  }),
);

const FAILURE: SimCode = { code: 1603, name: 'ERROR_INSTALL_FAILURE', message: TEMPLATES.ERROR_INSTALL_FAILURE };

export function codeByName(name: string): SimCode {
  const message = TEMPLATES[name];
  const info = returnCodeByName(name);
  return message !== undefined && info ? { code: info.code, name, message } : FAILURE;
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
