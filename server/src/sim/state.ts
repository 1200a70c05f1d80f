// The simulated machine: files, registry, the pending-file-rename queue, installed updates and their backups.
// Built from a profile and carried from one run to the next in a chain. Pure data; lookups are by lower-cased
// path/key so a 5,000-file package stays linear.

import { expandProfilePath } from './profiles';
import { InfDocument } from '../core/model';
import { DistributionShare, InstalledUpdate, PendingRename, Profile, ProfileOs, ProfileService, RegData, RegType, SimProcess, SimShortcut } from './types';

export interface StateFile {
  path: string;
  version?: string;
  inUse: boolean;
  oem: boolean;
  sizeBytes?: number;
  /** InternalName of the version resource (CheckInternalName), when the profile gives it. */
  internalName?: string;
}

export interface RegValue {
  name: string;
  type: RegType;
  data: RegData;
}

export interface RegKey {
  key: string;
  values: Map<string, RegValue>;
}

export interface BackedUpFile {
  target: string;
  /** Version before the update; null when the file did not exist (removal deletes it). */
  previousVersion: string | null;
  newVersion: string | null;
  /** The installation deleted it (DelFiles): removal puts the backup copy back. */
  deleted?: boolean;
}

export interface InstalledRecord {
  id: string;
  branch: string | null;
  backup: boolean;
  backupDir: string | null;
  uninstallKey: boolean;
  files: BackedUpFile[];
  /** Registry values/keys the install wrote (removed on uninstall). */
  written: { key: string; value: string | null }[];
  /** Values saved before the install ([Save.Reg.For.Uninstall] and overwritten values), restored on uninstall. */
  saved: { key: string; value: string; before: RegValue | null }[];
  /** Key under ...\Updates\ the install created. */
  updatesKey?: string;
  servicePack: boolean;
  migrated?: boolean;
  /** Service packs: the level before, and the updates the pack rolled up (restored when it is removed). */
  previousServicePack?: number;
  rolledUp?: { record: InstalledRecord; keys: RegKey[] }[];
  migratedIds?: string[];
  /** The installer version that installed it (spuninst has the same version). */
  installerVersion?: string;
  /**
   * The registry lists Spuninst.inf would process at removal ([UninstallSections] pairs resolved through the
   * section copied as [GlobalRegistryChanges]), with the INF they come from.
   */
  uninstallRegistry?: { doc: InfDocument; language: string; lists: { directive: 'addreg' | 'delreg'; section: string }[] };
  /** Command lines of [ProcessesToRunBeforeUninstall] / AfterUninstall / AfterUninstallReboot, listed at removal. */
  uninstallProcesses?: SimProcess[];
  /** Shortcuts of [LinkItems.Create.Uninstall], listed at removal. */
  uninstallShortcuts?: SimShortcut[];
  /** SP_TITLE of the installing INF (event-log texts). */
  title?: string;
  /** [Configuration] EventLogKeyName of the installing INF (default NtServicePack). */
  eventSource?: string;
  /** From the profile, not simulated: file details unknown. */
  fromProfile: boolean;
  order: number;
}

export const KEY_UNINSTALL = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
export const KEY_HOTFIX = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix';
export const KEY_UPDATES = 'HKLM\\SOFTWARE\\Microsoft\\Updates';
export const KEY_VOLATILE = 'HKLM\\SOFTWARE\\Microsoft\\Updates\\UpdateExeVolatile';
export const KEY_SESSION_MANAGER = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';

const ROOTS: Record<string, string> = {
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKEY_CURRENT_USER: 'HKCU',
  HKEY_CLASSES_ROOT: 'HKCR',
  HKEY_USERS: 'HKU',
};

/**
 * "HKEY_LOCAL_MACHINE\Software\..\" -> "HKLM\Software\..". A "/" is part of a key's name (the registry separates
 * keys by "\" only; genuine packages write keys such as "...\SchemaGroups\Branding\http://www.microsoft.com/...").
 */
export function normalizeKey(key: string): string {
  if (/^HK(LM|CU|CR|U)\\/.test(key) && !/\\\\|\\$/.test(key)) return key.trim() === key ? key : key.trim();
  let k = key.replace(/\\+/g, '\\').replace(/\\$/, '').trim();
  const i = k.indexOf('\\');
  const root = (i < 0 ? k : k.slice(0, i)).toUpperCase();
  const mapped = ROOTS[root] ?? root;
  k = mapped + (i < 0 ? '' : k.slice(i));
  return k;
}

export class MachineState {
  os: ProfileOs;
  windir: string;
  freeBytes: number;
  anotherInstallRunning: boolean;
  rights: Set<string>;
  userName: string;
  processors: number;
  customFunctions: Record<string, boolean | string>;
  debuggerAttached: boolean;
  drives: { letter: string; freeMB: number }[] | undefined;
  packageSource: string | undefined;
  share: DistributionShare | undefined;
  files = new Map<string, StateFile>();
  /** Installed services by lower-cased name; undefined when the profile lists none (CheckService cannot be judged). */
  services: Map<string, ProfileService> | undefined;
  registry = new Map<string, RegKey>();
  pfr: PendingRename[] = [];
  installed: InstalledRecord[] = [];
  /** A removal ran and its restart is still pending (removals cannot be chained). */
  removalRestartPending = false;
  blocklist = new Set<string>();
  /** Cache file (lower-cased path) -> the target it migrates to. */
  cacheTargets = new Map<string, string>();
  private order = 0;
  private tmpCounter = 0;

  constructor(profile: Profile) {
    this.os = { ...profile.os };
    this.windir = profile.machine.windir.replace(/\\+$/, '');
    this.freeBytes = Math.max(0, profile.machine.freeDiskMB) * 1024 * 1024;
    this.anotherInstallRunning = profile.machine.anotherInstallRunning;
    this.rights = new Set(profile.user.rights.map((r) => r.toLowerCase()));
    this.userName = profile.user.name ?? 'Administrator';
    this.processors = profile.machine.processors ?? 1;
    this.customFunctions = { ...(profile.machine.customFunctions ?? {}) };
    this.debuggerAttached = !!profile.machine.debuggerAttached;
    this.drives = profile.machine.drives?.map((d) => ({ ...d }));
    this.packageSource = profile.machine.packageSource;
    this.share = profile.distributionShare ? { ...profile.distributionShare, updates: profile.distributionShare.updates ? [...profile.distributionShare.updates] : undefined } : undefined;
    for (const f of profile.files) {
      const path = expandProfilePath(f.path, this.windir);
      this.files.set(path.toLowerCase(), { path, version: f.version, inUse: !!f.inUse, oem: !!f.oem, sizeBytes: f.sizeBytes, ...(f.internalName ? { internalName: f.internalName } : {}) });
    }
    for (const r of profile.registry) {
      const k = this.ensureKey(r.key);
      if (r.value !== undefined) k.values.set(r.value.toLowerCase(), { name: r.value, type: r.type ?? (typeof r.data === 'number' ? 'REG_DWORD' : Array.isArray(r.data) ? 'REG_MULTI_SZ' : 'REG_SZ'), data: r.data ?? null });
    }
    this.services = profile.services ? new Map(profile.services.map((x) => [x.name.toLowerCase(), { ...x }])) : undefined;
    for (const p of profile.machine.pendingFileRenames) this.pfr.push({ ...p, target: expandProfilePath(p.target, this.windir), source: p.source ? expandProfilePath(p.source, this.windir) : '' });
    for (const u of profile.installedUpdates) this.addProfileUpdate(u);
  }

  private addProfileUpdate(u: InstalledUpdate): void {
    const arp = `${KEY_UNINSTALL}\\${u.id}`;
    if (u.uninstallKey === false) this.deleteKey(arp);
    else if (!this.getKey(arp)) this.setValue(arp, 'DisplayName', 'REG_SZ', u.id);
    this.installed.push({
      id: u.id,
      branch: u.branch ?? null,
      backup: u.backup !== false,
      backupDir: u.backup === false ? null : `${this.windir}\\$NtUninstall${u.id}$`,
      uninstallKey: u.uninstallKey !== false,
      files: (u.files ?? []).map((t) => ({ target: expandProfilePath(t, this.windir), previousVersion: null, newVersion: null })),
      written: [],
      saved: [],
      servicePack: false,
      fromProfile: true,
      order: this.order++,
    });
  }

  nextOrder(): number {
    return this.order++;
  }

  nextTmpName(): string {
    return `SET${(this.tmpCounter++).toString(16).toUpperCase()}.tmp`;
  }

  file(path: string): StateFile | undefined {
    return this.files.get(path.toLowerCase());
  }

  /** Effective version of a target for a chained run: the version queued for it at restart, else on disk. */
  pendingFor(path: string): PendingRename | undefined {
    const k = path.toLowerCase();
    let hit: PendingRename | undefined;
    for (const p of this.pfr) if (p.target.toLowerCase() === k && p.source) hit = p;
    return hit;
  }

  getKey(key: string): RegKey | undefined {
    return this.registry.get(normalizeKey(key).toLowerCase());
  }

  ensureKey(key: string): RegKey {
    const n = normalizeKey(key);
    const k = n.toLowerCase();
    let r = this.registry.get(k);
    if (!r) {
      r = { key: n, values: new Map() };
      this.registry.set(k, r);
    }
    return r;
  }

  getValue(key: string, name: string): RegValue | undefined {
    return this.getKey(key)?.values.get(name.toLowerCase());
  }

  setValue(key: string, name: string, type: RegType, data: RegData): void {
    this.ensureKey(key).values.set(name.toLowerCase(), { name, type, data });
  }

  deleteValue(key: string, name: string): boolean {
    return this.getKey(key)?.values.delete(name.toLowerCase()) ?? false;
  }

  /** Deletes a key and its subkeys; true when something was there. */
  deleteKey(key: string): boolean {
    const k = normalizeKey(key).toLowerCase();
    let any = false;
    for (const name of [...this.registry.keys()]) {
      if (name === k || name.startsWith(k + '\\')) {
        this.registry.delete(name);
        any = true;
      }
    }
    return any;
  }

  /** Deep copies of a key and its subkeys, to put back later. */
  snapshotKey(key: string): RegKey[] {
    const k = normalizeKey(key).toLowerCase();
    const out: RegKey[] = [];
    for (const [name, r] of this.registry) {
      if (name === k || name.startsWith(k + '\\')) out.push({ key: r.key, values: new Map([...r.values].map(([n, v]) => [n, { ...v }])) });
    }
    return out;
  }

  installedRecord(id: string): InstalledRecord | undefined {
    const k = id.toLowerCase();
    return this.installed.find((r) => r.id.toLowerCase() === k);
  }

  hasRight(name: string): boolean {
    return this.rights.has(name.toLowerCase());
  }

  /** Drive letter of the Windows folder, e.g. "C:". */
  get drive(): string {
    return /^[A-Za-z]:/.test(this.windir) ? this.windir.slice(0, 2).toUpperCase() : 'C:';
  }

  volatileFlags(): number | undefined {
    const v = this.getValue(KEY_VOLATILE, 'Flags');
    return v && typeof v.data === 'number' ? v.data : undefined;
  }
}
