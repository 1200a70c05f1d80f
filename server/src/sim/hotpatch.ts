// Hotpatching (whitepaper "Hotpatching", "Deploying Hotpatches", "Identifying Hotpatching Compatibility"): whether a
// package can patch running code, whether this system and each installed file allow it. Pure; never throws.
// Rules and sources: docs/simulation.md, "Hotpatching".

import { ProfileOs } from './types';
import { parseVersion } from './version';

export const KEY_INSTALLED_HOTPATCHES = 'HKLM\\SOFTWARE\\Microsoft\\Updates\\InstalledHotpatches';

/** The .hp files of a package (package-relative paths). */
export function hotpatchFilesOf(files: readonly string[]): string[] {
  return files.filter((f) => /\.hp$/i.test(f));
}

/**
 * Whether a `.hp` file covers a payload file: `wininet.hp` or `wininet.dll.hp` covers wininet.dll (inferred: the
 * whitepaper only says hotpatch packages carry files with the .hp extension).
 */
export function hpCovers(hpFiles: readonly string[], destName: string): string | undefined {
  const d = destName.toLowerCase();
  const stem = d.replace(/\.[^.]*$/, '');
  for (const hp of hpFiles) {
    const base = hp.replace(/^.*[\\/]/, '').toLowerCase().replace(/\.hp$/, '');
    if (base === d || base === stem) return hp;
  }
  return undefined;
}

/** The system must be 32-bit Windows Server 2003 with SP1 or later. */
export function systemSupportsHotpatch(os: ProfileOs): { ok: boolean; reason: string } {
  if (!(os.major === 5 && os.minor === 2)) return { ok: false, reason: `hotpatching needs Windows Server 2003; the system is Windows ${os.major}.${os.minor}` };
  if (os.architecture !== 'x86') return { ok: false, reason: `hotpatching needs a 32-bit (x86) Windows Server 2003; the system is ${os.architecture}` };
  if (os.servicePack < 1) return { ok: false, reason: 'hotpatching needs Windows Server 2003 SP1 or later; the system has no service pack' };
  return { ok: true, reason: `32-bit Windows Server 2003 SP${os.servicePack} supports hotpatching` };
}

/**
 * An installed file can be hotpatched when its build-lab tag is a GDR or service-pack build (srv03_gdr, srv03_spN,
 * e.g. srv03_sp1_rtm or srv03_sp2_gdr), not a QFE or RTM build (srv03_qfe, srv03_rtm, srv03_sp1_qfe: QFE part
 * inferred). A file without a lab tag, or not on the system, cannot be judged and is not hotpatched (inferred).
 */
export function labAllowsHotpatch(version: string | undefined): { ok: boolean; lab?: string; reason: string } {
  const lab = parseVersion(version)?.lab;
  if (!version) return { ok: false, reason: 'the file is not on the system, so there is no running code to patch' };
  if (!lab) return { ok: false, reason: `the installed version ${version} carries no build-lab tag, so its hotpatch compatibility is unknown` };
  if (/^srv03_(rtm|qfe)$/.test(lab) || /^srv03_.*qfe/.test(lab)) return { ok: false, lab, reason: `the installed file comes from the ${lab} build lab (QFE or RTM builds cannot be hotpatched)` };
  if (/^srv03_(gdr|sp\d+)/.test(lab)) return { ok: true, lab, reason: `the installed file comes from the ${lab} build lab (a GDR or service-pack build)` };
  return { ok: false, lab, reason: `the installed file comes from the ${lab} build lab, not a Windows Server 2003 GDR or service-pack build` };
}
