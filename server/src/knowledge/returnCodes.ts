// Return codes an author meets in package-installer logs and exit statuses, as typed tables with their meaning
// written in our own words:
//   - the three plain installer return codes (whitepaper, "Return Codes", Table 19);
//   - the extended return codes of Appendix E (Table 24), 61441 (0xF001) and up, returned with /ER and always
//     written to the log;
//   - the Setup API codes 0xE000xxxx (whitepaper Table 25, inf-facts 1.5) seen in updspapi.log / setupapi.log;
//   - the common Win32 codes that show up in these logs (public winerror.h values), including the ones quoted in
//     the whitepaper's Table 21 of harmless entries.
// Lookups accept a number or any notation: "61558", "0xf076", "0x0000F076", "F076h", "-550", "0x80070005"
// (an HRESULT wrapping a Win32 code). Pure; never throws.

export type ReturnCodeKind = 'installer' | 'extended' | 'setupapi' | 'win32' | 'hresult' | 'jet';

/** Where a fact comes from: the whitepaper, inf-facts.md, the public Win32 headers, or our inference. */
export type ReturnCodeSource = 'whitepaper' | 'inf-facts' | 'winerror.h' | 'inferred' | 'genuine log';

export interface ReturnCodeInfo {
  /** The code as an unsigned 32-bit number (a negative Jet error is stored as its 32-bit two's complement). */
  code: number;
  /** Symbolic name, e.g. STATUS_SP_VERSION_LESSER. */
  name: string;
  kind: ReturnCodeKind;
  /** What the code means, in our own words. */
  meaning: string;
  /** What the author or administrator can do about it, when there is something to do. */
  fix?: string;
  /** True for codes that report success (0, 3010, STATUS_SUCCESS_NOREBOOT ...). */
  success?: boolean;
  /** True when the code says a restart is needed to finish. */
  restart?: boolean;
  source: ReturnCodeSource;
  /** Other names the same number carries in the tables (e.g. 62475). */
  aliases?: string[];
}

type Row = [code: number, name: string, meaning: string, fix?: string, flags?: { success?: boolean; restart?: boolean; source?: ReturnCodeSource; aliases?: string[] }];

function build(kind: ReturnCodeKind, defaultSource: ReturnCodeSource, rows: Row[]): readonly ReturnCodeInfo[] {
  return rows.map(([code, name, meaning, fix, flags]) => {
    const e: ReturnCodeInfo = { code: code >>> 0, name, kind, meaning, source: flags?.source ?? defaultSource };
    if (fix) e.fix = fix;
    if (flags?.success) e.success = true;
    if (flags?.restart) e.restart = true;
    if (flags?.aliases) e.aliases = flags.aliases;
    return e;
  });
}

/** The three values Update.exe returns without /ER (whitepaper Table 19). */
export const INSTALLER_RETURN_CODES: readonly ReturnCodeInfo[] = build('installer', 'whitepaper', [
  [0, 'ERROR_SUCCESS', 'The update was installed (or removed) and nothing more is needed.', undefined, { success: true }],
  [3010, 'ERROR_SUCCESS_REBOOT_REQUIRED', 'The update was installed, but it is not complete until the machine restarts (usually because files in use were queued to be replaced during the restart).', 'Restart the computer. The files listed as "delayed" in the log are replaced during the restart.', { success: true, restart: true }],
  [1603, 'ERROR_INSTALL_FAILURE', 'The installation failed. Without /ER this is all the exit code tells; the log always carries the extended code that says why.', 'Read the extended error code near the end of the log (or run again with /ER) and look it up.'],
]);

const UNUSED = 'The whitepaper lists this code without a message; ';

/** Appendix E (Table 24): the installer's own extended return codes. */
export const EXTENDED_RETURN_CODES: readonly ReturnCodeInfo[] = build('extended', 'whitepaper', [
  [61441, 'STATUS_FAILED_LANGUAGE_TYPE', 'The package is for a different language than the one installed on the machine.', 'Install the package built for the system language, or give the package LanguageType 0x0 if it is language-neutral.'],
  [61442, 'STATUS_CHECKED_FREE_MISMATCH', 'A free (retail) build package was run on a checked (debug) build of Windows, or the other way round.', 'Use the package built for the matching build type.'],
  [61443, 'STATUS_NOT_ENOUGH_SPACE', 'The target drive has too little free space for the update (and, when backup is on, for its uninstall copy).', 'Free disk space on the drive named in the log, or install with /nobackup if removal is not needed.'],
  [61444, 'STATUS_INSUFFICIENT_PRIVS', 'The account running the installer lacks the rights needed to update the system.', 'Run as an administrator holding the backup, restore, take-ownership, security, shutdown and debug privileges (KB 888791).'],
  [61445, 'STATUS_UNKNOWN_PRODUCT_TYPE', UNUSED + 'by its name, the installer could not tell which product type (workstation, server ...) it runs on.', undefined, { source: 'inferred' }],
  [61446, 'STATUS_SETUP_LOG_NOT_FOUND', 'The installer needed setup.log from the repair folder and it is missing.', 'Restore %windir%\\repair\\setup.log from another machine with the same configuration.'],
  [61447, 'STATUS_CANT_FIND_INF', 'The update.inf the installer needs was not found in the package.', 'Check that the package contains update\\update.inf (or the branch INFs) and was extracted completely.'],
  [61448, 'STATUS_UPDATE_SUCCESSFUL', 'The update was installed and the installer asks for a restart.', undefined, { success: true, restart: true }],
  [61449, 'STATUS_UPDATE_UNSUCCESSFUL', 'The installation did not finish.', 'Look at the last failing lines before the result in the log for the cause.'],
  [61450, 'STATUS_SHUTDOWN_UNSUCCESSFUL', 'The update was applied but the installer could not restart the machine.', 'Restart the computer by hand.', { success: true, restart: true }],
  [61451, 'STATUS_FILE_NOT_FOUND_IN_SETUP_LOG', 'setup.log has no entry for HAL.DLL, so the installer cannot tell which HAL to update.', 'Repair or restore %windir%\\repair\\setup.log.'],
  [61452, 'STATUS_INVALID_INF_FILE', 'An INF file of the package is malformed.', 'Run "update-inf check" on the package and fix the INF it reports.'],
  [61453, 'STATUS_USER_CANCELLED', 'The user cancelled the installation.'],
  [61454, 'STATUS_PLATFORM_MISMATCH', 'The package is built for another processor architecture (x86, x64, IA-64).', 'Use the package for the machine\'s architecture.'],
  [61472, 'STATUS_BUILD_VERSION_MISMATCH', 'The Windows build number is outside the range the package accepts ([Version] build limits).', 'Install on a supported build, or correct the package\'s build range.'],
  [61473, 'STATUS_SP_VERSION_GREATER', 'The installed Windows version does not match the one the package targets.', 'Use the package for this Windows version.'],
  [61474, 'STATUS_CANT_SPAWN_HOTFIX', 'The installer could not start the hotfix program it had to run.'],
  [61475, 'STATUS_CANT_FIND_TAG', 'The installer could not find the source files it was told to use.', 'Check that the package was extracted completely.'],
  [61476, 'STATUS_OVERWRITE_UNINSTALL', 'A service pack install would replace an existing uninstall backup; the user is asked to confirm.'],
  [61477, 'STATUS_128BIT_VERSION_DETECTED', UNUSED + 'by its name, a 128-bit (high encryption) version was detected.', undefined, { source: 'inferred' }],
  [61478, 'STATUS_WININET_LOAD_FAILED', 'A web-based (express) package needs Internet Explorer 3.0 or later to download its files.', 'Use the full, stand-alone package instead.'],
  [61479, 'STATUS_CANT_INSTALL_SP_ON_DTC', 'The service pack is not qualified by the hardware vendor for this Datacenter Server.', 'Get the vendor-qualified service pack.'],
  [61480, 'STATUS_NECESSARY_FILES_NOT_PRESENT', 'An integrated (/integrate) install is missing files it needs.', 'Use a complete package and a complete installation source.'],
  [61481, 'STATUS_SPOOLER_NOT_STARTED', 'The package needs the Print Spooler service and it is not running.', 'Start the Print Spooler service and try again.'],
  [61482, 'STATUS_MUST_RESTART_FIRST', 'An earlier install or removal left file replacements pending; the machine must restart before this package can run.', 'Restart the computer, then install again.'],
  [61483, 'STATUS_NOT_ENOUGH_WITH_UNINST', 'There is room for the update but not for its uninstall backup.', 'Free disk space, or install with /nobackup if removal is not needed.'],
  [61484, 'STATUS_CANT_FIND_RSAENHS', 'High-encryption backup needs RSAENHS.DLL in the update folder and it is missing.'],
  [61485, 'STATUS_CANT_FIND_ENCININF', 'High-encryption backup needs UPDENCIN.INF in the update folder and it is missing.'],
  [61486, 'STATUS_CANT_FIND_ENCTSINF', 'Exporting Terminal Services files needs UPDENCTS.INF in the update folder and it is missing.'],
  [61487, 'STATUS_ENCINST_PROCESS_FAILED', 'The high-encryption ENCINST step failed.'],
  [61488, 'STATUS_ENCINST_UPGRADE_FAILED', 'The high-encryption upgrade failed.'],
  [61530, 'STATUS_CANT_OPEN_LOG', 'The installer could not open its log file.', 'Check that %windir% is writable and the log is not locked by another program.'],
  [61537, 'ERR_STD_PREFIX', UNUSED + 'it appears to be the base of a range of standard error messages rather than a result.', undefined, { source: 'inferred' }],
  [61540, 'STATUS_INVALID_VER_FILE', 'update.ver is malformed.', 'Run "update-inf check" on update.ver and fix it.'],
  [61546, 'STATUS_SP_VERSION_GREATER_1', 'The machine runs a newer service pack than the single one this package is for.', 'Use the package for the installed service pack.'],
  [61547, 'STATUS_SP_VERSION_GREATER_2', 'The machine already has a newer service pack, which contains this update; nothing to install.'],
  [61548, 'STATUS_FPNW_FIXUP_FAILED', 'The installer could not read or update setup.log.'],
  [61549, 'STATUS_WRONG_PLATFORM', 'The software does not match the system it runs on.', 'Use the package for this operating system.'],
  [61550, 'STATUS_FAILURE_COPYING_FILES', 'Not every updated file could be copied.', 'Look for the failing copy in the log (access denied, disk full, sharing violation) and fix that.'],
  [61551, 'STATUS_FAILED_TO_SET_DIR', 'The installer could not set a target directory.'],
  [61552, 'STATUS_SETUP_ERROR', 'A general error occurred while updating the system.', 'Read the failing lines just before the result in the log.'],
  [61553, 'STATUS_RUNNING_DS_PREVIEW', UNUSED + 'by its name, a Directory Services preview build was detected.', undefined, { source: 'inferred' }],
  [61554, 'STATUS_RUNNING_HYDRA', UNUSED + 'by its name, Terminal Server ("Hydra") was detected.', undefined, { source: 'inferred' }],
  [61555, 'STATUS_RUNNING_STEELHEAD', UNUSED + 'by its name, Routing and Remote Access ("Steelhead") was detected.', undefined, { source: 'inferred' }],
  [61556, 'STATUS_HOTFIX_ALREADY_INSTALLED', UNUSED + 'by its name, the same or a later hotfix is already installed.', undefined, { source: 'inferred' }],
  [61557, 'STATUS_SUCCESS_NOREBOOT', 'The update was applied; the changes take effect after a restart that was not done.', 'Restart the computer.', { success: true, restart: true }],
  [61558, 'STATUS_SP_VERSION_LESSER', 'The machine\'s service pack is older than the minimum the package requires.', 'Install the required service pack first, then this update.'],
  [61559, 'STATUS_NOT_RUNNING_STEELHEAD', UNUSED + 'by its name, Routing and Remote Access is required but not present.', undefined, { source: 'inferred' }],
  [61560, 'STATUS_NO_UNINSTALL_AVAILABLE', 'No uninstall backup exists for this update (it was installed with /nobackup, or the backup folder was deleted), so it cannot be removed.'],
  [61561, 'STATUS_NOT_RUNNING_HYDRA', UNUSED + 'by its name, Terminal Server is required but not present.', undefined, { source: 'inferred' }],
  [61562, 'STATUS_SUCCESS_NOREBOOTNEC', 'The update was applied and no restart is necessary.', undefined, { success: true }],
  [61563, 'STATUS_UNINST_NOREBOOTNEC', 'The update was removed and no restart is necessary.', undefined, { success: true }],
  [61638, 'STATUS_BUILD_VERSION_MISMATCH2', 'The package installs on exactly one Windows build and this machine runs another.', 'Use the package for this build.'],
  [61643, 'STATUS_VLK_BLOCKED', 'The product key Windows was installed with is blocked; the service pack refuses to install.'],
  [61644, 'STATUS_KERNEL_NONSTD', 'The kernel that started the machine is not a Microsoft file; the service pack refuses to install.'],
  [61663, 'STATUS_SP_BUILD_TO_BUILD', 'A pre-release build of the service pack is installed; it must be removed before the final one.', 'Uninstall the pre-release build, then install again.'],
  [61668, 'STATUS_WINDOWS_VERSION_NEWER', 'The installed Windows is newer than the one the package targets; the update is not needed.'],
  [61669, 'STATUS_PACKAGE_NOT_APPLICABLE', 'The package does not apply to this operating system (edition, version or components).', 'Check the package\'s [Version] and applicability settings against the target machine.'],
  [61672, 'STATUS_INVALID_BRANCHES_INF', 'Branches.inf is malformed.', 'Run "update-inf check" on Branches.inf.'],
  [61673, 'STATUS_INVALID_UPDATEBR_INF', 'Updatebr.inf is malformed.', 'Run "update-inf check" on Updatebr.inf.'],
  [61675, 'STATUS_REPEAT_INVENTORY', UNUSED + 'by its name, the inventory phase has to run again (express packages).', undefined, { source: 'inferred' }],
  [61677, 'STATUS_NO_BRANCH_AVAILABLE', 'The branch the installer chose (or /B: forced) has no section in the package INF.', 'Ship an INF for that branch, or correct Updatebr.inf / the /B: switch.'],
  [61681, 'STATUS_INCOMPARABLE_BRANCHES', 'The branches of the package\'s files and of the installed files cannot be ordered against each other, so the installer refuses to mix them.', 'Check Branches.inf and Updatebr.inf for the branches involved.'],
  [61684, 'STATUS_PREREQUISITE_FAILED', 'A [Prerequisite] condition of the package is not met on this machine.', 'The log names the failed condition; install what it needs first.'],
  [61686, 'STATUS_INVALID_SWITCHES', 'The command line has an unknown switch or switches that cannot be combined.', 'Run the package with /? for the switches its installer version knows.', { source: 'inferred' }],
  [61709, 'STATUS_BUILD_VERSION_MISMATCH_NO_MAXBLD', UNUSED + 'by its name, the build check failed for a package with no upper build limit.', undefined, { source: 'inferred' }],
  [61710, 'STATUS_BUILD_VERSION_MISMATCH_NO_MAXVER', UNUSED + 'by its name, the build check failed for a package with no upper version limit.', undefined, { source: 'inferred' }],
  [61711, 'STATUS_BUILD_VERSION_MISMATCH_MAXBLD_MAXVER', UNUSED + 'by its name, the build check failed against both an upper build and an upper version limit.', undefined, { source: 'inferred' }],
  [61712, 'STATUS_CANT_SET_DIRID', UNUSED + 'by its name, a custom directory ID could not be set.', undefined, { source: 'inferred' }],
  [61713, 'STATUS_INVALID_DIRID_SECTION', UNUSED + 'by its name, the section defining custom directory IDs is malformed.', 'Run "update-inf check" on the INF.', { source: 'inferred' }],
  [61714, 'STATUS_NOSUCHDIRID_SECTION', UNUSED + 'by its name, a referenced directory-ID section does not exist.', 'Run "update-inf check" on the INF.', { source: 'inferred' }],
  [61715, 'STATUS_INVALID_INSTALL_PATH', UNUSED + 'by its name, an installation path is invalid.', undefined, { source: 'inferred' }],
  [61716, 'STATUS_INVALID_COPYFLAG', UNUSED + 'by its name, a copy flag in the INF is invalid.', 'Run "update-inf check" on the INF.', { source: 'inferred' }],
  [61717, 'STATUS_UNABLE_TO_SET_DIRID', UNUSED + 'by its name, a directory ID could not be assigned.', undefined, { source: 'inferred' }],
  [61718, 'STATUS_INVALID_DIRID_PATH', UNUSED + 'by its name, the path given for a directory ID is invalid.', undefined, { source: 'inferred' }],
  [61719, 'STATUS_BUILD_TYPE_NOT_DETERMINED', UNUSED + 'by its name, the installer could not tell the build type (edition) of the system.', undefined, { source: 'inferred' }],
  [61952, 'STATUS_MORE_FILES_FOR_DOWNLOAD', UNUSED + 'by its name, an express package still has files to download.', undefined, { source: 'inferred' }],
  [61953, 'STATUS_READY_TO_INSTALL', UNUSED + 'by its name, an express download finished and installation can start.', undefined, { source: 'inferred' }],
  [61954, 'STATUS_PATCH_NOT_FOUND', UNUSED + 'by its name, an express package could not find a delta patch.', undefined, { source: 'inferred' }],
  [61955, 'STATUS_PATCH_FILE_CORRUPT', UNUSED + 'by its name, a downloaded delta patch is damaged.', undefined, { source: 'inferred' }],
  [61956, 'STATUS_INDEXFILE_CORRUPT', UNUSED + 'by its name, an express package\'s index file is damaged.', undefined, { source: 'inferred' }],
  [61957, 'STATUS_UPDATE_ALREADY_RUNNING', 'Another package installer is already running; only one installation can run at a time.', 'Wait for the other installation to finish, then try again.', { source: 'inferred' }],
  [61958, 'STATUS_RETRY_REFRESH_INVENTORY', 'An express install needs another download; the package must be run again.', 'Run the package again.'],
  [61959, 'STATUS_RETRY_SELF_CONTAINED', UNUSED + 'by its name, the install should be retried with the full, self-contained package.', undefined, { source: 'inferred' }],
  [61960, 'STATUS_RETRIES_EXCEEDED', UNUSED + 'by its name, an express download failed too many times.', undefined, { source: 'inferred' }],
  [61961, 'STATUS_CONTINUE_INVENTORY', UNUSED + 'by its name, the inventory phase continues (an internal state).', undefined, { source: 'inferred' }],
  [61962, 'ERROR_INDEXFILE_NOT_FOUND', UNUSED + 'by its name, an express package\'s index file is missing.', undefined, { source: 'inferred' }],
  [62474, 'STATUS_UNINSTALL_UNSUCCESSFUL', UNUSED + 'by its name, the removal of the update failed.', 'Read the failing lines of the removal log (KB######Uninst.log).', { source: 'inferred' }],
  [62475, 'STATUS_UNINSTALL_COMPLETE', UNUSED + 'by its name, the operation (or removal) completed.', undefined, { success: true, source: 'inferred', aliases: ['STATUS_COMPLETE'] }],
  [62476, 'STATUS_COMPLETE_NOREBOOT', UNUSED + 'by its name, the operation completed and a restart is still needed but was not done.', 'Restart the computer.', { success: true, restart: true, source: 'inferred' }],
  [62477, 'STATUS_COMPLETE_NORESTART_REQD', UNUSED + 'by its name, the operation completed and no restart is required.', undefined, { success: true, source: 'inferred' }],
  [62478, 'STATUS_NEW_IE', UNUSED + 'by its name, a newer Internet Explorer is installed than the package targets.', undefined, { source: 'inferred' }],
  [62480, 'STATUS_UNINSTALL_OUT_OF_ORDER', 'The update cannot be removed because updates installed after it replaced some of the same files; removing it first would put older files back under them.', 'Remove the later updates first (reverse order of installation, KB 823836), then this one.'],
]);

/**
 * Extended codes that genuine logs show by a name the whitepaper does not list: the installer's message-resource
 * names (STR_...), logged on the failing line, with the extended code the same log ends with.
 */
export const LOGGED_EXTENDED_CODES: readonly ReturnCodeInfo[] = build('extended', 'genuine log', [
  // Seen in a genuine svcpack.log of a Windows Server 2003 service pack (the excerpt support article KB822798 quotes):
  // "failed:STR_CATALOG_INSTALL_FAILED", the message "Failed to install catalog files." and extended code 0xf01e.
  [61470, 'STR_CATALOG_INSTALL_FAILED', 'The installer could not install the package\'s security catalogs and stopped before replacing any file (the new files would have been unsigned).', 'Look in setupapi.log for the catalog that failed; KB822798, which quotes such a log, is about a damaged catalog database (%windir%\\system32\\CatRoot2) and the Cryptographic Services service.'],
]);

/**
 * How to recognise the message of an extended code when people post it ("Setup encountered an error: ..."): a
 * distinctive part of the message of Appendix E (Table 24), with the runtime inserts (%1, %d) as wildcards. Checked
 * in this order (more specific messages first where two share words).
 */
const EXTENDED_MESSAGE_PATTERNS: readonly [number, RegExp][] = [
  [61441, /language installed on your system is different from the update language/i],
  [61442, /cannot update a checked \(debug\) system with a free \(retail\) version/i],
  [61483, /not have enough free disk space on .* to archive the uninstall files/i],
  [61443, /not enough disk space on .* to install/i],
  [61444, /do not have permission to update/i],
  [61446, /could not find the setup\.log file in your repair directory/i],
  [61447, /could not find the update\.inf file needed to update your system/i],
  [61448, /has been updated\. Remove any disks from the floppy disk drives/i],
  [61557, /has been updated\. You must reboot for these changes to take effect/i],
  [61562, /has been updated\. If you change or add any components/i],
  [61449, /installation did not complete/i],
  [61450, /Setup was unable to shutdown system/i],
  [61451, /Could not locate entry for HAL\.DLL in SETUP\.LOG/i],
  [61540, /The update\.ver file is not correct/i],
  [61452, /\bThe .+ file is not correct/i],
  [61453, /Setup canceled/i],
  [61454, /is for a different hardware platform/i],
  [61472, /build version of the system installed does not match the update .* on Build .* to Build/i],
  [61638, /build version of the system installed does not match the update .* only on Build/i],
  [61473, /version of Windows you have installed does not match the update you are trying to install/i],
  [61474, /could not start the hotfix installation program/i],
  [61475, /Setup could not locate the .* files/i],
  [61476, /have chosen to overwrite your existing uninstall/i],
  [61478, /requires Internet Explorer 3\.0 or later/i],
  [61479, /has not been qualified by your hardware vendor/i],
  [61480, /Not all files necessary to perform an integrated installation are present/i],
  [61481, /Print Spooler service is not started/i],
  [61482, /must be restarted before installing/i],
  [61484, /Unable to locate RSAENHS\.DLL/i],
  [61485, /Unable to locate UPDENCIN\.INF/i],
  [61486, /Unable to locate UPDENCTS\.INF/i],
  [61487, /High encryption ENCINST process failed/i],
  [61488, /High encryption upgrade failed/i],
  [61530, /^Error opening .+ file\b/i],
  [61546, /Service Pack version of the system installed is newer than the update .* only install this update on Service Pack/i],
  [61547, /Service Pack version of this system is newer than the update you are applying/i],
  [61548, /failed to access or correctly modify your SETUP\.LOG/i],
  [61549, /version of software you are running does not match the system/i],
  [61550, /Failed to completely copy all of the updated files/i],
  [61551, /Failed to set the directory/i],
  [61552, /An error in updating your system has occurred/i],
  [61558, /version of the Service Pack installed on your system is lower than what is necessary/i],
  [61560, /cannot uninstall, since an uninstall for .* has not been created/i],
  [61563, /Hotfix successfully uninstalled/i],
  [61643, /product key used to install Microsoft Windows may not be valid/i],
  [61644, /core system file \(kernel\) used to start this computer is not a Microsoft Windows file/i],
  [61663, /cannot be installed on top of the .* build currently installed/i],
  [61668, /version of Windows you have installed is newer than the update/i],
  [61669, /package does not apply to the operating system you are running/i],
  [61672, /branches\.inf file is invalid/i],
  [61673, /updatebr\.inf file is invalid/i],
  [61677, /Required installation branch was not found in INF file/i],
  [61681, /Files from the package are incompatible with files on your system/i],
  [61684, /one or more prerequisites required to install .* failed/i],
  [61958, /Setup requires an additional download/i],
  [61470, /Failed to install catalog files/i],
];

/**
 * The extended code whose message (Appendix E, Table 24) a text carries, e.g. the part after "Setup encountered an
 * error:" in a posted log or dialog; undefined when no message matches.
 */
export function extendedCodeByMessage(text: string): ReturnCodeInfo | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  // The quoted message starts after the dialog's or the log's lead-in, when there is one.
  const t = text.trim().replace(/\s+/g, ' ').replace(/^.*?(?:Setup encountered an error|Message displayed to the user)\s*:\s*/i, '');
  for (const [code, re] of EXTENDED_MESSAGE_PATTERNS) if (re.test(t)) return lookupExtendedCode(code);
  return undefined;
}

/** Setup API codes 0xE000xxxx (whitepaper Table 25; the values of inf-facts 1.5). */
export const SETUP_API_CODES: readonly ReturnCodeInfo[] = build('setupapi', 'whitepaper', [
  [0xe0000000, 'ERROR_EXPECTED_SECTION_NAME', 'INF syntax: a line appears before the first [section] header.', 'Fix the INF; "update-inf check" shows the line.'],
  [0xe0000001, 'ERROR_BAD_SECTION_NAME_LINE', 'INF syntax: a section header line is malformed (missing "]" or similar).', 'Fix the INF; "update-inf check" shows the line.'],
  [0xe0000002, 'ERROR_SECTION_NAME_TOO_LONG', 'INF syntax: a section name is longer than the Setup API allows.', 'Shorten the section name.'],
  [0xe0000003, 'ERROR_GENERAL_SYNTAX', 'INF syntax error of another kind. Also logged, harmlessly, when the installer probes third-party driver INFs.', 'If the package\'s own INF is named, fix it; "update-inf check" shows the line.'],
  [0xe0000100, 'ERROR_WRONG_INF_STYLE', 'The INF is not in the expected style, usually a missing or wrong Signature in [Version].', 'Set Signature="$Windows NT$" in [Version].'],
  [0xe0000101, 'ERROR_SECTION_NOT_FOUND', 'A section the caller asked for does not exist in the INF.'],
  [0xe0000102, 'ERROR_LINE_NOT_FOUND', 'A section or key the caller looked for has no such line. In installer logs this is nearly always a probe for something optional (HAL files, exclusion lists, empty registry sections) and is harmless.'],
  [0xe0000103, 'ERROR_NO_BACKUP', 'No backup of the file queue is available.'],
  [0xe0000200, 'ERROR_NO_ASSOCIATED_CLASS', 'Device install: no device setup class is associated with the device or INF.'],
  [0xe0000201, 'ERROR_CLASS_MISMATCH', 'Device install: the INF\'s class does not match the device\'s class. Logged harmlessly while building driver lists.'],
  [0xe0000202, 'ERROR_DUPLICATE_FOUND', 'Device install: a duplicate device was found.'],
  [0xe0000203, 'ERROR_NO_DRIVER_SELECTED', 'Device install: no driver was selected for the device.'],
  [0xe0000204, 'ERROR_KEY_DOES_NOT_EXIST', 'Device install: the requested device registry key does not exist.'],
  [0xe0000205, 'ERROR_INVALID_DEVINST_NAME', 'Device install: the device instance name is invalid.'],
  [0xe0000206, 'ERROR_INVALID_CLASS', 'Device install: the device class is invalid.'],
  [0xe0000207, 'ERROR_DEVINST_ALREADY_EXISTS', 'Device install: the device instance already exists.'],
  [0xe0000208, 'ERROR_DEVINFO_NOT_REGISTERED', 'Device install: the device information element is not registered.'],
  [0xe0000209, 'ERROR_INVALID_REG_PROPERTY', 'Device install: the device registry property is invalid.'],
  [0xe000020a, 'ERROR_NO_INF', 'Device install: no INF was found for the device.'],
  [0xe000020b, 'ERROR_NO_SUCH_DEVINST', 'Device install: no such device instance.'],
  [0xe000020c, 'ERROR_CANT_LOAD_CLASS_ICON', 'Device install: the class icon could not be loaded.'],
  [0xe000020d, 'ERROR_INVALID_CLASS_INSTALLER', 'Device install: the class installer is invalid.'],
  [0xe000020e, 'ERROR_DI_DO_DEFAULT', 'Device install: the default action should be taken (a status, not a failure).'],
  [0xe000020f, 'ERROR_DI_NOFILECOPY', 'Device install: file copying was skipped on request.'],
  [0xe0000210, 'ERROR_INVALID_HWPROFILE', 'Device install: the hardware profile is invalid.'],
  [0xe0000211, 'ERROR_NO_DEVICE_SELECTED', 'Device install: no device is selected.'],
  [0xe0000212, 'ERROR_DEVINFO_LIST_LOCKED', 'Device install: the device information list is locked.'],
  [0xe0000213, 'ERROR_DEVINFO_DATA_LOCKED', 'Device install: the device information element is locked.'],
  [0xe0000214, 'ERROR_DI_BAD_PATH', 'Device install: the driver path is invalid.'],
  [0xe0000215, 'ERROR_NO_CLASSINSTALL_PARAMS', 'Device install: no class-install parameters are set.'],
  [0xe0000216, 'ERROR_FILEQUEUE_LOCKED', 'Device install: the file queue is locked.'],
  [0xe0000217, 'ERROR_BAD_SERVICE_INSTALLSECT', 'Device install: a service-install section is invalid.'],
  [0xe0000218, 'ERROR_NO_CLASS_DRIVER_LIST', 'Device install: there is no class driver list.'],
  [0xe0000219, 'ERROR_NO_ASSOCIATED_SERVICE', 'Device install: no service is associated with the device.'],
  [0xe000021a, 'ERROR_NO_DEFAULT_DEVICE_INTERFACE', 'Device install: there is no default device interface.'],
  [0xe000021b, 'ERROR_DEVICE_INTERFACE_ACTIVE', 'Device install: the device interface is active.'],
  [0xe000021c, 'ERROR_DEVICE_INTERFACE_REMOVED', 'Device install: the device interface was removed.'],
  [0xe000021d, 'ERROR_BAD_INTERFACE_INSTALLSECT', 'Device install: an interface-install section is invalid.'],
  [0xe000021e, 'ERROR_NO_SUCH_INTERFACE_CLASS', 'Device install: no such interface class.'],
  [0xe000021f, 'ERROR_INVALID_REFERENCE_STRING', 'Device install: the reference string is invalid.'],
  [0xe0000220, 'ERROR_INVALID_MACHINENAME', 'Device install: the machine name is invalid.'],
  [0xe0000221, 'ERROR_REMOTE_COMM_FAILURE', 'Device install: communication with the remote machine failed.'],
  [0xe0000222, 'ERROR_MACHINE_UNAVAILABLE', 'Device install: the machine is unavailable.'],
  [0xe0000223, 'ERROR_NO_CONFIGMGR_SERVICES', 'Device install: Configuration Manager services are unavailable.'],
  [0xe0000224, 'ERROR_INVALID_PROPPAGE_PROVIDER', 'Device install: the property page provider is invalid.'],
  [0xe0000225, 'ERROR_NO_SUCH_DEVICE_INTERFACE', 'Device install: no such device interface.'],
  [0xe0000226, 'ERROR_DI_POSTPROCESSING_REQUIRED', 'Device install: post-processing is required.'],
  [0xe0000227, 'ERROR_INVALID_COINSTALLER', 'Device install: a co-installer is invalid.'],
  [0xe0000228, 'ERROR_NO_COMPAT_DRIVERS', 'Device install: no compatible drivers were found.'],
  [0xe0000229, 'ERROR_NO_DEVICE_ICON', 'Device install: there is no device icon.'],
  [0xe000022a, 'ERROR_INVALID_INF_LOGCONFIG', 'Device install: an INF log-config section is invalid.'],
  [0xe000022b, 'ERROR_DI_DONT_INSTALL', 'Device install: the class installer asked not to install.'],
  [0xe000022c, 'ERROR_INVALID_FILTER_DRIVER', 'Device install: a filter driver is invalid.'],
  [0xe000022d, 'ERROR_NON_WINDOWS_NT_DRIVER', 'Device install: the driver is not for Windows NT.'],
  [0xe000022e, 'ERROR_NON_WINDOWS_DRIVER', 'Device install: the driver is not a Windows driver.'],
  [0xe000022f, 'ERROR_NO_CATALOG_FOR_OEM_INF', 'Device install: a third-party INF has no catalog.'],
  [0xe0000230, 'ERROR_DEVINSTALL_QUEUE_NONNATIVE', 'Device install: the file queue holds files for another platform.'],
  [0xe0000231, 'ERROR_NOT_DISABLEABLE', 'Device install: the device cannot be disabled.'],
  [0xe0000232, 'ERROR_CANT_REMOVE_DEVINST', 'Device install: the device instance cannot be removed.'],
  [0xe0000233, 'ERROR_INVALID_TARGET', 'Device install: the target is invalid.'],
  [0xe0000234, 'ERROR_DRIVER_NONNATIVE', 'Device install: the driver is for another platform.'],
  [0xe0000235, 'ERROR_IN_WOW64', 'Device install: the operation is not allowed from a 32-bit process on 64-bit Windows.'],
  [0xe0000236, 'ERROR_SET_SYSTEM_RESTORE_POINT', 'A system restore point could not be set.'],
  [0xe0000237, 'ERROR_INCORRECTLY_COPIED_INF', 'An INF was copied into the INF folder the wrong way.'],
  [0xe0000238, 'ERROR_SCE_DISABLED', 'The Security Configuration Editor is disabled.'],
  [0xe0000239, 'ERROR_UNKNOWN_EXCEPTION', 'An unknown exception occurred inside the Setup API.'],
  [0xe000023a, 'ERROR_PNP_REGISTRY_ERROR', 'The Plug and Play registry is damaged or inaccessible.'],
  [0xe000023b, 'ERROR_REMOTE_REQUEST_UNSUPPORTED', 'The request is not supported on a remote machine.'],
  [0xe000023c, 'ERROR_NOT_AN_INSTALLED_OEM_INF', 'The INF is not an installed third-party INF.'],
  [0xe000023d, 'ERROR_INF_IN_USE_BY_DEVICES', 'The INF is still used by installed devices.'],
  [0xe000023e, 'ERROR_DI_FUNCTION_OBSOLETE', 'The device-install function is obsolete.'],
  [0xe000023f, 'ERROR_NO_AUTHENTICODE_CATALOG', 'No Authenticode-signed catalog was found.'],
  [0xe0000240, 'ERROR_AUTHENTICODE_DISALLOWED', 'Authenticode signing is not allowed for this file.'],
  [0xe0000241, 'ERROR_AUTHENTICODE_TRUSTED_PUBLISHER', 'The file is signed by a trusted Authenticode publisher (a status).', undefined, { success: true }],
  [0xe0000242, 'ERROR_AUTHENTICODE_TRUST_NOT_ESTABLISHED', 'Trust in the Authenticode publisher is not established.'],
  [0xe0000243, 'ERROR_AUTHENTICODE_PUBLISHER_NOT_TRUSTED', 'The Authenticode publisher is not trusted.'],
  [0xe0000244, 'ERROR_SIGNATURE_OSATTRIBUTE_MISMATCH', 'The catalog\'s OS attributes do not cover this Windows version.', 'Sign the package with a catalog whose OS attributes include the target system.'],
  [0xe0000245, 'ERROR_ONLY_VALIDATE_VIA_AUTHENTICODE', 'The file can only be validated with Authenticode.'],
]);

/** Common Win32 codes in installer logs (public winerror.h values; meanings in our words). */
export const WIN32_CODES: readonly ReturnCodeInfo[] = build('win32', 'winerror.h', [
  [0, 'ERROR_SUCCESS', 'Success.', undefined, { success: true }],
  [1, 'ERROR_INVALID_FUNCTION', 'The function is not supported for this object.'],
  [2, 'ERROR_FILE_NOT_FOUND', 'File (or registry key/value) not found. In installer logs most of these are probes for optional things and are harmless when the install continues.'],
  [3, 'ERROR_PATH_NOT_FOUND', 'The folder in the path does not exist.'],
  [4, 'ERROR_TOO_MANY_OPEN_FILES', 'Too many files are open.'],
  [5, 'ERROR_ACCESS_DENIED', 'Access denied: the account lacks the rights on a file, folder or registry key, or the file is protected.', 'Run as an administrator with the rights of KB 888791; check the permissions on the path named in the log.'],
  [13, 'ERROR_INVALID_DATA', 'The data is invalid. Whitepaper Table 22 gives this message for a user without the Debug programs right under installers before 5.4.1.0.', 'Grant Debug programs (KB 888791, KB 830846), or use a package built with installer 5.4.1.0 or later.'],
  [6, 'ERROR_INVALID_HANDLE', 'An invalid handle was used, typically a registry key that was never opened because it does not exist.'],
  [8, 'ERROR_NOT_ENOUGH_MEMORY', 'Not enough memory.'],
  [14, 'ERROR_OUTOFMEMORY', 'Out of memory.'],
  [18, 'ERROR_NO_MORE_FILES', 'No more files match (the end of a directory listing).'],
  [21, 'ERROR_NOT_READY', 'The device is not ready.'],
  [23, 'ERROR_CRC', 'Data error (CRC): the media or the package file is damaged.', 'Download or copy the package again.'],
  [32, 'ERROR_SHARING_VIOLATION', 'The file is in use by another process.', 'Close the program using the file, or let the installer queue the file for the next restart.'],
  [33, 'ERROR_LOCK_VIOLATION', 'Part of the file is locked by another process.'],
  [39, 'ERROR_HANDLE_DISK_FULL', 'The disk is full.', 'Free disk space.'],
  [80, 'ERROR_FILE_EXISTS', 'The file already exists.'],
  [87, 'ERROR_INVALID_PARAMETER', 'A parameter is invalid. Logged harmlessly when the catalog version cannot be read before the catalog is installed.'],
  [112, 'ERROR_DISK_FULL', 'There is not enough space on the disk.', 'Free disk space.'],
  [122, 'ERROR_INSUFFICIENT_BUFFER', 'The buffer passed was too small for the data.'],
  [126, 'ERROR_MOD_NOT_FOUND', 'A DLL could not be found or loaded.'],
  [127, 'ERROR_PROC_NOT_FOUND', 'A function was not found in a DLL.'],
  [145, 'ERROR_DIR_NOT_EMPTY', 'The folder is not empty.'],
  [183, 'ERROR_ALREADY_EXISTS', 'The file or object already exists.'],
  [193, 'ERROR_BAD_EXE_FORMAT', 'The file is not a valid program for this platform.'],
  [259, 'ERROR_NO_MORE_ITEMS', 'No more items (the end of an enumeration).'],
  [995, 'ERROR_OPERATION_ABORTED', 'The operation was aborted.'],
  [1008, 'ERROR_NO_TOKEN', 'No security token exists for the operation.'],
  [1058, 'ERROR_SERVICE_DISABLED', 'The service is disabled.'],
  [1060, 'ERROR_SERVICE_DOES_NOT_EXIST', 'The service does not exist.'],
  [1062, 'ERROR_SERVICE_NOT_ACTIVE', 'The service is not running.'],
  [1168, 'ERROR_NOT_FOUND', 'Element not found. Logged harmlessly while verifying driver INFs.'],
  [1223, 'ERROR_CANCELLED', 'The user cancelled the operation.'],
  [1314, 'ERROR_PRIVILEGE_NOT_HELD', 'A required privilege is not held by the account.', 'Grant the privileges of KB 888791 (backup, restore, take ownership, security, shutdown, debug).'],
  [1359, 'ERROR_INTERNAL_ERROR', 'An internal error occurred.'],
  [1460, 'ERROR_TIMEOUT', 'The operation timed out.'],
  [1602, 'ERROR_INSTALL_USEREXIT', 'The user cancelled the installation.'],
  [1603, 'ERROR_INSTALL_FAILURE', 'A fatal error occurred during installation.'],
  [1618, 'ERROR_INSTALL_ALREADY_RUNNING', 'Another installation is in progress.', 'Wait for it to finish and try again.'],
  [1641, 'ERROR_SUCCESS_REBOOT_INITIATED', 'The installer started a restart to finish.', undefined, { success: true, restart: true }],
  [1722, 'RPC_S_SERVER_UNAVAILABLE', 'The RPC server is unavailable. Logged harmlessly when the monitored-file list cannot be updated.'],
  [3010, 'ERROR_SUCCESS_REBOOT_REQUIRED', 'Success; a restart is required to finish.', 'Restart the computer.', { success: true, restart: true }],
]);

/** HRESULTs and Jet errors the whitepaper's examples show. */
export const OTHER_CODES: readonly ReturnCodeInfo[] = [
  ...build('hresult', 'winerror.h', [
    [0x800b0100, 'TRUST_E_NOSIGNATURE', 'The file has no signature, or its catalog is not installed.'],
    [0x800b0109, 'CERT_E_UNTRUSTEDROOT', 'The signing certificate chains to a root that is not trusted.'],
    [0x800b0004, 'TRUST_E_SUBJECT_NOT_TRUSTED', 'The subject is not trusted for the requested action.'],
  ]),
  ...build('jet', 'whitepaper', [
    [0xfffffdda, 'JET_errDatabaseDirtyShutdown (-550)', 'A catalog-database (Jet) error. The whitepaper ties it to a security catalog that was removed by hand; when the install continues it is only informational.', undefined, { source: 'whitepaper' }],
  ]),
];

const ALL_TABLES: readonly (readonly ReturnCodeInfo[])[] = [INSTALLER_RETURN_CODES, EXTENDED_RETURN_CODES, LOGGED_EXTENDED_CODES, SETUP_API_CODES, WIN32_CODES, OTHER_CODES];

const BY_CODE = new Map<number, ReturnCodeInfo[]>();
const BY_NAME = new Map<string, ReturnCodeInfo>();
for (const table of ALL_TABLES) {
  for (const e of table) {
    const list = BY_CODE.get(e.code) ?? [];
    list.push(e);
    BY_CODE.set(e.code, list);
    if (!BY_NAME.has(e.name.toUpperCase())) BY_NAME.set(e.name.toUpperCase(), e);
    for (const a of e.aliases ?? []) if (!BY_NAME.has(a.toUpperCase())) BY_NAME.set(a.toUpperCase(), e);
  }
}

/**
 * Parses a code in any notation seen in logs and docs: decimal ("61558", "-550"), hex with 0x ("0xf076",
 * "0x0000F076", "0XE0000102") or with a trailing h ("F076h"). Returns the unsigned 32-bit value, or undefined.
 */
const EXTENDED_MIN = Math.min(...EXTENDED_RETURN_CODES.map((c) => c.code));
const EXTENDED_MAX = Math.max(...EXTENDED_RETURN_CODES.map((c) => c.code));

/** Whether a number lies in the range of the installer's extended return codes (Appendix E: 61441..62480). */
export function isExtendedCodeRange(code: number): boolean {
  return code >= EXTENDED_MIN && code <= EXTENDED_MAX;
}

export function parseCodeNumber(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && Number.isInteger(text) ? text >>> 0 : undefined;
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  let m = /^0x([0-9a-f]{1,8})$/i.exec(t);
  if (m) return parseInt(m[1], 16) >>> 0;
  m = /^([0-9a-f]{1,8})h$/i.exec(t);
  if (m) return parseInt(m[1], 16) >>> 0;
  m = /^(-?)(\d{1,10})$/.exec(t);
  if (m) {
    const n = parseInt(m[2], 10);
    if (n > 0xffffffff) return undefined;
    return m[1] ? -n >>> 0 : n;
  }
  return undefined;
}

/** "0xF076" style hex of a code (upper-case digits, at least 1 digit). */
export function hexOf(code: number): string {
  return '0x' + (code >>> 0).toString(16).toUpperCase();
}

/** "61558 (0xF076)": both notations, as hovers and reports show a code. */
export function formatCode(code: number): string {
  const c = code >>> 0;
  if (c >= 0x80000000) return hexOf(c);
  return `${c} (${hexOf(c)})`;
}

export interface LookupOptions {
  /** Which kind wins when one number has several meanings (e.g. 3010 installer vs Win32). */
  prefer?: readonly ReturnCodeKind[];
}

const DEFAULT_PREFERENCE: readonly ReturnCodeKind[] = ['installer', 'extended', 'setupapi', 'win32', 'hresult', 'jet'];

/**
 * Every table entry for a code (any notation). An HRESULT of the form 0x8007xxxx also yields the Win32 code it
 * wraps. Empty when unknown; never throws.
 */
export function lookupAllReturnCodes(code: number | string): ReturnCodeInfo[] {
  const n = parseCodeNumber(code);
  if (n === undefined) return [];
  const direct = BY_CODE.get(n) ?? [];
  if (direct.length) return [...direct];
  if ((n & 0xffff0000) >>> 0 === 0x80070000) {
    const inner = BY_CODE.get(n & 0xffff);
    if (inner) {
      return inner
        .filter((e) => e.kind === 'win32')
        .map((e) => ({ ...e, code: n, kind: 'hresult' as const, name: `HRESULT_FROM_WIN32(${e.name})`, meaning: `${e.meaning} (A Win32 error ${n & 0xffff} wrapped in an HRESULT.)` }));
    }
  }
  return [];
}

/** The best entry for a code (any notation), by the preferred kinds; undefined when unknown. */
export function lookupReturnCode(code: number | string, options?: LookupOptions): ReturnCodeInfo | undefined {
  const all = lookupAllReturnCodes(code);
  if (!all.length) return undefined;
  const pref = options?.prefer ?? DEFAULT_PREFERENCE;
  let best = all[0];
  let bestRank = Infinity;
  for (const e of all) {
    const r = pref.indexOf(e.kind);
    const rank = r < 0 ? pref.length : r;
    if (rank < bestRank) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}

/** An extended (Appendix E) code by number in any notation. */
export function lookupExtendedCode(code: number | string): ReturnCodeInfo | undefined {
  return lookupAllReturnCodes(code).find((e) => e.kind === 'extended');
}

/** An entry by its symbolic name (case-insensitive), e.g. "STATUS_SP_VERSION_LESSER". */
export function returnCodeByName(name: string): ReturnCodeInfo | undefined {
  if (typeof name !== 'string') return undefined;
  return BY_NAME.get(name.trim().toUpperCase());
}

/**
 * The code Update.exe returns without /ER for an extended or Win32 result (whitepaper "Return Codes"):
 * 0 for plain success, 3010 when a restart is needed, 1603 for every failure.
 */
export function plainReturnCode(code: number | string): 0 | 3010 | 1603 {
  const n = parseCodeNumber(code);
  if (n === undefined) return 1603;
  if (n === 0) return 0;
  if (n === 3010) return 3010;
  const e = lookupReturnCode(n, { prefer: ['installer', 'extended', 'win32'] });
  if (e?.success) return e.restart ? 3010 : 0;
  return 1603;
}
