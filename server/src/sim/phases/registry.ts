// Registry: the installer's own keys (Updates, Add or Remove Programs; whitepaper Tables 1-3) and the INF's AddReg /
// DelReg through ProductInstall sections and [Register.Include] (Appendix B; inf-facts 3).

import { entryFields, InfDocument } from '../../core/model';
import { featureSince } from '../../knowledge/installer';
import { UpdateInf } from '../../package/model';
import { evaluateOperation } from '../conditions';
import { conditionEnv } from './applicability';
import { classify } from './inventory';
import { extendedInstalls } from './extended';
import { applyRegistryDirectives } from '../registry';
import { DEFAULT_DATE, dirOf, InstallRun, installs, numberOf, PlannedFile, productFolder, SRC_APPB } from '../run';
import { directoryOf } from './directories';
import { InstalledRecord, KEY_HOTFIX, KEY_UNINSTALL, KEY_UPDATES, RegValue } from '../state';
import { RegData, RegType } from '../types';
import { compareVersions } from '../version';

export function installerRegistry(run: InstallRun, doc: InfDocument, record: InstalledRecord, isSp: boolean, nobackup: boolean, branch: string | null, plan: PlannedFile[]): void {
  const date = (run.options.date ?? DEFAULT_DATE).split(' ')[0];
  const title = doc.value('Strings', 'SP_TITLE', run.language)?.trim() || run.kb;
  const spNumber = numberOf(doc.value('Strings', 'SERVICE_PACK_NUMBER', run.language)) ?? run.state.os.servicePack + 1;
  const product = productFolder(run.state);
  const updatesKey = isSp ? `${KEY_UPDATES}\\${product}\\SP${numberOf(doc.value('Version', 'ThisServicePackVersion')) !== undefined ? Math.floor(numberOf(doc.value('Version', 'ThisServicePackVersion'))! / 256) : spNumber}` : `${KEY_UPDATES}\\${product}\\SP${spNumber}\\${run.kb}`;
  const arpKey = `${KEY_UNINSTALL}\\${run.kb}`;
  const uninstallCmd = nobackup ? '' : `${record.backupDir}\\spuninst\\spuninst.exe`;
  const w = (key: string, value: string, type: RegType, data: RegData) => {
    run.setReg(key, value, type, data, 'installer');
    record.written.push({ key, value });
  };
  const src = 'whitepaper "The Updates Registry Key", Table 1';
  w(updatesKey, 'Description', 'REG_SZ', title);
  w(updatesKey, 'InstalledBy', 'REG_SZ', run.state.userName);
  w(updatesKey, 'InstalledDate', 'REG_SZ', date);
  w(updatesKey, 'InstallerName', 'REG_SZ', 'Update.exe');
  if (run.installerVersion) w(updatesKey, 'InstallerVersion', 'REG_SZ', run.installerVersion);
  const pv = doc.value('Strings', 'BUILDTIMESTAMP', run.language)?.trim();
  if (pv) w(updatesKey, 'PackageVersion', 'REG_SZ', pv);
  w(updatesKey, 'Type', 'REG_SZ', isSp ? 'Service Pack' : (doc.value('Strings', 'RELEASE_TYPE', run.language) ?? 'Update').trim() || 'Update');
  w(updatesKey, 'UninstallCommand', 'REG_SZ', uninstallCmd);
  record.updatesKey = updatesKey;
  if (!isSp) {
    let i = 0;
    for (const p of plan) {
      if (!installs(p.action)) continue;
      const fk = `${updatesKey}\\Filelist\\${i++}`;
      w(fk, 'FileName', 'REG_SZ', p.c.destName);
      w(fk, 'Version', 'REG_SZ', p.pkgVersion ?? '');
      w(fk, 'Location', 'REG_SZ', dirOf(p.c.target));
    }
    run.decide('registry', 'updates-key', src + '; Table 2 (Filelist)', `Updates key ${updatesKey} with a Filelist of ${i} file(s).`);
  } else run.decide('registry', 'updates-key', src + ' (no file list for a service pack)', `Updates key ${updatesKey} (a service pack has no Filelist).`);
  // Add or Remove Programs
  const oldNobackup = nobackup && !!run.installerVersion && compareVersions(run.installerVersion, featureSince('nobackup-arp')) < 0;
  if (oldNobackup) {
    record.uninstallKey = false;
    run.decide('registry', 'arp-key-none', 'whitepaper "The Add or Remove Programs Registry Key" (note), Table 15', `Installer ${run.installerVersion} with /nobackup writes no Add or Remove Programs entry.`);
  } else {
    w(arpKey, 'DisplayName', 'REG_SZ', title);
    w(arpKey, 'Publisher', 'REG_SZ', 'Microsoft Corporation');
    w(arpKey, 'RegistryLocation', 'REG_SZ', updatesKey.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\'));
    if (nobackup) {
      w(arpKey, 'NoRemove', 'REG_DWORD', 1);
      run.decide('registry', 'arp-noremove', 'whitepaper "The Add or Remove Programs Registry Key" (note); Table 3 (NoRemove)', 'Installed with /nobackup: the Add or Remove Programs entry has no Remove button (NoRemove=1).');
    } else {
      w(arpKey, 'UninstallString', 'REG_SZ', uninstallCmd);
      run.decide('registry', 'arp-key', 'whitepaper Table 3', `Add or Remove Programs entry ${arpKey} with UninstallString ${uninstallCmd}.`);
    }
    w(updatesKey, 'ARPLink', 'REG_SZ', arpKey.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\'));
  }
  if (branch) run.decide('registry', 'branch-recorded', 'whitepaper "Branching"', `Installed from branch ${branch}.`);
}

export function infRegistry(run: InstallRun, inf: UpdateInf, record: InstalledRecord, reinstall: boolean): void {
  const doc = inf.file.doc;
  // %<dirid>% in registry data: the run-time ids of [DirectoryId.Include] too.
  const dirids = (id: number) => directoryOf(run, doc, id, undefined) ?? undefined;
  const before = (key: string, value: string, old: RegValue | null) => {
    if (!record.saved.some((s) => s.key.toLowerCase() === key.toLowerCase() && s.value.toLowerCase() === value.toLowerCase())) record.saved.push({ key, value, before: old ? { ...old } : null });
  };
  const sections: { name: string; why: string }[] = [];
  for (const sec of doc.sections.values()) {
    if (!/^productinstall\./.test(sec.key)) continue;
    const k = classify(run, sec.name, reinstall, doc);
    if (!sec.entries.some((e) => e.key && /^(addreg|delreg)$/i.test(e.key.text.trim()))) continue;
    if (!k.apply) {
      run.decide('registry', 'registry-section-skipped', SRC_APPB, `[${sec.name}] registry changes do not apply: ${k.why}.`);
      continue;
    }
    sections.push({ name: sec.name, why: k.why });
  }
  // Register.Include: RegCondition= sections with InstallFromSection and Operation.
  const extra: string[] = [];
  for (const e of doc.section('Register.Include')?.entries ?? []) {
    if (!e.key || !/^regcondition$/i.test(e.key.text.trim())) continue;
    for (const v of e.values) {
      const cname = doc.expand(v.text, run.language).value.trim();
      const r = evaluateOperation(conditionEnv(run, inf), cname);
      const from = doc.value(cname, 'InstallFromSection', run.language)?.trim();
      run.decide('registry', 'reg-condition', SRC_APPB + ' ([Register.Include])', `[${cname}] is ${r.result === true ? 'met' : r.result === false ? 'not met' : 'not known (treated as not met)'}${r.detail ? ` (${r.detail})` : ''}.`);
      if (r.result === true && from) extra.push(from);
    }
  }
  let hotfixKey = false;
  // Each install section's DelReg lists first, then its AddReg lists, as the Setup API applies them (sim/registry.ts).
  const apply = (holder: string) =>
    applyRegistryDirectives(doc, holder, run.state, run.language, dirids, before, (r, list) => {
      if (r.op) {
        run.regOp(r.op);
        if (r.op.op === 'set') record.written.push({ key: r.op.key, value: r.op.value });
        if (r.op.key.toLowerCase().startsWith(KEY_HOTFIX.toLowerCase() + '\\')) hotfixKey = true;
      } else if (r.skipped) run.decide('registry', 'registry-line-skipped', 'inf-facts 3.4', `[${list}]: ${r.skipped}.`);
    });
  for (const s of sections) apply(s.name);
  for (const s of extra) apply(s);
  // RegOperation sections of the extended conditional installs that hold (phases/extended.ts), after the rest (inferred).
  for (const x of extendedInstalls(run, inf, reinstall)) if (x.result === true) for (const s of x.registry) apply(s);
  const infOps = run.registry.filter((r) => r.origin.startsWith('[')).length;
  run.decide('registry', 'inf-registry', SRC_APPB + ' ([ProductInstall.GlobalRegistryChanges.*], AddReg/DelReg); inf-facts 3', `${infOps} registry change(s) from the INF${sections.length ? ` (${sections.map((s) => `[${s.name}]`).join(', ')})` : ''}, strings expanded.`);
  run.decide('registry', hotfixKey ? 'hotfix-key' : 'hotfix-key-none', 'whitepaper "The Hotfix Registry Key"', hotfixKey ? `The INF writes the Hotfix key ${KEY_HOTFIX}\\${run.kb}.` : 'The INF does not write the Hotfix key; many updates no longer do (check the Updates key instead).');
}

/**
 * [UninstallSections]: "identifies sections to copy from the update.inf to the spuninst.inf" (whitepaper Appendix B),
 * each pair `name, section` copying [section] under [name]. Spuninst.exe processes the copy named GlobalRegistryChanges
 * ("[GlobalRegistryChanges.UnInstall] AddReg=Add.Reg DelReg=Del.Reg: registry changes for software update removal";
 * that it is this name Spuninst.exe reads is inferred from the whitepaper's example pairs). Its AddReg=/DelReg= lists
 * are the Spuninst.inf sections [Add.Reg], [Del.Reg] ..., i.e. the update.inf sections paired with those names
 * ([Add.Reg.Uninstall], [Del.Reg.Uninstall]). A list with no pair does not exist in Spuninst.inf and is skipped.
 */
export function recordUninstallRegistry(run: InstallRun, doc: InfDocument, record: InstalledRecord): void {
  const pairs = new Map<string, string>();
  for (const e of doc.section('UninstallSections')?.entries ?? []) {
    const f = entryFields(e).map((x) => doc.expand(x.text, run.language).value.trim());
    if (f.length >= 2 && f[0] && f[1] && !e.key) pairs.set(f[0].toLowerCase(), f[1]);
  }
  const global = pairs.get('globalregistrychanges');
  if (!global) return;
  const lists: { directive: 'addreg' | 'delreg'; section: string }[] = [];
  const skipped: string[] = [];
  for (const e of doc.section(global)?.entries ?? []) {
    const d = e.key?.text.trim().toLowerCase();
    if (d !== 'addreg' && d !== 'delreg') continue;
    for (const v of e.values) {
      const name = doc.expand(v.text, run.language).value.trim();
      const src = name ? pairs.get(name.toLowerCase()) : undefined;
      if (src && doc.hasSection(src)) lists.push({ directive: d, section: src });
      else if (name) skipped.push(name);
    }
  }
  if (!lists.length && !skipped.length) return;
  record.uninstallRegistry = { doc, language: run.language, lists };
  run.decide('registry', 'uninstall-sections', 'whitepaper Appendix B ([UninstallSections], [GlobalRegistryChanges.UnInstall])', `Spuninst.inf gets [GlobalRegistryChanges] from [${global}]: at removal ${lists.map((l) => `${l.directive === 'addreg' ? 'AddReg' : 'DelReg'} [${l.section}]`).join(', ') || 'nothing'}${skipped.length ? `; ${skipped.map((s) => `[${s}]`).join(', ')} has no [UninstallSections] pair, so Spuninst.inf lacks it (skipped)` : ''}.`);
}
