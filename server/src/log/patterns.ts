// What the log reader knows about installer log lines, as typed tables with their documentation in our own words:
//   - BENIGN_ENTRIES: lines that look like errors but are not (whitepaper Table 21 and the annotated Appendix D log);
//   - PHASES: the phases of an installation and the lines that open each one (Appendix D headings, "Installation
//     Log Contents Summary");
//   - FAILURE_PHRASES: wording that marks a line as the reason a run stopped even without the word "error".
// Pure data plus tiny lookups.

export type LogSource = 'whitepaper' | 'kb976647' | 'inferred';

export interface BenignEntry {
  /** Stable id, shown in JSON output and docs/logs.md. */
  id: string;
  /** Matches the line's message (the text after the timestamp). */
  pattern: RegExp;
  /** Why the line is harmless, in our words. */
  explanation: string;
  /** A short example as it appears in logs. */
  example: string;
  source: LogSource;
}

const IF_CONTINUES = 'It only matters when the installation stops right after it.';

/** Lines that look like failures but are normal (whitepaper Table 21, Appendix D). Order: most specific first. */
export const BENIGN_ENTRIES: readonly BenignEntry[] = [
  {
    id: 'clean-pfr',
    pattern: /CleanPFR failed/i,
    explanation: 'The installer tidies the pending-file-rename queue before copying; this says the queue had no entries to tidy.',
    example: 'DoInstallation: CleanPFR failed: 0x2',
    source: 'whitepaper',
  },
  {
    id: 'test-volatile-flag',
    pattern: /TestVolatileFlag.*RegOpenKeyEx failed/i,
    explanation: 'The installer checks whether an earlier install left a volatile "restart pending" flag; a missing key (0x2) means none did.',
    example: 'In Function TestVolatileFlag, line 11641, RegOpenKeyEx failed with error 0x2',
    source: 'whitepaper',
  },
  {
    id: 'fetch-source-url',
    pattern: /FetchSourceURL/i,
    explanation: 'Only express packages (installed from Windows Update) fetch their files from a URL. A stand-alone package has every file locally, so failing to find update.url is expected.',
    example: 'DoInstallation: FetchSourceURL for c:\\...\\update\\update.inf failed',
    source: 'whitepaper',
  },
  {
    id: 'cabinet-manifest',
    pattern: /BuildCabinetManifest\s*:.*(?:failed|absent|INVALID_HANDLE_VALUE)/i,
    explanation: 'The installer looks for an express-download manifest (update.url) that full packages do not ship. ' + IF_CONTINUES,
    example: 'BuildCabinetManifest: update.url absent',
    source: 'whitepaper',
  },
  {
    id: 'failed-deleting',
    pattern: /^Failed Deleting\b/i,
    explanation: 'Cleanup of a temporary file that was never created; there was nothing to delete.',
    example: 'Failed Deleting C:\\WINNT\\system32\\msiinst.tmp 2',
    source: 'whitepaper',
  },
  {
    id: 'filelist-probe',
    pattern: /RegOpenKeyEx for .*\\Filelist\\.*Failed/i,
    explanation: 'The installer probes the Updates\\...\\Filelist key of an update that may never have been installed; a missing key is normal.',
    example: 'RegisterFile:RegOpenKeyEx for SOFTWARE\\Microsoft\\Updates\\...\\Filelist\\3 Failed: 0x2',
    source: 'whitepaper',
  },
  {
    id: 'hal-probe',
    pattern: /SpGetSourceFileLocation for hal[\w.]*\s+failed/i,
    explanation: 'Every package is searched for HAL files (hal*.dll); most packages ship none, so the lookup fails with ERROR_LINE_NOT_FOUND.',
    example: 'LoadFileQueues: UpdSpGetSourceFileLocation for halacpi.dll failed: 0xe0000102',
    source: 'whitepaper',
  },
  {
    id: 'cat-version',
    pattern: /GetCatVersion\s*:.*Failed to retrieve version information/i,
    explanation: 'The version of the package\'s security catalog cannot be read before the catalog is installed. ' + IF_CONTINUES,
    example: 'GetCatVersion: Failed to retrieve version information from ...\\KB834707.cat with error 0x57',
    source: 'whitepaper',
  },
  {
    id: 'driver-query',
    pattern: /Failed to query (?:DriverPath|DrvDescription)\b/i,
    explanation: 'Driver inventory: an installed driver has no such registry value. ' + IF_CONTINUES,
    example: 'Failed to query DriverPath for ... with error 0x0',
    source: 'whitepaper',
  },
  {
    id: 'verify-inf',
    pattern: /SetupVerifyInfFile failed with error 0x0*490\b/i,
    explanation: 'Driver inventory: an installed driver INF has no signature record to verify. ' + IF_CONTINUES,
    example: 'SetupVerifyInfFile failed with error 0x490 for oem3.inf of device ...',
    source: 'whitepaper',
  },
  {
    id: 'third-party-inf',
    pattern: /SetupOpenInfFile in IsThirdPartyInf Failed/i,
    explanation: 'Driver inventory: a third-party INF could not be parsed while deciding whether it is third-party. ' + IF_CONTINUES,
    example: 'SetupOpenInfFile in IsThirdPartyInf Failed with error 0xe0000003',
    source: 'whitepaper',
  },
  {
    id: 'monitored-list',
    pattern: /UpdateMonitoredList\s*Failed\s*WithError/i,
    explanation: 'The installer could not update the list of files it monitors (0x6ba, 0x54f). ' + IF_CONTINUES,
    example: 'UpdateMonitoredListFailed WithError 0x6ba',
    source: 'whitepaper',
  },
  {
    id: 'enum-driver-info',
    pattern: /SetupDiEnumDriverInfo(?:\(\))? failed/i,
    explanation: 'Driver inventory: the end of a device\'s driver list (ERROR_NO_MORE_ITEMS, 0x103). ' + IF_CONTINUES,
    example: 'SetupDiEnumDriverInfo() failed with error 0x103',
    source: 'whitepaper',
  },
  {
    id: 'exclusion-list',
    pattern: /SetupFindFirstLine in LoadExclusionList Failed/i,
    explanation: 'The package has no list of files to exclude from the install; that list is optional.',
    example: 'SetupFindFirstLine in LoadExclusionList Failed with error: 0xe0000102',
    source: 'whitepaper',
  },
  {
    id: 'driver-date',
    pattern: /Driver DateData From Registry .*failed/i,
    explanation: 'Driver inventory: a driver has no date value in the registry (0x7a). ' + IF_CONTINUES,
    example: 'Driver DateData From Registry for Packet Scheduler Miniport failed with error 0x7a',
    source: 'whitepaper',
  },
  {
    id: 'install-catalog-jet',
    pattern: /InstallCatalog failed .*error\s*=\s*0xfffffdda/i,
    explanation: 'The catalog database reports a catalog that was deleted by hand (Jet error -550); informational only.',
    example: 'InstallCatalogFile: InstallCatalog failed for KB834707.cat error=0xfffffdda',
    source: 'whitepaper',
  },
  {
    id: 'signing-key',
    pattern: /Failed to open the Signing Key/i,
    explanation: 'An optional signing-policy registry key could not be opened. ' + IF_CONTINUES,
    example: 'Failed to open the Signing Key with error 0x5',
    source: 'whitepaper',
  },
  {
    id: 'download-task',
    pattern: /\[dumpDownloadTask\].*(?:Will go for Fallback|Ignore and continue)/i,
    explanation: 'An express download step failed and the installer fell back to another way on its own.',
    example: '[dumpDownloadTask] ERROR extracting ... Will go for Fallback',
    source: 'whitepaper',
  },
  {
    id: 'build-driver-info-list',
    pattern: /SetupDiBuildDriverInfoList(?:\(\))?(?: in CollectThirdPartyDriversFromDevice)? Failed/i,
    explanation: 'Driver inventory: a device has no (matching) third-party driver list. ' + IF_CONTINUES,
    example: 'SetupDiBuildDriverInfoList() failed with error 0xe0000201',
    source: 'whitepaper',
  },
  {
    id: 'reg-uninstall-section',
    pattern: /SetupFindFirstLine for [\w.]+ failed:?\s*0xe0000102/i,
    explanation: 'A registry section the removal INF may contain is absent; nothing to restore or delete there.',
    example: 'DoRegUninstall: SetupFindFirstLine for Reg.Delete.Values failed: 0xe0000102',
    source: 'whitepaper',
  },
  {
    id: 'verify-size',
    pattern: /VerifySize\b/i,
    explanation: 'Size checks of temporary files are informational. ' + IF_CONTINUES,
    example: 'VerifySize: Unable to verify size: Source = NULL: c:\\windows\\inf\\HFX3.tmp',
    source: 'whitepaper',
  },
  {
    id: 'not-found-0x2',
    pattern: /(?:0x0*2|\b(?:error|failed|failure)\s*[:=]?\s*2)\s*[.)]?\s*$/i,
    explanation: 'Error 2 means "not found": the installer probed for an optional file, folder or registry key that is not there.',
    example: 'FindFirstFile c:\\windows\\$hf_mig$\\*.* failed 0x2',
    source: 'whitepaper',
  },
];

export type PhaseId = 'analysis' | 'inventory' | 'backup' | 'file-copy' | 'pfr' | 'registry' | 'migration' | 'restart' | 'processes' | 'result';

export interface PhaseInfo {
  id: PhaseId;
  title: string;
  /** What the installer does in this phase, in our words. */
  description: string;
  /** Lines (messages, after the timestamp) that open the phase. */
  markers: RegExp[];
  source: LogSource;
}

/** The phases of a run, in the order they normally appear. A run starts in 'analysis'. */
export const PHASES: readonly PhaseInfo[] = [
  {
    id: 'analysis',
    title: 'Package and platform analysis',
    description: 'The installer records when it started, its own version and command line, checks the operating system, product type, language and service pack against the package, and decides where the uninstall backup goes.',
    markers: [/Hotfix started with following command line/i, /Service Pack started with following command line/i, /was run with the following arguments/i],
    source: 'whitepaper',
  },
  {
    id: 'inventory',
    title: 'Inventory',
    description: 'Every file of the package is compared with the installed one: version, branch, OEM signature, the blocklist (updtblk.inf) and $hf_mig$ migration. The result is the list of files to copy, skip or cache; disk space is checked at the end.',
    markers: [/^Starting AnalyzeComponents/i, /^AnalyzeComponents\b/i, /^AnalyzePhaseZero\b/i],
    source: 'whitepaper',
  },
  {
    id: 'backup',
    title: 'File and registry backup',
    description: 'The files and registry values about to change are saved under %windir%\\$NtUninstallKB######$ for removal, the Add or Remove Programs entry is registered and a System Restore point is set.',
    markers: [/^Registering Uninstall Program/i, /^System Restore Point set/i, /^Backing up\b/i, /^BackupFiles?\b/i],
    source: 'whitepaper',
  },
  {
    id: 'file-copy',
    title: 'File copy',
    description: 'The security catalog is installed and files are copied to their targets and to $hf_mig$. A file that is in use is copied to a SET*.tmp name and queued to replace the target at the next restart ("delayed").',
    markers: [/^GetCatVersion\b/i, /^InstallCatalogFile\b/i, /^ProcessSetupContentSection\b/i, /^Copied file\b/i, /^PFR Copy\s*:/i, /^Starting file copy/i],
    source: 'whitepaper',
  },
  {
    id: 'pfr',
    title: 'Pending file renames',
    description: 'The installer prints the pending-file-rename queue before and after resolving conflicts with earlier installs, so that after the restart the newest version of each file wins.',
    markers: [/-{2,}\s*Old Information In The Registry/i, /-{2,}\s*New Information In The Registry/i, /-{2,}\s*PendingFileRenam\w*Operations (?:Before|After)/i],
    source: 'whitepaper',
  },
  {
    id: 'registry',
    title: 'Registry updates',
    description: 'The INF\'s AddReg/DelReg sections are applied and the Updates, Hotfix and uninstall keys are written (or, on removal, restored).',
    markers: [/^Starting Registry updates/i, /^DoRegUninstall\b/i, /^Done with Registry updates/i],
    source: 'whitepaper',
  },
  {
    id: 'migration',
    title: 'Hotfix migration',
    description: 'After a service pack copies its files, hotfixes installed earlier that are newer than the service pack are re-applied from $hf_mig$ so that no file goes back to an older version. Each one is recorded under its Add or Remove Programs key.',
    markers: [/^MigrateHotfix(?:es)?\b/i],
    source: 'kb976647',
  },
  {
    id: 'restart',
    title: 'Restart decision',
    description: 'The installer lists processes to run after the restart and decides whether a restart is needed: any delayed file operation requires one.',
    markers: [/^UpdateSpUpdSvcInf\b/i, /^IsRebootRequiredForFileQueue\b/i, /^RebootNecessary\s*=/i],
    source: 'whitepaper',
  },
  {
    id: 'processes',
    title: 'Processes run after restart',
    description: 'Spupdsvc.exe runs the processes the package queued for after the restart and logs each exit code (standard Win32 codes).',
    markers: [/^\[PerformInfInstructions\]/i],
    source: 'whitepaper',
  },
  {
    id: 'result',
    title: 'Result',
    description: 'The installer writes its extended return code (always, with or without /ER) and the plain code it returns (0, 3010 or 1603).',
    markers: [],
    source: 'inferred',
  },
];

export function phaseInfo(id: PhaseId): PhaseInfo {
  return PHASES.find((p) => p.id === id) ?? PHASES[0];
}

/** The phase a message opens, or undefined. */
export function phaseMarkerOf(message: string): PhaseInfo | undefined {
  for (const p of PHASES) for (const m of p.markers) if (m.test(message)) return p;
  return undefined;
}

/** Words that make a line look like an error. */
export const ERROR_WORDS = /\b(?:fail(?:ed|ure|s)?|error|cannot|can ?not|can't|could not|couldn't|unable|denied|invalid|not enough|aborted?)\b/i;

export interface FailurePhrase {
  id: string;
  pattern: RegExp;
  /** What the line tells, in our words. */
  explanation: string;
  source: LogSource;
}

/** Messages that explain why a run stopped although they contain no error word (refusals, removal order). */
export const FAILURE_PHRASES: readonly FailurePhrase[] = [
  { id: 'refusal', pattern: /^(?:Message displayed to the user:\s*)?Setup (?:has )?detected that/i, explanation: 'The installer refused the package after comparing it with the system.', source: 'whitepaper' },
  { id: 'out-of-order', pattern: /Setup detected the following programs|these programs may not run correctly|out of order/i, explanation: 'Updates installed after this one depend on files it installed; removing it first is refused (remove in reverse order of installation).', source: 'whitepaper' },
  { id: 'not-applicable', pattern: /does not apply to|does not match the (?:system|update)|is for a different hardware platform|is newer than the update/i, explanation: 'The package does not apply to this system.', source: 'whitepaper' },
  { id: 'restart-first', pattern: /must be restarted before/i, explanation: 'Pending file operations from an earlier install must finish with a restart first.', source: 'whitepaper' },
  { id: 'permission', pattern: /do not have permission/i, explanation: 'The account lacks the rights the installer needs.', source: 'whitepaper' },
  { id: 'another-install', pattern: /Another installation is already in progress/i, explanation: 'Only one package installer can run at a time.', source: 'whitepaper' },
  { id: 'no-uninstall', pattern: /an uninstall for .* has not been created|cannot uninstall/i, explanation: 'The update was installed without a backup and cannot be removed.', source: 'whitepaper' },
];

export function failurePhraseOf(message: string): FailurePhrase | undefined {
  return FAILURE_PHRASES.find((f) => f.pattern.test(message));
}

export function benignEntryOf(message: string): BenignEntry | undefined {
  return BENIGN_ENTRIES.find((b) => b.pattern.test(message));
}
