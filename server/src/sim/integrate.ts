// Integrated installation (/integrate:path, "slipstreaming"): which combinations of package and distribution share
// the installer supports (whitepaper Table 18, as a table), and the extraction folder rules (Table 13, "File
// Extraction"). Pure; never throws. Rules and sources: docs/simulation.md.

import { ShareKind } from './types';

export interface IntegrationScenario {
  /** Whether the package is a service pack (true) or a simple update (false). */
  servicePack: boolean;
  share: ShareKind;
  /** The Table 18 row in our words. */
  scenario: string;
  supported: boolean;
  source: string;
}

/** Whitepaper Table 18, one row per (package kind, share kind); rows the table lacks are marked inferred. */
export const INTEGRATION_SCENARIOS: readonly IntegrationScenario[] = [
  { servicePack: false, share: 'os', scenario: 'a simple update into a plain operating-system source', supported: true, source: 'whitepaper Table 18' },
  { servicePack: true, share: 'os', scenario: 'a service pack into a plain operating-system source', supported: true, source: 'whitepaper Table 18' },
  { servicePack: false, share: 'os-sp', scenario: 'a simple update into a source already integrated with a service pack', supported: true, source: 'whitepaper Table 18' },
  { servicePack: false, share: 'os-updates', scenario: 'a simple update into a source already integrated with simple updates', supported: true, source: 'whitepaper Table 18' },
  { servicePack: true, share: 'os-sp', scenario: 'a service pack into a source already integrated with another service pack', supported: true, source: 'whitepaper Table 18' },
  { servicePack: true, share: 'os-updates', scenario: 'a service pack into a source already integrated with a simple update', supported: false, source: 'whitepaper Table 18' },
  { servicePack: true, share: 'update-files', scenario: 'a service pack into the files of a simple update', supported: false, source: 'whitepaper Table 18 ("a service pack with a simple software update")' },
  { servicePack: false, share: 'sp-files', scenario: 'a simple update into the files of a service pack', supported: false, source: 'whitepaper Table 18 ("a service pack with a simple software update")' },
  { servicePack: false, share: 'update-files', scenario: 'a simple update into the files of another simple update', supported: false, source: 'whitepaper Table 18' },
  { servicePack: true, share: 'sp-files', scenario: 'a service pack into the files of another service pack', supported: false, source: 'inferred (not in Table 18; only operating-system sources are integration targets)' },
];

export function integrationScenario(servicePack: boolean, share: ShareKind): IntegrationScenario {
  return INTEGRATION_SCENARIOS.find((s) => s.servicePack === servicePack && s.share === share) ?? INTEGRATION_SCENARIOS[servicePack ? 1 : 0];
}

export const SHARE_KINDS: readonly ShareKind[] = ['os', 'os-sp', 'os-updates', 'sp-files', 'update-files'];

/** The folder of the installation source for an architecture (i386, amd64, ia64). */
export function sourceFolder(arch: string): string {
  return arch === 'x64' ? 'amd64' : arch === 'ia64' ? 'ia64' : 'i386';
}

/** The compressed name a file has in an installation source: wininet.dll -> wininet.dl_. */
export function compressedName(name: string): string {
  return name.length > 0 ? name.slice(0, -1) + '_' : name;
}

/**
 * A sample of the random extraction folder name: 13 hex digits, as in the whitepaper's example "1ed6b742f546f". The
 * real installer asks Windows for a random name; here it is derived from the package id so runs are repeatable.
 */
export function sampleRandomFolder(seed: string): string {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193) >>> 0;
    g = Math.imul(g ^ seed.charCodeAt(i), 0x85ebca6b) >>> 0;
  }
  return (h.toString(16).padStart(8, '0') + g.toString(16).padStart(8, '0')).slice(0, 13);
}

/** The fixed drive with the most free space (ties: the first listed). */
export function driveWithMostSpace(drives: readonly { letter: string; freeMB: number }[]): { letter: string; freeMB: number } | undefined {
  let best: { letter: string; freeMB: number } | undefined;
  for (const d of drives) if (!best || d.freeMB > best.freeMB) best = d;
  return best;
}
