// Windows versions the package installer targets: builds, version numbers, service-pack encoding, product
// editions (the SKU suffixes of ProductInstall sections), the WinNtXY section suffixes of Updatebr.inf and
// language ids. Used by the checks, hover ("2600 = Windows XP", "512 = Service Pack 2") and the simulator.

import { SEEN_SP2, Source } from './common';

export interface OsBuild {
  build: number;
  major: number;
  minor: number;
  name: string;
  doc: string;
  source: Source;
}

export const OS_BUILDS: readonly OsBuild[] = [
  { build: 2195, major: 5, minor: 0, name: 'Windows 2000', doc: 'Windows 2000 (all editions), NT 5.0.', source: 'inf-facts' },
  { build: 2600, major: 5, minor: 1, name: 'Windows XP', doc: 'Windows XP (32-bit editions), NT 5.1. Service packs 1 to 3 keep the build number.', source: 'whitepaper' },
  { build: 3790, major: 5, minor: 2, name: 'Windows Server 2003 / Windows XP x64', doc: 'Windows Server 2003 and 2003 R2, and Windows XP Professional x64 Edition (same code base), NT 5.2.', source: 'inf-facts' },
  { build: 6000, major: 6, minor: 0, name: 'Windows Vista', doc: 'Windows Vista RTM, NT 6.0. The package installer gave way to MSU packages from this version on.', source: 'inf-facts' },
  { build: 6001, major: 6, minor: 0, name: 'Windows Vista SP1 / Server 2008', doc: 'Windows Vista SP1 and Windows Server 2008 RTM, NT 6.0.', source: 'inf-facts' },
  { build: 6002, major: 6, minor: 0, name: 'Windows Vista SP2 / Server 2008 SP2', doc: 'Windows Vista SP2 and Windows Server 2008 SP2, NT 6.0.', source: 'inf-facts' },
  { build: 7600, major: 6, minor: 1, name: 'Windows 7 / Server 2008 R2', doc: 'Windows 7 and Windows Server 2008 R2 RTM, NT 6.1.', source: 'inferred' },
  { build: 7601, major: 6, minor: 1, name: 'Windows 7 SP1 / Server 2008 R2 SP1', doc: 'Windows 7 SP1 and Server 2008 R2 SP1, NT 6.1.', source: 'inferred' },
  { build: 9200, major: 6, minor: 2, name: 'Windows 8 / Server 2012', doc: 'Windows 8 and Windows Server 2012, NT 6.2.', source: 'inferred' },
  { build: 9600, major: 6, minor: 3, name: 'Windows 8.1 / Server 2012 R2', doc: 'Windows 8.1 and Windows Server 2012 R2, NT 6.3.', source: 'inferred' },
];

const BY_BUILD = new Map(OS_BUILDS.map((b) => [b.build, b]));

export function osBuildInfo(build: number): OsBuild | undefined {
  return BY_BUILD.get(build);
}

export interface OsVersion {
  major: number;
  minor: number;
  name: string;
  /** The Updatebr.inf section suffix for this version, e.g. WinNt51. */
  winNt: string;
  source: Source;
}

export const OS_VERSIONS: readonly OsVersion[] = [
  { major: 5, minor: 0, name: 'Windows 2000', winNt: 'WinNt50', source: 'inf-facts' },
  { major: 5, minor: 1, name: 'Windows XP', winNt: 'WinNt51', source: 'whitepaper' },
  { major: 5, minor: 2, name: 'Windows Server 2003 / Windows XP x64', winNt: 'WinNt52', source: 'inf-facts' },
  { major: 6, minor: 0, name: 'Windows Vista / Server 2008', winNt: 'WinNt60', source: 'inf-facts' },
  { major: 6, minor: 1, name: 'Windows 7 / Server 2008 R2', winNt: 'WinNt61', source: 'inf-facts' },
  { major: 6, minor: 2, name: 'Windows 8 / Server 2012', winNt: 'WinNt62', source: 'inferred' },
  { major: 6, minor: 3, name: 'Windows 8.1 / Server 2012 R2', winNt: 'WinNt63', source: 'inferred' },
];

export function osVersionInfo(major: number, minor: number): OsVersion | undefined {
  return OS_VERSIONS.find((v) => v.major === major && v.minor === minor);
}

/** `WinNt51` -> Windows XP. Case-insensitive. */
export function osVersionOfWinNt(suffix: string): OsVersion | undefined {
  const s = suffix.toLowerCase();
  return OS_VERSIONS.find((v) => v.winNt.toLowerCase() === s);
}

/** Service-pack values in [Version] are the level times 256 (high byte = major SP number, low byte = minor). */
export const SERVICE_PACK_UNIT = 256;

export interface ServicePackValue {
  major: number;
  minor: number;
  /** True when the value is an exact multiple of 256 (no minor part). */
  exact: boolean;
  /** "Service Pack 2", "no service pack (RTM)", "Service Pack 1 (minor 3)". */
  label: string;
}

/** Decodes a [Version] service-pack number such as 512 (= Service Pack 2). */
export function decodeServicePack(value: number): ServicePackValue {
  const major = Math.floor(value / SERVICE_PACK_UNIT);
  const minor = value % SERVICE_PACK_UNIT;
  const base = major === 0 ? 'no service pack (RTM)' : `Service Pack ${major}`;
  return { major, minor, exact: minor === 0, label: minor === 0 ? base : `${base}, minor level ${minor}` };
}

/**
 * SERVICE_PACK_NUMBER for a package whose highest accepted service pack is `maxServicePack` (level x 256): the
 * whitepaper's "Service Pack number in which the update will be included", i.e. the level after the highest one the
 * package installs on (512 = SP2 -> 3). The simulator's default (installed level + 1) is the same rule.
 */
export function servicePackNumberFor(maxServicePack: number): number {
  return Math.floor(Math.max(0, maxServicePack) / SERVICE_PACK_UNIT) + 1;
}

/** The [Version] value for a service-pack level: 2 -> 512. */
export function encodeServicePack(level: number, minor = 0): number {
  return level * SERVICE_PACK_UNIT + minor;
}

export interface Edition {
  /** Suffix as written in section names, e.g. `Professional` in [ProductInstall.CopyFilesAlways.Professional]. */
  suffix: string;
  doc: string;
  source: Source;
  /**
   * For a suffix that names a family (Server, Workstation): the suffixes of the editions in it. A section with the family
   * suffix applies to them too, unless the INF has the same section with the system's own edition's suffix (the genuine
   * Server 2003 SP2 writes .Server beside .Advanced, .DataCenter, .Blade and .Business, each with its own product's
   * files; inferred from that package).
   */
  members?: readonly string[];
}

/** Product editions the installer selects suffixed ProductInstall sections by. */
export const EDITIONS: readonly Edition[] = [
  { suffix: 'Professional', doc: 'Windows XP Professional (and Windows 2000 Professional).', source: 'whitepaper' },
  { suffix: 'Consumer', doc: 'Windows XP Home Edition (the consumer SKU).', source: 'inf-facts' },
  { suffix: 'Server', doc: 'Server editions: Windows Server 2003 Standard (and Windows 2000 Server), and the other server editions unless the file has their own section (.Advanced on Enterprise ...).', source: 'whitepaper', members: ['Advanced', 'DataCenter', 'Blade', 'Business'] },
  { suffix: 'Advanced', doc: 'Windows Server 2003 Enterprise Edition (Advanced Server on Windows 2000).', source: 'inf-facts' },
  { suffix: 'DataCenter', doc: 'Datacenter editions of Windows Server.', source: 'inf-facts' },
  { suffix: 'Blade', doc: 'Windows Server 2003 Web Edition (the blade SKU).', source: 'inf-facts' },
  { suffix: 'Business', doc: 'Small Business Server.', source: 'inferred' },
  { suffix: 'Workstation', doc: 'Workstation (client) editions as a group, unless the file has the system\'s own edition\'s section (.Professional, .Consumer, .Personal).', source: 'inferred', members: ['Professional', 'Consumer', 'Personal'] },
];

/**
 * Product-type codes: the two letters after `WIN51`/`WIN52` in the tag files of the installation media (WIN52IS
 * = Windows Server 2003 Standard). Microsoft's Server 2003 SP2 update.inf gives sections a per-product variant
 * with them ([ProductCatalogsToInstall.IS], [ServicePackFiles.IA], [ProcessesToRunAfterReboot.ID] ...) and names
 * the tags in [ProductInstall.SlipstreamEx] (`win52is.R2`). The letters' products are inferred from the tag files.
 */
export interface ProductType {
  code: string;
  doc: string;
  source: Source;
  /** The Windows version (minor of 5.x) and editions whose media carry the tag (a simulated system's type). */
  minor: number;
  editions: RegExp;
}

export const PRODUCT_TYPES: readonly ProductType[] = [
  { code: 'IP', doc: 'Windows XP Professional (tag WIN51IP).', source: SEEN_SP2, minor: 1, editions: /professional|workstation/i },
  { code: 'IC', doc: 'Windows XP Home Edition, the consumer product (tag WIN51IC).', source: SEEN_SP2, minor: 1, editions: /home|consumer|personal/i },
  { code: 'IS', doc: 'Windows Server 2003 Standard Edition (tag WIN52IS).', source: SEEN_SP2, minor: 2, editions: /standard/i },
  { code: 'IA', doc: 'Windows Server 2003 Enterprise Edition, formerly Advanced Server (tag WIN52IA).', source: SEEN_SP2, minor: 2, editions: /enterprise|advanced/i },
  { code: 'ID', doc: 'Windows Server 2003 Datacenter Edition (tag WIN52ID).', source: SEEN_SP2, minor: 2, editions: /datacenter/i },
  { code: 'IB', doc: 'Windows Server 2003 Web Edition, the blade product (tag WIN52IB).', source: SEEN_SP2, minor: 2, editions: /web|blade/i },
  { code: 'IL', doc: 'Windows Small Business Server 2003 (tag WIN52IL).', source: SEEN_SP2, minor: 2, editions: /small business|sbs/i },
];

/**
 * The product type of a Windows 5.x system from its version and edition, by the table above (the installer logs it as
 * `SetProductTypes: InfProductBuildType=BuildType.IP` on Windows XP Professional, whitepaper Appendix D), or undefined
 * when no tag is known (Windows 2000; Windows XP Professional x64, a 5.2 system).
 */
export function productTypeOf(os: { major: number; minor: number; edition: string }): ProductType | undefined {
  if (os.major !== 5) return undefined;
  return PRODUCT_TYPES.find((t) => t.minor === os.minor && t.editions.test(os.edition));
}

/** The product type a section name ends with (`.IS`, `.IA` ...), and the name without it. */
export function splitProductType(name: string): { base: string; type: ProductType } | undefined {
  const m = /^(.+)\.(I[A-Z])$/i.exec(name.trim());
  if (!m) return undefined;
  const type = PRODUCT_TYPES.find((t) => t.code === m[2].toUpperCase());
  return type ? { base: m[1], type } : undefined;
}

export interface Language {
  /** LANGID as 4 hex digits, e.g. 0409. */
  id: string;
  /** Primary language id (low 10 bits), e.g. 0x09 for English. */
  primary: number;
  name: string;
}

/** Languages of the localised packages of the era (LANGIDs as used in [Strings.LLLL] and LanguageType). */
export const LANGUAGES: readonly Language[] = [
  { id: '0401', primary: 0x01, name: 'Arabic (Saudi Arabia)' },
  { id: '0404', primary: 0x04, name: 'Chinese (Traditional, Taiwan)' },
  { id: '0804', primary: 0x04, name: 'Chinese (Simplified, PRC)' },
  { id: '0405', primary: 0x05, name: 'Czech' },
  { id: '0406', primary: 0x06, name: 'Danish' },
  { id: '0407', primary: 0x07, name: 'German (Germany)' },
  { id: '0408', primary: 0x08, name: 'Greek' },
  { id: '0409', primary: 0x09, name: 'English (United States)' },
  { id: '0c0a', primary: 0x0a, name: 'Spanish (Modern sort)' },
  { id: '040a', primary: 0x0a, name: 'Spanish (Traditional sort)' },
  { id: '040b', primary: 0x0b, name: 'Finnish' },
  { id: '040c', primary: 0x0c, name: 'French (France)' },
  { id: '040d', primary: 0x0d, name: 'Hebrew' },
  { id: '040e', primary: 0x0e, name: 'Hungarian' },
  { id: '0410', primary: 0x10, name: 'Italian' },
  { id: '0411', primary: 0x11, name: 'Japanese' },
  { id: '0412', primary: 0x12, name: 'Korean' },
  { id: '0413', primary: 0x13, name: 'Dutch' },
  { id: '0414', primary: 0x14, name: 'Norwegian (Bokmal)' },
  { id: '0415', primary: 0x15, name: 'Polish' },
  { id: '0416', primary: 0x16, name: 'Portuguese (Brazil)' },
  { id: '0816', primary: 0x16, name: 'Portuguese (Portugal)' },
  { id: '0419', primary: 0x19, name: 'Russian' },
  { id: '041d', primary: 0x1d, name: 'Swedish' },
  { id: '041f', primary: 0x1f, name: 'Turkish' },
];

/** The primary-language name for a LanguageType value such as 0x09 (0 = any language). */
export function primaryLanguageName(primary: number): string | undefined {
  if (primary === 0) return 'any language (neutral package)';
  const l = LANGUAGES.find((x) => x.primary === primary);
  return l ? l.name.replace(/ \(.*\)$/, '') : undefined;
}
