// Branch names: the payload folders and update_<branch>.inf names of multi-branch packages, and what GDR,
// QFE and LDR mean. Sources: inf-facts.md 5.1, 5.7-5.9 (Branches.inf chain, KB 824994, blogs).

import { indexBy, Source } from './common';

export type BranchKind = 'GDR' | 'QFE' | 'pre-release' | 'RTM';

export interface BranchInfo {
  name: string;
  /** Service-pack milestone: 0 = RTM. */
  servicePack: number;
  kind: BranchKind;
  doc: string;
  source: Source;
}

const MILESTONES = [0, 1, 2, 3];

function milestone(sp: number): BranchInfo[] {
  const p = sp === 0 ? 'RTM' : `SP${sp}`;
  const on = sp === 0 ? 'the original release' : `Service Pack ${sp}`;
  return [
    { name: `${p}GDR`, servicePack: sp, kind: 'GDR', doc: `General-distribution files for systems on ${on}: broadly released fixes only (security and critical updates).`, source: 'inf-facts' },
    { name: `${p}QFE`, servicePack: sp, kind: 'QFE', doc: `Hotfix files for systems on ${on}: the GDR fixes plus every hotfix built since, also called LDR.`, source: 'inf-facts' },
  ];
}

export const BRANCHES: readonly BranchInfo[] = [
  ...MILESTONES.flatMap(milestone),
  { name: 'SP1BTA', servicePack: 1, kind: 'pre-release', doc: 'Service Pack 1 beta.', source: 'inf-facts' },
  { name: 'SP1RC1', servicePack: 1, kind: 'pre-release', doc: 'Service Pack 1 release candidate 1.', source: 'inf-facts' },
  { name: 'SP1RC2', servicePack: 1, kind: 'pre-release', doc: 'Service Pack 1 release candidate 2.', source: 'inf-facts' },
  { name: 'SP1RTM', servicePack: 1, kind: 'RTM', doc: 'Files as released in Service Pack 1.', source: 'inf-facts' },
  { name: 'SP2BTA', servicePack: 2, kind: 'pre-release', doc: 'Service Pack 2 beta.', source: 'inf-facts' },
  { name: 'SP2IDX', servicePack: 2, kind: 'pre-release', doc: 'Service Pack 2 interim build.', source: 'inf-facts' },
  { name: 'SP2RC1', servicePack: 2, kind: 'pre-release', doc: 'Service Pack 2 release candidate 1.', source: 'inf-facts' },
  { name: 'SP2RTM', servicePack: 2, kind: 'RTM', doc: 'Files as released in Service Pack 2.', source: 'inf-facts' },
];

const BY_NAME = indexBy(BRANCHES, (b) => b.name);

export function branchInfo(name: string): BranchInfo | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export const BRANCH_KIND_DOCS: Record<'GDR' | 'QFE' | 'LDR', string> = {
  GDR: 'General Distribution Release: the branch of broadly released fixes. A clean install or a service pack puts every file on it; security updates install their GDR copy there.',
  QFE: 'Quick Fix Engineering: the hotfix branch. Its files carry the GDR fixes plus hotfixes; once a hotfix moves a file to QFE, later packages install their QFE copy of it until the next service pack.',
  LDR: 'Limited Distribution Release: the later name for the QFE (hotfix) branch.',
};
