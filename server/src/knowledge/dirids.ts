// Directory ids (DIRIDs): the numbers [DestinationDirs] and %<n>% use for folders. Setup API ids, shell-folder
// ids (16384 + CSIDL) and the ids the package installer defines at run time (656xx).
// Sources: inf-facts.md 2 (Setup API documentation, Wine setupapi.h, real package INFs), whitepaper Appendix B.

import { SEEN_SP2, Source } from './common';

export interface DiridInfo {
  id: number;
  symbol?: string;
  /** Where it points on a default installation; %SystemRoot% is the Windows folder. */
  path: string;
  doc: string;
  source: Source;
}

export const DIRIDS: readonly DiridInfo[] = [
  { id: -1, symbol: 'DIRID_ABSOLUTE', path: '(absolute path)', doc: 'The subdirectory field holds a full path. 65535 means the same.', source: 'inf-facts' },
  { id: 0, symbol: 'DIRID_NULL', path: '(none)', doc: 'No directory.', source: 'inf-facts' },
  { id: 1, symbol: 'DIRID_SRCPATH', path: '(source folder)', doc: 'The folder the INF is installed from: the extracted package folder.', source: 'inf-facts' },
  { id: 10, symbol: 'DIRID_WINDOWS', path: '%SystemRoot%', doc: 'The Windows folder.', source: 'inf-facts' },
  { id: 11, symbol: 'DIRID_SYSTEM', path: '%SystemRoot%\\system32', doc: 'The system folder; most hotfix files go here.', source: 'whitepaper' },
  { id: 12, symbol: 'DIRID_DRIVERS', path: '%SystemRoot%\\system32\\drivers', doc: 'Kernel-mode drivers.', source: 'inf-facts' },
  { id: 17, symbol: 'DIRID_INF', path: '%SystemRoot%\\inf', doc: 'INF files.', source: 'inf-facts' },
  { id: 18, symbol: 'DIRID_HELP', path: '%SystemRoot%\\help', doc: 'Help files.', source: 'inf-facts' },
  { id: 20, symbol: 'DIRID_FONTS', path: '%SystemRoot%\\fonts', doc: 'Fonts.', source: 'inf-facts' },
  { id: 21, symbol: 'DIRID_VIEWERS', path: '%SystemRoot%\\system32\\viewers', doc: 'File viewers.', source: 'inf-facts' },
  { id: 23, symbol: 'DIRID_COLOR', path: '%SystemRoot%\\system32\\spool\\drivers\\color', doc: 'ICM color profiles.', source: 'inf-facts' },
  { id: 24, symbol: 'DIRID_APPS', path: '(system drive root)', doc: 'Root of the drive Windows is on, e.g. C:\\.', source: 'inf-facts' },
  { id: 25, symbol: 'DIRID_SHARED', path: '%SystemRoot%', doc: 'The shared folder (the Windows folder on NT).', source: 'inf-facts' },
  { id: 30, symbol: 'DIRID_BOOT', path: '(boot drive root)', doc: 'Root of the boot (system partition) drive; can differ from 24.', source: 'inf-facts' },
  { id: 50, symbol: 'DIRID_SYSTEM16', path: '%SystemRoot%\\system', doc: 'The 16-bit system folder.', source: 'inf-facts' },
  { id: 51, symbol: 'DIRID_SPOOL', path: '%SystemRoot%\\system32\\spool', doc: 'Print spooler folder.', source: 'inf-facts' },
  { id: 52, symbol: 'DIRID_SPOOLDRIVERS', path: '%SystemRoot%\\system32\\spool\\drivers\\w32x86', doc: 'Printer drivers.', source: 'inf-facts' },
  { id: 53, symbol: 'DIRID_USERPROFILE', path: '%UserProfile%', doc: 'Profile of the user running the installer.', source: 'inf-facts' },
  { id: 54, symbol: 'DIRID_LOADER', path: '(boot drive root)', doc: 'Folder holding ntldr.', source: 'inf-facts' },
  { id: 55, symbol: 'DIRID_PRINTPROCESSOR', path: '%SystemRoot%\\system32\\spool\\prtprocs\\w32x86', doc: 'Print processors.', source: 'inf-facts' },
  { id: 16406, symbol: 'DIRID_COMMON_STARTMENU', path: '%AllUsersProfile%\\Start Menu', doc: 'All users\' Start menu (CSIDL 0x16).', source: 'inf-facts' },
  { id: 16407, symbol: 'DIRID_COMMON_PROGRAMS', path: '%AllUsersProfile%\\Start Menu\\Programs', doc: 'All users\' Programs menu (CSIDL 0x17); packages delete their shortcuts from here on removal.', source: 'inf-facts' },
  { id: 16408, symbol: 'DIRID_COMMON_STARTUP', path: '%AllUsersProfile%\\Start Menu\\Programs\\Startup', doc: 'All users\' Startup folder.', source: 'inf-facts' },
  { id: 16409, symbol: 'DIRID_COMMON_DESKTOPDIRECTORY', path: '%AllUsersProfile%\\Desktop', doc: 'All users\' desktop.', source: 'inf-facts' },
  { id: 16415, symbol: 'DIRID_COMMON_FAVORITES', path: '%AllUsersProfile%\\Favorites', doc: 'All users\' favorites.', source: 'inf-facts' },
  { id: 16419, symbol: 'DIRID_COMMON_APPDATA', path: '%AllUsersProfile%\\Application Data', doc: 'All users\' application data.', source: 'inf-facts' },
  { id: 16422, symbol: 'DIRID_PROGRAM_FILES', path: '%ProgramFiles%', doc: 'Program Files.', source: 'inf-facts' },
  { id: 16425, symbol: 'DIRID_SYSTEM_X86', path: '%SystemRoot%\\SysWOW64', doc: 'The 32-bit system folder of 64-bit Windows.', source: 'inf-facts' },
  { id: 16426, symbol: 'DIRID_PROGRAM_FILES_X86', path: '%ProgramFiles(x86)%', doc: 'Program Files (x86) on 64-bit Windows.', source: 'inf-facts' },
  { id: 16427, symbol: 'DIRID_PROGRAM_FILES_COMMON', path: '%CommonProgramFiles%', doc: 'Program Files\\Common Files.', source: 'inf-facts' },
  { id: 16428, symbol: 'DIRID_PROGRAM_FILES_COMMONX86', path: '%CommonProgramFiles(x86)%', doc: 'Common Files (x86) on 64-bit Windows.', source: 'inf-facts' },
  { id: 16429, symbol: 'DIRID_COMMON_TEMPLATES', path: '%AllUsersProfile%\\Templates', doc: 'All users\' document templates.', source: 'inf-facts' },
  { id: 16430, symbol: 'DIRID_COMMON_DOCUMENTS', path: '%AllUsersProfile%\\Documents', doc: 'All users\' documents.', source: 'inf-facts' },
  { id: 16431, symbol: 'DIRID_COMMON_ADMINTOOLS', path: '%AllUsersProfile%\\Start Menu\\Programs\\Administrative Tools', doc: 'All users\' Administrative Tools menu (16384 + CSIDL_COMMON_ADMINTOOLS 0x2F in Microsoft\'s CSIDL list). The genuine SP2 INF puts its Windows Deployment Services consoles there with the shortcut folder 0x002f.', source: SEEN_SP2 },
  { id: 65535, symbol: 'DIRID_ABSOLUTE_16BIT', path: '(absolute path)', doc: 'Same as -1: the subdirectory field is a full path.', source: 'inf-facts' },
  { id: 65619, path: '%SystemRoot%\\system32\\dllcache', doc: 'Defined by the package installer at run time: the Windows File Protection cache. Packages copy a second copy of each protected file here so WFP does not restore the old one.', source: 'inf-facts' },
  { id: 65623, path: '(driver cache, set at run time)', doc: 'Defined by the package installer at run time: the driver-cabinet cache, so Plug and Play finds the new driver files later.', source: 'inf-facts' },
  { id: 65618, path: '%ProgramFiles%', doc: 'Defined by the package installer at run time: the Program Files folder. The genuine SP2 INF puts `MediaPlayer.files=65618,"windows media player"` and comments another list "program files\\outlook express".', source: SEEN_SP2 },
  { id: 65620, path: '%CommonProgramFiles%', doc: 'Defined by the package installer at run time: Program Files\\Common Files. The genuine SP2 INF comments its lists "common files\\system", "common files\\ole db", "Common Files\\Microsoft Shared\\DAO".', source: SEEN_SP2 },
  { id: 65621, path: '(service-pack files folder, set at run time)', doc: 'Defined by the package installer at run time ("Destination determined at runtime" in the genuine SP2 INF): where a service pack keeps its files as the system\'s new installation source ([ServicePackFiles] lists).', source: SEEN_SP2 },
  { id: 65628, path: '(service-pack cache folder, set at run time)', doc: 'Defined by the package installer at run time ("Destination determined at runtime" in the genuine SP2 INF): the cache of service-pack files for the installed product ([ServicePackCache] lists).', source: SEEN_SP2 },
];

const BY_ID = new Map(DIRIDS.map((d) => [d.id, d]));

/** Shell-folder ids: 16384 + CSIDL. */
export const SHELL_DIRID_BASE = 0x4000;
/** First id an application may define at run time (SetupSetDirectoryId); the package installer's own ids are in this range. */
export const USER_DIRID_BASE = 0x8000;

export function diridInfo(id: number): DiridInfo | undefined {
  return BY_ID.get(id);
}

export type DiridClass = 'known' | 'shell' | 'user' | 'unknown';

/** Classifies a DIRID number: a listed id, another shell-folder id, a run-time (user) id, or unknown. */
export function classifyDirid(id: number): DiridClass {
  if (BY_ID.has(id)) return 'known';
  if (id >= SHELL_DIRID_BASE && id < USER_DIRID_BASE) return 'shell';
  if (id >= USER_DIRID_BASE) return 'user';
  return 'unknown';
}
