// Registry vocabulary of AddReg/DelReg lines, [Save.Reg.For.Uninstall] and CheckReg conditions: root
// abbreviations, FLG_ADDREG_* / FLG_DELREG_* flags and the value types the flags encode.
// Sources: inf-facts.md 3 (Setup API documentation and Wine), whitepaper Appendix B.

import { indexBy, Source } from './common';

export interface RegistryRoot {
  abbrev: string;
  key: string;
  doc: string;
  source: Source;
}

export const REGISTRY_ROOTS: readonly RegistryRoot[] = [
  { abbrev: 'HKLM', key: 'HKEY_LOCAL_MACHINE', doc: 'Machine-wide settings. Almost every line of an update package writes here (Hotfix, Updates and Uninstall keys).', source: 'inf-facts' },
  { abbrev: 'HKCU', key: 'HKEY_CURRENT_USER', doc: 'The profile of the user running the installer, not of every user.', source: 'inf-facts' },
  { abbrev: 'HKCR', key: 'HKEY_CLASSES_ROOT', doc: 'File associations and COM registration (a merged view of HKLM\\Software\\Classes).', source: 'inf-facts' },
  { abbrev: 'HKU', key: 'HKEY_USERS', doc: 'All loaded user profiles, by SID; `.DEFAULT` is the template for new users.', source: 'inf-facts' },
  { abbrev: 'HKR', key: '(relative root)', doc: 'The key the Setup API ties to the section being installed (device, service or class key). An update package has no such key in its ProductInstall sections, so HKR lines there do nothing useful.', source: 'inf-facts' },
];

const ROOT_BY = indexBy(REGISTRY_ROOTS, (r) => [r.abbrev, r.key]);

/** Root by abbreviation or full name (HKLM or HKEY_LOCAL_MACHINE), case-insensitive. */
export function registryRoot(text: string): RegistryRoot | undefined {
  return ROOT_BY.get(text.trim().toLowerCase());
}

export interface RegFlag {
  name: string;
  value: number;
  doc: string;
  source: Source;
  /** A type code (compare with `flags & REG_TYPE_MASK`) rather than a single bit. */
  isType?: boolean;
}

/** Mask of the bits that encode the value type: the high word and bit 0. */
export const REG_TYPE_MASK = 0xffff0001;

export const ADDREG_FLAGS: readonly RegFlag[] = [
  { name: 'FLG_ADDREG_TYPE_SZ', value: 0x00000000, isType: true, doc: 'REG_SZ: a string (the default when the flags field is empty).', source: 'inf-facts' },
  { name: 'FLG_ADDREG_BINVALUETYPE', value: 0x00000001, isType: true, doc: 'REG_BINARY: each value field is one hex byte. With a type number in the high word it stores that custom type as binary data.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_NOCLOBBER', value: 0x00000002, doc: 'Keep an existing value: write only when the value is missing.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_DELVAL', value: 0x00000004, doc: 'Delete the named value (or the subkey when no value is named) instead of writing.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_APPEND', value: 0x00000008, doc: 'Append the string to an existing REG_MULTI_SZ value (skipped when already present). Microsoft packages also use it with REG_EXPAND_SZ (0x00020008) to append to a string.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_KEYONLY', value: 0x00000010, doc: 'Create the key only; value name and data are ignored.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_OVERWRITEONLY', value: 0x00000020, doc: 'Write only when the value already exists.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_64BITKEY', value: 0x00001000, doc: 'Act on the 64-bit registry view (Windows XP and later).', source: 'inf-facts' },
  { name: 'FLG_ADDREG_KEYONLY_COMMON', value: 0x00002000, doc: 'Like KEYONLY, and also understood by DelReg (Windows XP and later).', source: 'inf-facts' },
  { name: 'FLG_ADDREG_32BITKEY', value: 0x00004000, doc: 'Act on the 32-bit registry view (Windows XP and later).', source: 'inf-facts' },
  { name: 'FLG_ADDREG_DELREG_BIT', value: 0x00008000, doc: 'Marks a delete operation; used to build the DelReg flags.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_TYPE_MULTI_SZ', value: 0x00010000, isType: true, doc: 'REG_MULTI_SZ: every further value field is one string of the list.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_TYPE_EXPAND_SZ', value: 0x00020000, isType: true, doc: 'REG_EXPAND_SZ: a string with %variables% expanded when read. Write %%SystemRoot%% for a literal %SystemRoot%.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_TYPE_DWORD', value: 0x00010001, isType: true, doc: 'REG_DWORD: one number (decimal or 0x hex), or four hex bytes little-endian.', source: 'inf-facts' },
  { name: 'FLG_ADDREG_TYPE_NONE', value: 0x00020001, isType: true, doc: 'REG_NONE: binary data with no declared type.', source: 'inf-facts' },
];

export const DELREG_FLAGS: readonly RegFlag[] = [
  { name: 'FLG_DELREG_VALUE', value: 0x00000000, doc: 'Delete the named value, or the whole subkey when no value name is given.', source: 'inf-facts' },
  { name: 'FLG_DELREG_64BITKEY', value: 0x00001000, doc: 'Act on the 64-bit registry view.', source: 'inf-facts' },
  { name: 'FLG_DELREG_KEYONLY_COMMON', value: 0x00002000, doc: 'Delete the entire subkey.', source: 'inf-facts' },
  { name: 'FLG_DELREG_32BITKEY', value: 0x00004000, doc: 'Act on the 32-bit registry view.', source: 'inf-facts' },
  { name: 'FLG_DELREG_MULTI_SZ_DELSTRING', value: 0x00018002, doc: 'Remove every string equal to the data (case-insensitively) from a REG_MULTI_SZ value.', source: 'inf-facts' },
];

/** Every bit a valid AddReg flags value may carry outside the type mask (the table's non-type flags). */
export const ADDREG_KNOWN_BITS = ADDREG_FLAGS.filter((f) => !f.isType).reduce((m, f) => m | f.value, 0);

/** Every bit a valid DelReg flags value may carry (the table's flags and the type bits). */
export const DELREG_KNOWN_BITS = DELREG_FLAGS.reduce((m, f) => m | f.value, REG_TYPE_MASK);

export type RegValueKind = 'sz' | 'expand-sz' | 'multi-sz' | 'dword' | 'binary' | 'none' | 'custom-binary';

export interface RegType {
  /** The flags value that selects the type (the bits under REG_TYPE_MASK). */
  flags: number;
  name: string;
  kind: RegValueKind;
  doc: string;
}

export const REG_TYPES: readonly RegType[] = [
  { flags: 0x00000000, name: 'REG_SZ', kind: 'sz', doc: 'A string.' },
  { flags: 0x00020000, name: 'REG_EXPAND_SZ', kind: 'expand-sz', doc: 'A string with environment variables expanded when read.' },
  { flags: 0x00010000, name: 'REG_MULTI_SZ', kind: 'multi-sz', doc: 'A list of strings.' },
  { flags: 0x00010001, name: 'REG_DWORD', kind: 'dword', doc: 'A 32-bit number.' },
  { flags: 0x00000001, name: 'REG_BINARY', kind: 'binary', doc: 'Raw bytes, one hex byte per field.' },
  { flags: 0x00020001, name: 'REG_NONE', kind: 'none', doc: 'Bytes with no declared type.' },
];

/** The value type a flags number selects, or a custom binary type (`0x00380001` = type 0x38). */
export function regTypeOf(flags: number): RegType {
  const t = (flags & REG_TYPE_MASK) >>> 0;
  const known = REG_TYPES.find((r) => r.flags === t);
  if (known) return known;
  return { flags: t, name: `type 0x${(t >>> 16).toString(16)}`, kind: 'custom-binary', doc: 'A custom registry type number in the high word, stored as binary data.' };
}

export interface FlagExplanation {
  type: RegType;
  /** Names of the non-type bits that are set. */
  bits: RegFlag[];
  /** Bits that mean nothing to the Setup API. */
  unknownBits: number;
}

/** Explains an AddReg flags number: 0x00010001 = REG_DWORD; 0x00010008 = REG_MULTI_SZ + FLG_ADDREG_APPEND. */
export function explainAddRegFlags(flags: number): FlagExplanation {
  const f = flags >>> 0;
  const type = regTypeOf(f);
  const rest = f & ~REG_TYPE_MASK;
  const bits = ADDREG_FLAGS.filter((x) => !x.isType && x.value !== 0 && (rest & x.value) === x.value);
  const unknownBits = (rest & ~ADDREG_KNOWN_BITS) >>> 0;
  return { type, bits, unknownBits };
}

/** Formats a number as the 0x%08X hex INF files use. */
export function hex8(n: number): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
