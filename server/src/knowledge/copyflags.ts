// Copy flags: the numeric COPYFLG_* values of the fourth field of a copy-list line, and the SP_COPY_* names
// the package installer accepts in `CopyFlags=` of its condition and DirId sections (joined with `|`).
// Sources: inf-facts.md 4.2 and 4.3 (Setup API documentation, Wine setupapi.h), whitepaper Appendix B.

import { indexBy, parseInfNumber, Source } from './common';

export interface CopyFlag {
  name: string;
  value: number;
  doc: string;
  source: Source;
}

export const COPYFLG_FLAGS: readonly CopyFlag[] = [
  { name: 'COPYFLG_WARN_IF_SKIP', value: 0x0001, doc: 'Warn when the user chooses to skip the file (not together with NOSKIP).', source: 'inf-facts' },
  { name: 'COPYFLG_NOSKIP', value: 0x0002, doc: 'The user may not skip this file.', source: 'inf-facts' },
  { name: 'COPYFLG_NOVERSIONCHECK', value: 0x0004, doc: 'Overwrite whatever the versions are.', source: 'inf-facts' },
  { name: 'COPYFLG_FORCE_FILE_IN_USE', value: 0x0008, doc: 'When the target is in use, copy under a temporary name and replace it at restart. Microsoft packages put it on their must-replace lists.', source: 'inf-facts' },
  { name: 'COPYFLG_NO_OVERWRITE', value: 0x0010, doc: 'Never replace an existing file; cannot be combined with other flags.', source: 'inf-facts' },
  { name: 'COPYFLG_NO_VERSION_DIALOG', value: 0x0020, doc: 'Do not replace a newer target (an unversioned target counts as older).', source: 'inf-facts' },
  { name: 'COPYFLG_OVERWRITE_OLDER_ONLY', value: 0x0040, doc: 'Copy only over an older target.', source: 'inf-facts' },
  { name: 'COPYFLG_REPLACEONLY', value: 0x0400, doc: 'Copy only when the target already exists.', source: 'inf-facts' },
  { name: 'COPYFLG_NODECOMP', value: 0x0800, doc: 'Copy without decompressing (Windows 7 and later only).', source: 'inf-facts' },
  { name: 'COPYFLG_REPLACE_BOOT_FILE', value: 0x1000, doc: 'A file the loader needs; replacing it requires a restart.', source: 'inf-facts' },
  { name: 'COPYFLG_NOPRUNE', value: 0x2000, doc: 'Never optimise this copy away.', source: 'inf-facts' },
  { name: 'COPYFLG_IN_USE_RENAME', value: 0x4000, doc: 'Rename an in-use target, copy, then delete the renamed file (at restart if needed).', source: 'inf-facts' },
];

export const COPYFLG_KNOWN_BITS = COPYFLG_FLAGS.reduce((a, f) => a | f.value, 0);

/** Names of the COPYFLG_* bits set in a value, and the bits no flag explains. */
export function explainCopyFlg(value: number): { flags: CopyFlag[]; unknownBits: number } {
  const v = value >>> 0;
  return { flags: COPYFLG_FLAGS.filter((f) => (v & f.value) === f.value), unknownBits: (v & ~COPYFLG_KNOWN_BITS) >>> 0 };
}

export const SP_COPY_FLAGS: readonly CopyFlag[] = [
  { name: 'SP_COPY_DELETESOURCE', value: 0x0000001, doc: 'Delete the source file after copying it.', source: 'inf-facts' },
  { name: 'SP_COPY_REPLACEONLY', value: 0x0000002, doc: 'Copy only when the target already exists.', source: 'inf-facts' },
  { name: 'SP_COPY_NEWER', value: 0x0000004, doc: 'Copy only when the source is newer than or as new as the target.', source: 'inf-facts' },
  { name: 'SP_COPY_NEWER_OR_SAME', value: 0x0000004, doc: 'Same as SP_COPY_NEWER: copy when the source is at least as new as the target. Seen in real package INFs.', source: 'inf-facts' },
  { name: 'SP_COPY_NOOVERWRITE', value: 0x0000008, doc: 'Copy only when the target is missing.', source: 'inf-facts' },
  { name: 'SP_COPY_NODECOMP', value: 0x0000010, doc: 'Do not decompress the source.', source: 'inf-facts' },
  { name: 'SP_COPY_LANGUAGEAWARE', value: 0x0000020, doc: 'Do not replace a file of a different language.', source: 'inf-facts' },
  { name: 'SP_COPY_SOURCE_ABSOLUTE', value: 0x0000040, doc: 'The source name is a full path.', source: 'inf-facts' },
  { name: 'SP_COPY_SOURCEPATH_ABSOLUTE', value: 0x0000080, doc: 'The source root is a full path.', source: 'inf-facts' },
  { name: 'SP_COPY_IN_USE_NEEDS_REBOOT', value: 0x0000100, doc: 'Ask for a restart when the target is in use.', source: 'inf-facts' },
  { name: 'SP_COPY_FORCE_IN_USE', value: 0x0000200, doc: 'Treat the target as in use (replace at restart).', source: 'inf-facts' },
  { name: 'SP_COPY_NOSKIP', value: 0x0000400, doc: 'The user may not skip the file.', source: 'inf-facts' },
  { name: 'SP_FLAG_CABINETCONTINUATION', value: 0x0000800, doc: 'Media notification flag; not meaningful in an INF.', source: 'inf-facts' },
  { name: 'SP_COPY_FORCE_NOOVERWRITE', value: 0x0001000, doc: 'Like NOOVERWRITE, without asking.', source: 'inf-facts' },
  { name: 'SP_COPY_FORCE_NEWER', value: 0x0002000, doc: 'Like NEWER, without asking: an older source is silently skipped. Seen in real package INFs.', source: 'inf-facts' },
  { name: 'SP_COPY_WARNIFSKIP', value: 0x0004000, doc: 'Warn when the user skips the file.', source: 'inf-facts' },
  { name: 'SP_COPY_NOBROWSE', value: 0x0008000, doc: 'Do not offer browsing for the source.', source: 'inf-facts' },
  { name: 'SP_COPY_NEWER_ONLY', value: 0x0010000, doc: 'Copy only when the source is strictly newer.', source: 'inf-facts' },
  { name: 'SP_COPY_SOURCE_SIS_MASTER', value: 0x0020000, doc: 'Reserved (single-instance-store master).', source: 'inf-facts' },
  { name: 'SP_COPY_OEMINF_CATALOG_ONLY', value: 0x0040000, doc: 'Only for SetupCopyOEMInf; no meaning here.', source: 'inf-facts' },
  { name: 'SP_COPY_REPLACE_BOOT_FILE', value: 0x0080000, doc: 'A file needed at boot; replacing it requires a restart.', source: 'inf-facts' },
  { name: 'SP_COPY_NOPRUNE', value: 0x0100000, doc: 'Never optimise this copy away.', source: 'inf-facts' },
  { name: 'SP_COPY_OEM_F6_INF', value: 0x0200000, doc: 'Only for SetupCopyOEMInf (Windows XP and later); no meaning here.', source: 'inf-facts' },
];

const SP_BY = indexBy(SP_COPY_FLAGS, (f) => f.name);

export function spCopyFlag(name: string): CopyFlag | undefined {
  return SP_BY.get(name.trim().toLowerCase());
}

/**
 * `SP_COPY_A | SP_COPY_B | 0x400` (a CopyFlags= value, or the Flags= of an extended-conditional declaration): the
 * value of the parts that are copy flags, by name or as numbers, their names, and the parts that are neither.
 */
export function parseSpCopyFlags(flags: string): { value: number | undefined; names: string[]; unknown: string[] } {
  const text = flags.trim();
  if (!text) return { value: undefined, names: [], unknown: [] };
  let value = 0;
  const names: string[] = [];
  const unknown: string[] = [];
  for (const part of text.split('|').map((x) => x.trim()).filter((x) => x)) {
    const f = spCopyFlag(part);
    const n = f ? f.value : parseInfNumber(part.replace(/^"|"$/g, ''));
    if (n === undefined) unknown.push(part);
    else {
      value |= n;
      names.push(f ? f.name : part);
    }
  }
  return { value, names, unknown };
}
