// Golden test over the whole corpus (../shared/corpus): for every file, the exact errors and warnings that
// `update-inf check --inf-only ../shared/corpus` reports, as "line code". microsoft/ holds genuine Microsoft
// packages that installed on real machines, one-core-api-extras/ community packages run by the same installer.
// Every finding listed is reviewed: each names a real defect of the file (a string defined nowhere under any
// spelling, a section that exists nowhere, a quote that breaks a command, a value the Setup API ignores), and the
// comment above the file says which. Anything else at warning or error level is a false alarm and fails the test;
// so does a finding listed here that disappears (then check that the defect is really gone from the rule's view).
// Information and hints are not pinned. A genuine file may have no error and no warning at all: it installed, so a
// finding on it is a false alarm unless it names a real, harmless oddity, and then it is at most information
// (shared/corpus/microsoft/README.md); those oddities are listed in comments below.
//
// A corpus file not listed (other genuine packages can be dropped into ../shared/corpus) must have no error, and a
// genuine one no warning either.
// Without ../shared the test skips with one line, except under CI=true where the corpus must be there.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { checkTree } from '../../server/src/package/check';
import { nodeFs } from '../../server/src/nodeFs';
import { CORPUS } from '../support/files';

const GOLDEN: Record<string, string[]> = {
  // 55: %KB_Release_Type% in Product.Add.Reg ([Strings] defines only KB_Release_Type_S), so the ReleaseType registry
  // value is the literal text: a real, harmless oddity, reported as information (undefined-string in a registry line).
  'microsoft/posready/windowsmedia-kb3067903-x86-ptb-wm10l/update/update.inf': [],
  'microsoft/posready/windowsmedia-kb3067903-x86-ptb-wm10l/update/update.ver': [],
  // Same %KB_Release_Type% as above (information).
  'microsoft/posready/windowsmedia-kb3067903-x86-ptb/update/update.inf': [],
  'microsoft/posready/windowsmedia-kb3067903-x86-ptb/update/update.ver': [],
  // Same %KB_Release_Type% as above (information).
  'microsoft/posready/windowsxp-windowsmedia-kb2845142-x86-ptb/update/update.inf': [],
  'microsoft/posready/windowsxp-windowsmedia-kb2845142-x86-ptb/update/update.ver': [],
  'microsoft/update-ver-only/windowsxp-kb2485663-x86-ptb/update/update.ver': [],
  'microsoft/update-ver-only/windowsxp-kb973904-x86-ptb/update/update.ver': [],
  'microsoft/update-ver-only/windowsxp-kb981997-x86-ptb/update/update.ver': [],
  // 18: SP2RTM="%SP2RTM_NAME%": every other branch has its NAME string, SP2RTM_NAME is defined nowhere, so the display
  // name of SP2RTM is the literal text. A real, harmless omission: information (a display name).
  'microsoft/ws2003-sp2-cd/update/branches.inf': [],
  // Real, harmless oddities, each reported as information (the corpus README: at most a hint or information on a genuine
  // file), so none is pinned here:
  // 5354, 7396: "Installed Components\\%GUID%" in Save.Reg/DelReg lines: GUID is defined nowhere under any spelling,
  //   so the key is literally named %GUID% (undefined-string in a registry line).
  // 23719-23721: [RestoreFiles.Uninstall] (copied into Spuninst.inf as [RestoreFiles]) deletes the lists
  //   AllUsersStartMenu.DelFiles and CommunicationsGroup.DelFiles, which exist in neither namespace: their
  //   [UninstallSections] pairs were written inside [AllUsersStartMenu.DelFiles.Uninstall] instead of
  //   [UninstallSections], so removal deletes nothing there (missing-section of a DelFiles= list).
  // 23930-23933: URTVERSION, URTVERSIONDIR, NETFX_SP_SHORT_TITLE, NETFX_SP_TITLE defined a second time with other
  //   values (.NET 1.0 SP3 after .NET 1.1 SP1): the Setup API keeps the first, the second lines are dead
  //   (duplicate-key in [Strings]).
  'microsoft/ws2003-sp2-cd/update/update.inf': [],
  'microsoft/ws2003-sp2-cd/update/update.ver': [],
  'microsoft/ws2003-sp2-cd/update/updatebr.inf': [],
  'microsoft/ws2003-sp2-cd/update/updtblk.inf': [],
  'one-core-api-extras/x86-system-infs/AmdPPM.inf': [],
  'one-core-api-extras/x86-system-infs/display.inf': [],
  'one-core-api-extras/x86-system-infs/dtecthal.inf': [],
  'one-core-api-extras/x86-system-infs/hdaudbus.inf': [],
  'one-core-api-extras/x86-system-infs/hdaudio.inf': [],
  'one-core-api-extras/x86-system-infs/machine.inf': [],
  'one-core-api-extras/x86-system-infs/srv2k3_srvdrvindex.inf': [],
  'one-core-api-extras/x86-system-infs/srv2k3_srvlayout.inf': [],
  'one-core-api-extras/x86-system-infs/storahci.inf': [],
  'one-core-api-extras/x86-system-infs/stornvme.inf': [],
  'one-core-api-extras/x86-system-infs/usbhub3.inf': [],
  'one-core-api-extras/x86-system-infs/usbxhci.inf': [],
  'one-core-api-extras/x86-system-infs/wdmaudio.inf': [],
  'one-core-api-extras/x86-system-infs/xpsp3_xpspdrvindex.inf': [],
  'one-core-api-extras/x86-system-infs/xpsp3_xpsplayout.inf': [],
  'one-core-api-extras/x86/2k3 to XP kernel Installer/update/update.ver': [],
  // 54, 134: CopyFiles= names lists that exist nowhere (CopyAlways.Cache.files, CoreDriverFiles).
  // (95-100: SP_TITLE_XP and PARENT_DISPLAY_NAME_XP are used but [Strings] defines only SP_TITLE / PARENT_DISPLAY_NAME:
  // registry text, information.)
  'one-core-api-extras/x86/2k3 to XP kernel Installer/update/update_WinXP.inf': ['54 missing-section', '134 missing-section'],
  'one-core-api-extras/x86/2k3 to XP kernel Installer/update/updatebr.inf': [],
  // 61, 64: CopyFiles= names System32.files and MustReplace.System32.files, which exist nowhere.
  'one-core-api-extras/x86/App Compat Installer/update/update.inf': ['61 missing-section', '64 missing-section'],
  'one-core-api-extras/x86/App Compat Installer/update/update.ver': [],
  'one-core-api-extras/x86/Branding Installer/update/update.ver': [],
  // CopyFiles= names Business.System32.files, Tablet.System32.files, MediaCenter.Windows.Cache.files: exist nowhere.
  'one-core-api-extras/x86/Branding Installer/update/update_lh.inf': ['70 missing-section', '85 missing-section', '94 missing-section'],
  // Same three missing lists as update_lh.inf.
  'one-core-api-extras/x86/Branding Installer/update/update_srv2k3.inf': ['73 missing-section', '88 missing-section', '97 missing-section'],
  // Same three missing lists as update_lh.inf.
  'one-core-api-extras/x86/Branding Installer/update/update_winxp.inf': ['73 missing-section', '88 missing-section', '97 missing-section'],
  // 8: default branch WinXPSP2 for XP SP2, but [SourceInfsBranches] links only SP1RC1, WinXPSP3, Srv2k3SP2, LH.
  'one-core-api-extras/x86/Branding Installer/update/updatebr.inf': ['8 updatebr-default-without-inf'],
  'one-core-api-extras/x86/D3D Native Installer/update/update.ver': [],
  // CopyFiles= names MustReplace.System32.files (twice), MustReplace.Windows.files, System32.files: exist nowhere.
  'one-core-api-extras/x86/D3D Native Installer/update/update_lh.inf': ['81 missing-section', '82 missing-section', '94 missing-section', '97 missing-section'],
  // Same missing lists as update_lh.inf.
  'one-core-api-extras/x86/D3D Native Installer/update/update_srv2k3.inf': ['75 missing-section', '76 missing-section', '88 missing-section', '91 missing-section'],
  // Same missing lists as update_lh.inf.
  'one-core-api-extras/x86/D3D Native Installer/update/update_winxp.inf': ['75 missing-section', '76 missing-section', '88 missing-section', '91 missing-section'],
  'one-core-api-extras/x86/D3D Native Installer/update/updatebr.inf': [],
  'one-core-api-extras/x86/Driver Installer/update/update.ver': [],
  // 171, 176: CopyFiles= names MustReplace.System32.files and CopyAlways.Drivers.files, which exist nowhere.
  'one-core-api-extras/x86/Driver Installer/update/update_lh.inf': ['171 missing-section', '176 missing-section'],
  // 140, 145: the same missing lists. 334, 361: AddReg-style lines with flags 0x10 in a DelReg section (Wine
  // ignores such DelReg flags), so those keys are not deleted on removal.
  'one-core-api-extras/x86/Driver Installer/update/update_srv2k3.inf': ['140 missing-section', '145 missing-section', '334 invalid-registry-flags', '361 invalid-registry-flags'],
  // Same as update_srv2k3.inf (one line earlier).
  'one-core-api-extras/x86/Driver Installer/update/update_winxp.inf': ['140 missing-section', '145 missing-section', '333 invalid-registry-flags', '360 invalid-registry-flags'],
  // 8: the same unlinked default branch WinXPSP2 as the Branding Installer.
  'one-core-api-extras/x86/Driver Installer/update/updatebr.inf': ['8 updatebr-default-without-inf'],
  'one-core-api-extras/x86/Modern Setup Installer/update/update.ver': [],
  // 4812, 4857, 4858: CopyFiles= names MustReplace.Windows.files, MediaCenter.System32.Cache.files and
  // MediaCenter.Windows.Cache.files, which exist nowhere. 5420: cmd.exe /C copy /y "%windir%\\...\\eula.txt" "...":
  // the line starts unquoted, so the INF parser drops the inner quotes and paths with spaces would break.
  'one-core-api-extras/x86/Modern Setup Installer/update/update_lh.inf': ['4812 missing-section', '4857 missing-section', '4858 missing-section', '5420 process-command-quoting'],
  // Same missing lists and the same partly quoted cmd.exe copy line as update_lh.inf.
  'one-core-api-extras/x86/Modern Setup Installer/update/update_lh_reset.inf': ['136 missing-section', '182 missing-section', '183 missing-section', '693 process-command-quoting'],
  // Same missing lists and the same partly quoted cmd.exe copy line as update_lh.inf.
  'one-core-api-extras/x86/Modern Setup Installer/update/update_srv2k3.inf': ['4827 missing-section', '4872 missing-section', '4873 missing-section', '5435 process-command-quoting'],
  // Same missing lists and the same partly quoted cmd.exe copy line as update_lh.inf.
  'one-core-api-extras/x86/Modern Setup Installer/update/update_winxp.inf': ['4812 missing-section', '4857 missing-section', '4858 missing-section', '5420 process-command-quoting'],
  'one-core-api-extras/x86/Modern Setup Installer/update/updatebr.inf': [],
  // (52, 53: FNTCACHESVC_DESCRIPTION and FNTCACHESVC_DISPLAY_NAME are used but defined nowhere, so the FontCache
  // service gets the literal tokens as description and display name: registry text, information.)
  'one-core-api-extras/x86/New Fonts Installer/update/update.inf': [],
  'one-core-api-extras/x86/New Fonts Installer/update/update.ver': [],
  'one-core-api-extras/x86/Win32ss 5048 Installer/update/update.ver': [],
  // 91, 94: CopyFiles= names Uniprocessor.Kernel.files and Multiprocessor.Kernel.files, which exist nowhere.
  'one-core-api-extras/x86/Win32ss 5048 Installer/update/update_srv2k3.inf': ['91 missing-section', '94 missing-section'],
  'one-core-api-extras/x86/Win32ss 5048 Installer/update/updatebr.inf': [],
};

describe('corpus: golden findings', function () {
  this.timeout(120000);
  before(function () {
    if (existsSync(CORPUS)) return;
    if (process.env.CI === 'true') throw new Error(`the corpus is missing: ${CORPUS} (CI=true needs ../shared)`);
    console.log(`    (skipped: no corpus at ${CORPUS})`);
    this.skip();
  });

  it('every corpus file reports exactly its reviewed errors and warnings, and no genuine file an error or a warning', () => {
    const found: Record<string, string[]> = {};
    const errors: Record<string, string[]> = {};
    for (const f of checkTree(nodeFs(CORPUS), '', { infOnly: true })) {
      const at = (start: number) => (f.doc ? f.doc.lines.positionAt(start).line : 0) + 1;
      const serious = f.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      found[f.path] = serious.map((d) => `${at(d.span.start)} ${d.code}`);
      errors[f.path] = serious.filter((d) => d.severity === 'error').map((d) => `${at(d.span.start)} ${d.code}`);
    }
    assert.ok(Object.keys(found).length >= 60, `corpus files checked: ${Object.keys(found).length}`);
    const problems: string[] = [];
    for (const [file, got] of Object.entries(found)) {
      if (got.length && file.startsWith('microsoft/')) problems.push(`${file}: errors or warnings on a genuine file ${got.join(', ')}`);
      const want = GOLDEN[file];
      if (want === undefined) {
        // A file this test does not know: it must at least have no error.
        if (errors[file].length) problems.push(`${file}: unexpected errors ${errors[file].join(', ')}`);
        continue;
      }
      const extra = got.filter((g) => !want.includes(g));
      const gone = want.filter((w) => !got.includes(w));
      if (extra.length) problems.push(`${file}: new findings (false alarms?) ${extra.join(', ')}`);
      if (gone.length) problems.push(`${file}: reviewed findings no longer reported ${gone.join(', ')}`);
    }
    for (const file of Object.keys(GOLDEN)) if (!(file in found)) problems.push(`${file}: listed here but not checked`);
    assert.deepEqual(problems, []);
  });
});
