// Branch choice: the half of a dual-mode package (KB 328848) or the default branch of a multi-branch package
// (Updatebr.inf, Branches.inf; inf-facts 5.7-5.9). Rules: docs/simulation.md "Branch".

import { defaultBranchFor, UpdateInf } from '../../package/model';
import { branchLevel, versionNumber } from '../../package/versionRange';
import { InstallRun, Selection } from '../run';
import { defaultBranchRank } from '../version';

export function selectInf(run: InstallRun, primary: UpdateInf, isSp = false): Selection | undefined {
  const pkg = run.pkg;
  const os = run.state.os;
  const rankOf = (b: string): number | undefined => {
    if (pkg.branches && pkg.branches.order.length) {
      const i = pkg.branches.order.findIndex((x) => x.toLowerCase() === b.toLowerCase());
      if (i >= 0) return i;
      return undefined;
    }
    return defaultBranchRank(b);
  };
  if (pkg.layout === 'dual-mode') {
    const halves = pkg.dualMode?.halves ?? [];
    const wantSp1Half = os.major === 5 && os.minor === 1 && os.servicePack === 0;
    const half = halves.find((h) => h.folder.toLowerCase() === (wantSp1Half ? 'sp1' : 'sp2'));
    const inf = half && pkg.updateInfs.find((u) => u.file.half && u.file.half.toLowerCase() === half.folder.toLowerCase());
    if (!half || !inf) {
      run.fail('branch', 'dual-mode-half', 'KB 328848', 'STATUS_CANT_FIND_INF', [`the ${wantSp1Half ? 'SP1' : 'SP2'} half of the dual-mode package has no update\\update.inf`], 'Add SP1\\update\\update.inf and SP2\\update\\update.inf.');
      return undefined;
    }
    run.decide('branch', 'dual-mode-half', 'KB 328848; whitepaper "Migration"', `Dual-mode package: Xpsp1hfm picks the ${half.folder} half (${wantSp1Half ? 'files for Windows XP without a service pack' : 'files for Windows XP SP1'}).`, 'pass');
    return { inf, branch: null, infs: new Map(), rank: rankOf, half: half.folder };
  }
  if (pkg.layout !== 'multi-branch') {
    run.decide('branch', 'single-branch', 'whitepaper "Standard Package File Structure"', `Single-branch package: ${primary.file.path} drives the installation.`);
    return { inf: primary, branch: null, infs: new Map(), rank: rankOf };
  }
  const br = pkg.updatebr;
  if (!br) {
    run.fail('branch', 'updatebr-missing', 'whitepaper "Multi-Branch-Aware .inf Files"', 'STATUS_INVALID_UPDATEBR_INF', ['the package has branch INFs but no update\\updatebr.inf'], 'Add Updatebr.inf with [DefaultBranchesServicePacks] and [SourceInfsBranches].');
    return undefined;
  }
  if (!br.sourceInfs.length) {
    run.fail('branch', 'updatebr-no-sources', 'inf-facts 5.7', 'STATUS_INVALID_UPDATEBR_INF', ['[SourceInfsBranches] is missing or empty'], 'List each branch and its INF, e.g. SP2QFE="update\\update_SP2QFE.inf".');
    return undefined;
  }
  if (pkg.branches && pkg.branches.links.length && pkg.branches.order.length === 0) {
    run.fail('branch', 'branches-invalid', 'inf-facts 5.8', 'STATUS_INVALID_BRANCHES_INF', ['[FileBranchInfo] does not form a chain'], 'Write one line per branch, BRANCH = "%BRANCH_NAME%", NEXT-BRANCH, ending with a branch that names itself.');
    return undefined;
  }
  if (pkg.branches && pkg.branches.order.length) {
    // A chain that comes back to an earlier branch has no most cumulative end (inf-facts 5.8: the last entry names itself).
    const order = pkg.branches.order;
    const last = pkg.branches.links.find((l) => l.branch.toLowerCase() === order[order.length - 1].toLowerCase());
    const back = last?.next && last.next.toLowerCase() !== last.branch.toLowerCase() ? order.find((b) => b.toLowerCase() === last.next!.toLowerCase()) : undefined;
    if (last && back) {
      run.fail('branch', 'branches-cycle', 'inf-facts 5.8; Appendix E (STATUS_INVALID_BRANCHES_INF)', 'STATUS_INVALID_BRANCHES_INF', [`[FileBranchInfo] goes round in a circle: ${order.join(' -> ')} -> ${back}, so no branch is the most cumulative`], `End the chain with a branch that names itself, e.g. ${last.branch} = "%${last.branch}_NAME%", ${last.branch}.`);
      return undefined;
    }
  }
  const infs = new Map<string, UpdateInf>();
  for (const s of br.sourceInfs) {
    const u = s.resolved ? pkg.updateInfs.find((x) => x.file.path.toLowerCase() === s.resolved!.toLowerCase()) : undefined;
    if (u && !infs.has(s.branch.toLowerCase())) infs.set(s.branch.toLowerCase(), { ...u, branch: s.branch });
  }
  let branch: string | undefined;
  const forced = run.sw.arg('branch');
  if (forced) {
    const hit = br.sourceInfs.find((s) => s.branch.toLowerCase() === forced.toLowerCase());
    if (!hit) {
      run.fail('branch', 'branch-forced-unknown', 'inf-facts 5.2 (/B:)', 'STATUS_NO_BRANCH_AVAILABLE', [`/B:${forced} names no branch of [SourceInfsBranches] (${br.sourceInfs.map((s) => s.branch).join(', ')})`], 'Use one of those branch names.');
      return undefined;
    }
    branch = hit.branch;
    run.decide('branch', 'branch-forced', 'inf-facts 5.2, 5.9 (/B:)', `/B:${forced} forces branch ${branch}.`, 'pass');
  } else {
    const thisSp = isSp ? versionNumber(primary.file.doc, 'ThisServicePackVersion', run.language)?.n : undefined;
    const sp = branchLevel(isSp, thisSp, os.servicePack);
    const d = defaultBranchFor(br, os, sp)?.from;
    const empty = br.defaults.filter((x) => x.spLevel === sp && !x.branch.trim());
    if (empty.length) run.decide('branch', 'default-branch-empty', 'inf-facts 5.7; inferred (a line without a branch names none)', `[${empty[0].section}] has "${sp} =" with no branch name: the line names no branch and is skipped.`, 'warn');
    const levelWhy = isSp && thisSp !== undefined ? `service pack ${sp}, the level this service pack installs (ThisServicePackVersion ${thisSp})` : `service pack ${sp}, the system's`;
    if (!d) {
      run.fail('branch', 'no-default-branch', 'inf-facts 5.7; Appendix E', 'STATUS_NO_BRANCH_AVAILABLE', [`Updatebr.inf names no default branch for ${levelWhy}, on Windows ${os.major}.${os.minor}, nor for a lower level`], `Add "${sp}=<branch>" to [DefaultBranchesServicePacks] (or its .WinNt${os.major}${os.minor} section), naming the branch INF built for this system.`);
      return undefined;
    }
    branch = d.branch;
    run.decide('branch', 'default-branch', 'inf-facts 5.7; package/model.ts defaultBranchFor: the line with the highest level not above the one looked up, the OS-specific section first (inferred; docs/packages.md)' + (isSp ? '; a service pack looks up the level it installs (genuine package: Windows Server 2003 SP2)' : ''), `Default branch for ${levelWhy}: ${branch} (line "${d.spLevel}=${d.branch}" of [${d.section}]).`, 'pass');
  }
  const inf = infs.get(branch.toLowerCase());
  if (!inf) {
    const s = br.sourceInfs.find((x) => x.branch.toLowerCase() === branch!.toLowerCase());
    run.fail('branch', s ? 'branch-inf-missing' : 'branch-no-source-inf', 'inf-facts 5.7', s ? 'STATUS_INVALID_UPDATEBR_INF' : 'STATUS_NO_BRANCH_AVAILABLE', [s ? `[SourceInfsBranches] points ${branch} at ${s.infPath}, which is not in the package` : `branch ${branch} has no entry in [SourceInfsBranches]`], s ? 'Fix the path or add the INF.' : `Add ${branch}="update\\update_${branch}.inf" to [SourceInfsBranches].`);
    return undefined;
  }
  return { inf, branch, infs, rank: rankOf };
}
