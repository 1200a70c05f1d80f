// Names written as %name% that no [Strings] section defines on purpose: the Setup API leaves an undefined
// %name% as written (inf-facts 1.1, Wine), so the text reaches the registry or a command line unchanged and
// Windows (REG_EXPAND_SZ data, the command processor) or the package installer expands it later. Genuine
// Microsoft packages rely on this: the Server 2003 SP2 update.inf writes %systemroot% and %windir% about 500
// times, the Windows Media hotfixes write "%ProgramFiles%\windows media player\wmplayer.exe" as REG_EXPAND_SZ.

import { indexBy, SEEN_BOTH, SEEN_SP2, Source } from './common';

export interface RuntimeName {
  name: string;
  /** Who expands it: Windows (an environment variable) or the package installer (in command lines). */
  expandedBy: 'windows' | 'installer';
  doc: string;
  source: Source;
}

const env = (name: string, doc: string, source: Source = 'inferred'): RuntimeName => ({ name, expandedBy: 'windows', doc, source });

export const RUNTIME_NAMES: readonly RuntimeName[] = [
  env('SystemRoot', 'Environment variable: the Windows folder (C:\\WINDOWS). Left as written by the Setup API and expanded by Windows in REG_EXPAND_SZ data and command lines.', SEEN_BOTH),
  env('windir', 'Environment variable: the Windows folder, like %SystemRoot%.', SEEN_SP2),
  env('SystemDrive', 'Environment variable: the drive Windows is on (C:).'),
  env('ProgramFiles', 'Environment variable: the Program Files folder.', SEEN_BOTH),
  env('CommonProgramFiles', 'Environment variable: Program Files\\Common Files.'),
  env('ProgramFiles(x86)', 'Environment variable of 64-bit Windows: the 32-bit Program Files folder.'),
  env('CommonProgramFiles(x86)', 'Environment variable of 64-bit Windows: the 32-bit Common Files folder.'),
  env('ProgramW6432', 'Environment variable of 64-bit Windows: the 64-bit Program Files folder.'),
  env('UserProfile', 'Environment variable: the profile folder of the user running the program.'),
  env('AllUsersProfile', 'Environment variable: the All Users profile folder.'),
  env('AppData', 'Environment variable: the user\'s Application Data folder.'),
  env('Temp', 'Environment variable: the temporary folder.'),
  env('Tmp', 'Environment variable: the temporary folder.'),
  env('ComSpec', 'Environment variable: the command processor (cmd.exe).'),
  env('Path', 'Environment variable: the program search path.'),
  env('PathExt', 'Environment variable: the extensions of runnable files.'),
  env('ComputerName', 'Environment variable: the computer\'s name.'),
  env('UserName', 'Environment variable: the name of the user running the program.'),
  env('UserDomain', 'Environment variable: the user\'s domain.'),
  env('HomeDrive', 'Environment variable: the drive of the user\'s home folder.'),
  env('HomePath', 'Environment variable: the user\'s home folder without its drive.'),
  env('OS', 'Environment variable: Windows_NT.'),
  env('Processor_Architecture', 'Environment variable: x86, AMD64 or IA64.'),
  env('Number_Of_Processors', 'Environment variable: the number of processors.'),
  {
    name: 'sourcepath',
    expandedBy: 'installer',
    doc: 'In command lines of [ProcessesToRun] sections: the folder the package runs from (its extracted files), filled in by the package installer ("%windir%\\uddisp.exe install ""%sourcepath%\\""").',
    source: SEEN_SP2,
  },
];

const BY_NAME = indexBy(RUNTIME_NAMES, (n) => n.name);

/** The run-time name %name% stands for when no [Strings] section defines it (case-insensitive). */
export function runtimeName(name: string): RuntimeName | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}
