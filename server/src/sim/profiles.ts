// Target-machine profiles: the built-in ones (English, x86 unless named) with a plausible set of system files
// carrying real-looking versions and build-lab tags, and the parser/validator of profile JSON files with
// `extends` (see docs/simulation.md, "Profiles", and schemas/profile.schema.json). Pure; never throws.

import { schemaKeys, schemaNode } from './profileSchema';
import { Architecture, DistributionShare, InstalledUpdate, PendingRename, Profile, ProfileFile, ProfileRegistryValue, ProfileService, RegType } from './types';
import { branchFromVersion, parseVersion } from './version';
import { SHARE_KINDS } from './integrate';

/** The user rights an administrator has (whitepaper Table 12). */
export const ADMIN_RIGHTS = ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege', 'SeShutdownPrivilege', 'SeDebugPrivilege'];

interface BuiltinSpec {
  id: string;
  name: string;
  major: number;
  minor: number;
  build: number;
  sp: number;
  edition: string;
  arch: Architecture;
  windir: string;
  /** Version of the core OS files. */
  os: string;
  /** Version of the Internet Explorer files. */
  ie: string;
  msi: string;
  /** Version of the 32-bit files under SysWOW64 on x64 systems. */
  wow?: string;
}

const CORE_SYS32 = ['ntdll.dll', 'kernel32.dll', 'user32.dll', 'gdi32.dll', 'advapi32.dll', 'rpcrt4.dll', 'shell32.dll', 'crypt32.dll', 'win32k.sys', 'ntoskrnl.exe', 'hal.dll', 'srv.sys'];
const IE_SYS32 = ['wininet.dll', 'urlmon.dll', 'mshtml.dll', 'shdocvw.dll', 'browseui.dll'];
const DRIVERS = ['tcpip.sys', 'afd.sys', 'mrxsmb.sys'];

const SPECS: BuiltinSpec[] = [
  { id: 'win2000-sp3', name: 'Windows 2000 Professional SP3, English, x86', major: 5, minor: 0, build: 2195, sp: 3, edition: 'Professional', arch: 'x86', windir: 'C:\\WINNT', os: '5.0.2195.5438', ie: '6.0.2800.1106 (xpsp1.020828-1920)', msi: '2.0.2600.1106' },
  { id: 'win2000-sp4', name: 'Windows 2000 Professional SP4, English, x86', major: 5, minor: 0, build: 2195, sp: 4, edition: 'Professional', arch: 'x86', windir: 'C:\\WINNT', os: '5.0.2195.6717', ie: '6.0.2800.1106 (xpsp1.020828-1920)', msi: '2.0.2600.1183' },
  { id: 'xp-rtm', name: 'Windows XP Professional, English, x86', major: 5, minor: 1, build: 2600, sp: 0, edition: 'Professional', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.1.2600.0 (xpclient.010817-1148)', ie: '6.0.2600.0 (xpclient.010817-1148)', msi: '2.0.2600.0 (xpclient.010817-1148)' },
  { id: 'xp-sp1', name: 'Windows XP Professional SP1, English, x86', major: 5, minor: 1, build: 2600, sp: 1, edition: 'Professional', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.1.2600.1106 (xpsp1.020828-1920)', ie: '6.0.2800.1106 (xpsp1.020828-1920)', msi: '2.0.2600.1106 (xpsp1.020828-1920)' },
  { id: 'xp-sp2', name: 'Windows XP Professional SP2, English, x86', major: 5, minor: 1, build: 2600, sp: 2, edition: 'Professional', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.1.2600.2180 (xpsp_sp2_rtm.040803-2158)', ie: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', msi: '3.1.4000.2180 (xpsp_sp2_rtm.040803-2158)' },
  { id: 'xp-sp3', name: 'Windows XP Professional SP3, English, x86', major: 5, minor: 1, build: 2600, sp: 3, edition: 'Professional', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.1.2600.5512 (xpsp.080413-2111)', ie: '6.0.2900.5512 (xpsp.080413-2105)', msi: '3.1.4001.5512 (xpsp.080413-2105)' },
  { id: 'ws2003-rtm', name: 'Windows Server 2003 Standard Edition, English, x86', major: 5, minor: 2, build: 3790, sp: 0, edition: 'Standard', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.2.3790.0 (srv03_rtm.030324-2048)', ie: '6.0.3790.0 (srv03_rtm.030324-2048)', msi: '3.0.3790.0 (srv03_rtm.030324-2048)' },
  { id: 'ws2003-sp1', name: 'Windows Server 2003 Standard Edition SP1, English, x86', major: 5, minor: 2, build: 3790, sp: 1, edition: 'Standard', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.2.3790.1830 (srv03_sp1_rtm.050324-1447)', ie: '6.0.3790.1830 (srv03_sp1_rtm.050324-1447)', msi: '3.1.4000.1830 (srv03_sp1_rtm.050324-1447)' },
  { id: 'ws2003-sp2', name: 'Windows Server 2003 Standard Edition SP2, English, x86', major: 5, minor: 2, build: 3790, sp: 2, edition: 'Standard', arch: 'x86', windir: 'C:\\WINDOWS', os: '5.2.3790.3959 (srv03_sp2_rtm.070216-1710)', ie: '6.0.3790.3959 (srv03_sp2_rtm.070216-1710)', msi: '3.1.4000.3959 (srv03_sp2_rtm.070216-1710)' },
  { id: 'xp-x64-sp2', name: 'Windows XP Professional x64 Edition SP2, English', major: 5, minor: 2, build: 3790, sp: 2, edition: 'Professional', arch: 'x64', windir: 'C:\\WINDOWS', os: '5.2.3790.3959 (srv03_sp2_rtm.070216-1710)', ie: '6.0.3790.3959 (srv03_sp2_rtm.070216-1710)', msi: '3.1.4000.3959 (srv03_sp2_rtm.070216-1710)', wow: '5.2.3790.3959 (srv03_sp2_rtm.070216-1710)' },
  { id: 'ws2003-x64-sp2', name: 'Windows Server 2003 Standard x64 Edition SP2, English', major: 5, minor: 2, build: 3790, sp: 2, edition: 'Standard', arch: 'x64', windir: 'C:\\WINDOWS', os: '5.2.3790.3959 (srv03_sp2_rtm.070216-1710)', ie: '6.0.3790.3959 (srv03_sp2_rtm.070216-1710)', msi: '3.1.4000.3959 (srv03_sp2_rtm.070216-1710)', wow: '5.2.3790.3959 (srv03_sp2_rtm.070216-1710)' },
];

function productName(s: BuiltinSpec): string {
  if (s.minor === 0) return 'Microsoft Windows 2000';
  if (s.minor === 1) return 'Microsoft Windows XP';
  return s.edition === 'Professional' ? 'Microsoft Windows XP' : 'Microsoft Windows Server 2003';
}

function buildBuiltin(s: BuiltinSpec): Profile {
  const files: ProfileFile[] = [];
  const cache = s.major === 5 ? '%windir%\\system32\\dllcache\\' : undefined;
  const add = (dir: string, name: string, version: string, inCache = true) => {
    files.push({ path: `%windir%\\${dir}${name}`, version, inUse: false, oem: false });
    if (cache && inCache) files.push({ path: cache + name, version, inUse: false, oem: false });
  };
  for (const f of CORE_SYS32) add('system32\\', f, s.os);
  for (const f of IE_SYS32) add('system32\\', f, s.ie);
  add('system32\\', 'msi.dll', s.msi);
  add('system32\\', 'msiexec.exe', s.msi);
  for (const f of DRIVERS) add('system32\\drivers\\', f, s.os);
  add('', 'explorer.exe', s.os);
  // Internet Explorer's program, where the genuine Server 2003 SP2 update.inf tests its version
  // ([IE.AdditionalSettings.LessThan7.Condition.Section]: CheckFilever of iexplore.exe in 65618,"internet explorer").
  files.push({ path: '%systemdrive%\\Program Files\\Internet Explorer\\iexplore.exe', version: s.ie, inUse: false, oem: false });
  if (s.wow) {
    for (const f of ['ntdll.dll', 'kernel32.dll', 'user32.dll', 'gdi32.dll', 'shell32.dll']) files.push({ path: `%windir%\\SysWOW64\\${f}`, version: s.wow, inUse: false, oem: false });
    for (const f of IE_SYS32) files.push({ path: `%windir%\\SysWOW64\\${f}`, version: s.ie, inUse: false, oem: false });
  }
  // Files a running system always has open: the kernel, the core user-mode DLLs and the shell.
  for (const f of files) if (/\\(ntoskrnl\.exe|ntdll\.dll|kernel32\.dll|user32\.dll|gdi32\.dll|win32k\.sys|explorer\.exe|shell32\.dll|hal\.dll)$/i.test(f.path) && !/dllcache/i.test(f.path)) f.inUse = true;
  const spText = s.sp ? `Service Pack ${s.sp}` : '';
  const registry: ProfileRegistryValue[] = [
    { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentBuildNumber', type: 'REG_SZ', data: String(s.build) },
    { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', value: 'CurrentVersion', type: 'REG_SZ', data: `${s.major}.${s.minor}` },
    { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', value: 'CSDVersion', type: 'REG_SZ', data: spText },
    { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', value: 'ProductName', type: 'REG_SZ', data: productName(s) },
    { key: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows', value: 'CSDVersion', type: 'REG_DWORD', data: s.sp * 256 },
    { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup', value: 'LogLevel', type: 'REG_DWORD', data: 0 },
  ];
  return {
    id: s.id,
    name: s.name,
    os: { major: s.major, minor: s.minor, build: s.build, servicePack: s.sp, edition: s.edition, architecture: s.arch, language: '0409', checked: false },
    machine: {
      windir: s.windir,
      freeDiskMB: 4000,
      anotherInstallRunning: false,
      pendingFileRenames: [],
      processors: 1,
      // The printer-driver folder SpCustom.dll's GetPrinterDriverPath gives for [DirectoryId.Include] (the genuine Server
      // 2003 SP2 update.inf: "Spldrv.Files=65690,3 ; %windir%\system32\spool\drivers\<platform>\3"; w32x86 on x86).
      ...(s.arch === 'x86' ? { customFunctions: { GetPrinterDriverPath: '%windir%\\system32\\spool\\drivers\\w32x86' } } : {}),
    },
    user: { rights: [...ADMIN_RIGHTS], name: 'Administrator' },
    files,
    registry,
    installedUpdates: [],
  };
}

const BUILTINS = new Map<string, Profile>(SPECS.map((s) => [s.id, buildBuiltin(s)]));

export const BUILTIN_PROFILE_IDS: readonly string[] = SPECS.map((s) => s.id);

/** A fresh copy of a built-in profile, or undefined. */
export function builtinProfile(id: string): Profile | undefined {
  const p = BUILTINS.get(id.toLowerCase());
  return p ? cloneProfile(p) : undefined;
}

export function cloneProfile(p: Profile): Profile {
  return JSON.parse(JSON.stringify(p)) as Profile;
}

/** A profile file path with %windir% / %systemroot% replaced, '\\' separated. */
export function expandProfilePath(path: string, windir: string): string {
  if (path.indexOf('%') < 0 && path.indexOf('/') < 0) return path;
  if (path.indexOf('/') < 0 && /^%windir%\\[^%]*$/i.test(path)) return windir.replace(/[\\/]+$/, '') + path.slice(8);
  let p = path.replace(/\//g, '\\');
  p = p.replace(/%(windir|systemroot)%/gi, windir.replace(/[\\/]+$/, ''));
  p = p.replace(/%systemdrive%/gi, windir.slice(0, 2));
  return p;
}

/** The branch of a profile file, from its version's build-lab tag. */
export function fileBranch(f: ProfileFile): string | undefined {
  return branchFromVersion(f.version);
}

// ---------------------------------------------------------------------------------------------------------------
// Profile JSON

export type ProfileParseResult = { ok: true; profile: Profile; warnings: string[] } | { ok: false; errors: string[] };

const REG_TYPES: RegType[] = ['REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_DWORD', 'REG_BINARY', 'REG_NONE', 'REG_QWORD'];
const ARCHES: Architecture[] = ['x86', 'x64', 'ia64'];

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Validator {
  errors: string[] = [];
  warnings: string[] = [];
  err(field: string, msg: string): void {
    this.errors.push(`${field}: ${msg}`);
  }
  int(o: Obj, key: string, field: string, min: number, max: number, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${field}.${key}`, `missing; give a whole number from ${min} to ${max}.`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.err(`${field}.${key}`, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v;
  }
  str(o: Obj, key: string, field: string, required: boolean, pattern?: RegExp, hint?: string): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.err(`${field}.${key}`, `missing; give a string${hint ? ` (${hint})` : ''}.`);
      return undefined;
    }
    if (typeof v !== 'string' || (pattern && !pattern.test(v))) {
      this.err(`${field}.${key}`, `expected ${hint ?? 'a string'}, got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v;
  }
  bool(o: Obj, key: string, field: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.err(`${field}.${key}`, `expected true or false, got ${JSON.stringify(v)}.`);
      return undefined;
    }
    return v;
  }
  unknownKeys(o: Obj, field: string, allowed: string[]): void {
    for (const k of Object.keys(o)) {
      const shown = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      if (!allowed.includes(k)) this.err(`${field ? field + '.' : ''}${shown}`, `unknown field; allowed here: ${allowed.join(', ')}.`);
    }
  }
}

function parseFiles(v: Validator, arr: unknown): ProfileFile[] {
  const out: ProfileFile[] = [];
  if (!Array.isArray(arr)) {
    v.err('files', 'expected an array of { "path", "version", "inUse", "oem" } objects.');
    return out;
  }
  arr.forEach((e, i) => {
    const f = `files[${i}]`;
    if (!isObj(e)) return v.err(f, 'expected an object with "path" and "version".');
    v.unknownKeys(e, f, schemaKeys(['files', '[]']));
    const path = v.str(e, 'path', f, true, /^(%[a-z]+%|[a-z]:)[\\/]/i, 'a full path such as "%windir%\\\\system32\\\\wininet.dll"');
    const version = v.str(e, 'version', f, false);
    if (version !== undefined && !parseVersion(version)) v.err(`${f}.version`, `"${version}" is not a file version; write "a.b.c.d" optionally followed by "(lab.yymmdd-hhmm)".`);
    const inUse = v.bool(e, 'inUse', f);
    const oem = v.bool(e, 'oem', f);
    const sizeBytes = e.sizeBytes === undefined ? undefined : v.int(e, 'sizeBytes', f, 0, Number.MAX_SAFE_INTEGER, false);
    const internalName = v.str(e, 'internalName', f, false);
    if (path) out.push({ path, version, inUse: inUse ?? false, oem: oem ?? false, ...(sizeBytes !== undefined ? { sizeBytes } : {}), ...(internalName ? { internalName } : {}) });
  });
  return out;
}

function parseServices(v: Validator, arr: unknown): ProfileService[] {
  const out: ProfileService[] = [];
  if (!Array.isArray(arr)) {
    v.err('services', 'expected an array of { "name", "state" } objects, e.g. [{ "name": "MSDTC", "state": "running" }].');
    return out;
  }
  const states = (schemaNode(['services', '[]', 'state'])?.enum ?? []) as string[];
  arr.forEach((e, i) => {
    const f = `services[${i}]`;
    if (!isObj(e)) return v.err(f, 'expected an object with "name".');
    v.unknownKeys(e, f, schemaKeys(['services', '[]']));
    const name = v.str(e, 'name', f, true, /\S/, 'a service name such as "MSDTC"');
    const state = v.str(e, 'state', f, false, new RegExp(`^(${states.join('|')})$`), `one of ${states.join(', ')}`);
    if (name) out.push({ name, ...(state ? { state: state as ProfileService['state'] } : {}) });
  });
  return out;
}

function parseRegistry(v: Validator, arr: unknown): ProfileRegistryValue[] {
  const out: ProfileRegistryValue[] = [];
  if (!Array.isArray(arr)) {
    v.err('registry', 'expected an array of { "key", "value", "type", "data" } objects.');
    return out;
  }
  arr.forEach((e, i) => {
    const f = `registry[${i}]`;
    if (!isObj(e)) return v.err(f, 'expected an object with "key".');
    v.unknownKeys(e, f, schemaKeys(['registry', '[]']));
    const key = v.str(e, 'key', f, true, /^(HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]+)(\\|$)/i, 'a key path starting with HKLM\\, HKCU\\, HKCR\\ or HKU\\');
    const value = v.str(e, 'value', f, false);
    let type: RegType | undefined;
    if (e.type !== undefined) {
      if (typeof e.type === 'string' && REG_TYPES.includes(e.type.toUpperCase() as RegType)) type = e.type.toUpperCase() as RegType;
      else v.err(`${f}.type`, `expected one of ${REG_TYPES.join(', ')}, got ${JSON.stringify(e.type)}.`);
    }
    const data = e.data;
    if (data !== undefined && data !== null && typeof data !== 'string' && typeof data !== 'number' && !(Array.isArray(data) && data.every((x) => typeof x === 'string'))) {
      v.err(`${f}.data`, 'expected a string, a number, or an array of strings.');
    }
    if (type === 'REG_DWORD' && data !== undefined && typeof data !== 'number') v.err(`${f}.data`, 'a REG_DWORD value needs a number.');
    if (key) out.push({ key, ...(value !== undefined ? { value } : {}), ...(type ? { type } : {}), ...(data !== undefined ? { data: data as ProfileRegistryValue['data'] } : {}) });
  });
  return out;
}

function parseInstalled(v: Validator, arr: unknown): InstalledUpdate[] {
  const out: InstalledUpdate[] = [];
  if (!Array.isArray(arr)) {
    v.err('installedUpdates', 'expected an array of { "id", "branch", "backup", "uninstallKey" } objects.');
    return out;
  }
  arr.forEach((e, i) => {
    const f = `installedUpdates[${i}]`;
    if (!isObj(e)) return v.err(f, 'expected an object with "id".');
    v.unknownKeys(e, f, schemaKeys(['installedUpdates', '[]']));
    const id = v.str(e, 'id', f, true, /^[A-Za-z0-9_.\-]+$/, 'an update id such as "KB123456"');
    const branch = e.branch === null ? null : v.str(e, 'branch', f, false);
    const backup = v.bool(e, 'backup', f);
    const uninstallKey = v.bool(e, 'uninstallKey', f);
    let files: string[] | undefined;
    if (e.files !== undefined) {
      if (Array.isArray(e.files) && e.files.every((x) => typeof x === 'string')) files = e.files as string[];
      else v.err(`${f}.files`, 'expected an array of full paths.');
    }
    if (id) out.push({ id, branch: branch ?? null, backup: backup ?? true, uninstallKey: uninstallKey ?? true, ...(files ? { files } : {}) });
  });
  return out;
}

function parsePfr(v: Validator, arr: unknown): PendingRename[] {
  const out: PendingRename[] = [];
  if (!Array.isArray(arr)) {
    v.err('machine.pendingFileRenames', 'expected an array of { "source", "target", "version" } objects or target paths.');
    return out;
  }
  arr.forEach((e, i) => {
    const f = `machine.pendingFileRenames[${i}]`;
    if (typeof e === 'string') return out.push({ source: '', target: e });
    if (!isObj(e)) return v.err(f, 'expected a target path or an object with "source" and "target".');
    v.unknownKeys(e, f, schemaKeys(['machine', 'pendingFileRenames', '[]']));
    const target = v.str(e, 'target', f, true);
    const source = v.str(e, 'source', f, false) ?? '';
    const version = v.str(e, 'version', f, false);
    const owner = v.str(e, 'owner', f, false);
    if (target) out.push({ source, target, ...(version ? { version } : {}), ...(owner ? { owner } : {}) });
  });
  return out;
}

function sameFile(a: string, b: string, windir: string): boolean {
  return expandProfilePath(a, windir).toLowerCase() === expandProfilePath(b, windir).toLowerCase();
}

/**
 * Parses and validates a profile (JSON text or an already parsed value). `extends` starts from a built-in
 * profile: `os`, `machine` and `user` fields given replace the built-in's, `files` entries replace the built-in
 * entry of the same path (others are added), `registry` entries replace the same key+value, `installedUpdates`
 * the same id. Without `extends` the profile is complete as written: a file it does not list is absent.
 */
export function parseProfile(input: string | unknown): ProfileParseResult {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { ok: false, errors: [`(file): not valid JSON: ${(e as Error).message}. Fix the JSON syntax.`] };
    }
  }
  const v = new Validator();
  if (!isObj(data)) return { ok: false, errors: ['(root): expected a JSON object with "name" and "os" (or "extends").'] };
  v.unknownKeys(data, '', schemaKeys([]));
  let base: Profile | undefined;
  if (data.extends !== undefined) {
    if (typeof data.extends !== 'string') v.err('extends', `expected the id of a built-in profile (${BUILTIN_PROFILE_IDS.join(', ')}).`);
    else {
      base = builtinProfile(data.extends);
      if (!base) v.err('extends', `"${data.extends}" is not a built-in profile; use one of ${BUILTIN_PROFILE_IDS.join(', ')}.`);
    }
  }
  // Not required, as the schema says: a profile without "extends" and without a name is called "custom profile".
  const name = v.str(data, 'name', '(root)', false);
  // os
  const os: Partial<Profile['os']> = base ? { ...base.os } : {};
  if (data.os !== undefined && !isObj(data.os)) v.err('os', 'expected an object with major, minor, build, servicePack, architecture ...');
  else if (data.os === undefined && !base) v.err('os', 'missing; a profile without "extends" must describe the system (major, minor, build, servicePack, architecture).');
  else if (isObj(data.os)) {
    const o = data.os;
    v.unknownKeys(o, 'os', schemaKeys(['os']));
    const req = !base;
    const major = v.int(o, 'major', 'os', 3, 10, req);
    const minor = v.int(o, 'minor', 'os', 0, 9, req);
    const build = v.int(o, 'build', 'os', 0, 99999, req);
    const sp = v.int(o, 'servicePack', 'os', 0, 9, req);
    const edition = v.str(o, 'edition', 'os', false);
    let arch: Architecture | undefined;
    if (o.architecture !== undefined) {
      if (typeof o.architecture === 'string' && ARCHES.includes(o.architecture.toLowerCase() as Architecture)) arch = o.architecture.toLowerCase() as Architecture;
      else v.err('os.architecture', `expected one of ${ARCHES.join(', ')}, got ${JSON.stringify(o.architecture)}.`);
    } else if (req) v.err('os.architecture', `missing; give one of ${ARCHES.join(', ')}.`);
    const language = v.str(o, 'language', 'os', false, /^(0x)?[0-9a-fA-F]{1,4}$/, 'a hex LANGID such as "0409"');
    const checked = v.bool(o, 'checked', 'os');
    if (major !== undefined) os.major = major;
    if (minor !== undefined) os.minor = minor;
    if (build !== undefined) os.build = build;
    if (sp !== undefined) os.servicePack = sp;
    if (edition !== undefined) os.edition = edition;
    if (arch) os.architecture = arch;
    if (language !== undefined) os.language = language.replace(/^0x/i, '').padStart(4, '0');
    if (checked !== undefined) os.checked = checked;
  }
  os.edition ??= 'Professional';
  os.language ??= '0409';
  os.checked ??= false;
  // machine
  const machine: Profile['machine'] = base ? { ...base.machine } : { windir: os.major === 5 && os.minor === 0 ? 'C:\\WINNT' : 'C:\\WINDOWS', freeDiskMB: 4000, anotherInstallRunning: false, pendingFileRenames: [], processors: 1 };
  if (data.machine !== undefined) {
    if (!isObj(data.machine)) v.err('machine', 'expected an object.');
    else {
      const m = data.machine;
      v.unknownKeys(m, 'machine', schemaKeys(['machine']));
      const dbg = v.bool(m, 'debuggerAttached', 'machine');
      if (dbg !== undefined) machine.debuggerAttached = dbg;
      const src = v.str(m, 'packageSource', 'machine', false, /^([A-Za-z]:\\|\\\\[^\\]+\\)/, 'a full path such as "D:\\\\xpsp3" or a share such as "\\\\\\\\server\\\\xpsp3"');
      if (src !== undefined) machine.packageSource = src;
      if (m.drives !== undefined) {
        if (Array.isArray(m.drives) && m.drives.every((d) => isObj(d) && typeof d.letter === 'string' && /^[A-Za-z]:?$/.test(d.letter) && typeof d.freeMB === 'number' && Number.isInteger(d.freeMB) && d.freeMB >= 0 && Object.keys(d).every((k) => k === 'letter' || k === 'freeMB'))) {
          machine.drives = (m.drives as { letter: string; freeMB: number }[]).map((d) => ({ letter: d.letter.toUpperCase().replace(/:?$/, ':'), freeMB: d.freeMB }));
        } else v.err('machine.drives', 'expected an array of { "letter": "D:", "freeMB": 12000 }.');
      }
      const windir = v.str(m, 'windir', 'machine', false, /^[A-Za-z]:\\[^"<>|*?]*$/, 'a full path such as "C:\\\\WINDOWS"');
      const free = v.int(m, 'freeDiskMB', 'machine', 0, 1e9, false);
      const running = v.bool(m, 'anotherInstallRunning', 'machine');
      const cpus = v.int(m, 'processors', 'machine', 1, 64, false);
      if (windir) machine.windir = windir.replace(/\\+$/, '');
      if (free !== undefined) machine.freeDiskMB = free;
      if (running !== undefined) machine.anotherInstallRunning = running;
      if (cpus !== undefined) machine.processors = cpus;
      if (m.pendingFileRenames !== undefined) machine.pendingFileRenames = parsePfr(v, m.pendingFileRenames);
      if (m.customFunctions !== undefined) {
        if (isObj(m.customFunctions) && Object.values(m.customFunctions).every((x) => typeof x === 'boolean' || typeof x === 'string')) machine.customFunctions = { ...(machine.customFunctions ?? {}), ...(m.customFunctions as Record<string, boolean | string>) };
        else v.err('machine.customFunctions', 'expected an object of function name -> true/false (a condition\'s answer) or a folder path (the answer of a [DirectoryId.Include] function), e.g. { "IsTabletPC": false, "GetSupportToolsPathName": "C:\\\\Program Files\\\\Support Tools" }.');
      }
    }
  }
  // user
  const user: Profile['user'] = base ? { ...base.user, rights: [...base.user.rights] } : { rights: [...ADMIN_RIGHTS], name: 'Administrator' };
  if (data.user !== undefined) {
    if (!isObj(data.user)) v.err('user', 'expected an object with "rights".');
    else {
      v.unknownKeys(data.user, 'user', schemaKeys(['user']));
      const r = data.user.rights;
      if (r !== undefined) {
        if (Array.isArray(r) && r.every((x) => typeof x === 'string' && /^Se[A-Za-z]+Privilege$/.test(x))) user.rights = r as string[];
        else v.err('user.rights', 'expected an array of privilege names such as "SeBackupPrivilege".');
      }
      const n = v.str(data.user, 'name', 'user', false);
      if (n) user.name = n;
    }
  }
  const windir = machine.windir;
  let files = base ? base.files : [];
  if (data.files !== undefined) {
    const given = parseFiles(v, data.files);
    if (base) {
      const kept = files.filter((bf) => !given.some((g) => sameFile(g.path, bf.path, windir)));
      files = [...kept, ...given];
    } else files = given;
  }
  let registry = base ? base.registry : [];
  if (data.registry !== undefined) {
    const given = parseRegistry(v, data.registry);
    const same = (a: ProfileRegistryValue, b: ProfileRegistryValue) => a.key.toLowerCase() === b.key.toLowerCase() && (a.value ?? '').toLowerCase() === (b.value ?? '').toLowerCase();
    registry = base ? [...registry.filter((r) => !given.some((g) => same(g, r))), ...given] : given;
  }
  let services = base?.services;
  if (data.services !== undefined) {
    const given = parseServices(v, data.services);
    services = base?.services ? [...base.services.filter((x) => !given.some((g) => g.name.toLowerCase() === x.name.toLowerCase())), ...given] : given;
  }
  let installedUpdates = base ? base.installedUpdates : [];
  if (data.installedUpdates !== undefined) {
    const given = parseInstalled(v, data.installedUpdates);
    installedUpdates = base ? [...installedUpdates.filter((u) => !given.some((g) => g.id.toLowerCase() === u.id.toLowerCase())), ...given] : given;
  }
  let distributionShare: DistributionShare | undefined = base?.distributionShare;
  if (data.distributionShare !== undefined) {
    const d = data.distributionShare;
    const KINDS = SHARE_KINDS;
    if (!isObj(d)) v.err('distributionShare', `expected an object such as { "kind": "os-sp", "servicePack": 2 }; kinds: ${KINDS.join(', ')}.`);
    else {
      v.unknownKeys(d, 'distributionShare', schemaKeys(['distributionShare']));
      const kind = v.str(d, 'kind', 'distributionShare', true, new RegExp(`^(${KINDS.join('|')})$`), `one of ${KINDS.join(', ')}`);
      const path = v.str(d, 'path', 'distributionShare', false, /^([A-Za-z]:\\|\\\\[^\\]+\\)/, 'a full path such as "C:\\\\source_files"');
      const sp = v.int(d, 'servicePack', 'distributionShare', 0, 9, false);
      let updates: string[] | undefined;
      if (d.updates !== undefined) {
        if (Array.isArray(d.updates) && d.updates.every((u) => typeof u === 'string')) updates = d.updates as string[];
        else v.err('distributionShare.updates', 'expected an array of update ids such as "KB890830".');
      }
      let shareOs: DistributionShare['os'];
      if (d.os !== undefined) {
        if (!isObj(d.os)) v.err('distributionShare.os', 'expected { "major": 5, "minor": 1 }.');
        else {
          v.unknownKeys(d.os, 'distributionShare.os', schemaKeys(['distributionShare', 'os']));
          const major = v.int(d.os, 'major', 'distributionShare.os', 3, 10, true);
          const minor = v.int(d.os, 'minor', 'distributionShare.os', 0, 9, true);
          if (major !== undefined && minor !== undefined) shareOs = { major, minor };
        }
      }
      if (kind) distributionShare = { kind: kind as DistributionShare['kind'], ...(path ? { path } : {}), ...(sp !== undefined ? { servicePack: sp } : {}), ...(updates ? { updates } : {}), ...(shareOs ? { os: shareOs } : {}) };
    }
  }
  if (os.major !== undefined && os.minor !== undefined && os.architecture === 'x64' && !(os.major === 5 && os.minor === 2) && os.major === 5) {
    v.warnings.push('os.architecture: x64 Windows of this era is version 5.2 (build 3790).');
  }
  if (v.errors.length) return { ok: false, errors: v.errors };
  const profile: Profile = {
    id: base?.id,
    name: name ?? base?.name ?? 'custom profile',
    ...(base ? { extends: base.id } : {}),
    os: os as Profile['os'],
    machine,
    user,
    files,
    registry,
    installedUpdates,
    ...(distributionShare ? { distributionShare } : {}),
    ...(services ? { services } : {}),
  };
  return { ok: true, profile, warnings: v.warnings };
}
