import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { TextEdit } from '../../server/src/core/diagnostics';
import { checkDocument } from '../../server/src/checks/index';
import { documentSymbols, MAX_ENTRY_SYMBOLS, MAX_TOTAL_ENTRY_SYMBOLS } from '../../server/src/features/symbols';
import { foldingRanges } from '../../server/src/features/folding';
import { complete, CompletionEntry } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { definition, documentHighlights, prepareRename, references, rename } from '../../server/src/features/navigation';
import { codeActions } from '../../server/src/features/codeActions';
import { memoryFs } from '../../server/src/package/fsview';
import { discoverPackages, loadPackage } from '../../server/src/package/model';
import { makePackageCheckInfo } from '../../server/src/package/context';
import { nodeFs } from '../../server/src/nodeFs';
import { Span } from '../../server/src/core/text';
import { multiBranchPackage } from '../support/packages';
import { sharedOrSkip } from '../support/files';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'features');
const CORPUS_X86 = ['corpus', 'one-core-api-extras', 'x86'];

/** Text with «name» cursor markers: the text without them, and each marker's offset. */
function marked(src: string): { text: string; at: Record<string, number> } {
  const at: Record<string, number> = {};
  let text = '';
  let last = 0;
  const re = /«(\w*)»/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    text += src.slice(last, m.index);
    at[m[1] || '0'] = text.length;
    last = m.index + m[0].length;
  }
  text += src.slice(last);
  return { text, at };
}

function open(text: string, name = 'update.inf'): { doc: InfDocument; at: Record<string, number> } {
  const m = marked(text);
  return { doc: new InfDocument(name, m.text), at: m.at };
}

function fixture(file: string, name = file) {
  return open(readFileSync(join(FIXTURES, file), 'utf8'), name);
}

function labels(items: CompletionEntry[]): string[] {
  return items.map((i) => i.label);
}

/** Completion at the «» marker of an inline text. */
function completeAt(src: string, name = 'update.inf') {
  const { doc, at } = open(src, name);
  return { doc, items: complete(doc, at['0']), offset: at['0'] };
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function slice(doc: InfDocument, s: { start: number; end: number }): string {
  return doc.text.slice(s.start, s.end);
}

describe('features', () => {
  describe('document symbols', () => {
    it('lists every section with its entries as children, strings as string symbols', () => {
      const { doc } = fixture('update.inf');
      const syms = documentSymbols(doc);
      assert.deepEqual(syms.slice(0, 3).map((s) => s.name), ['Version', 'Configuration', 'ProductInstall.CopyFilesAlways']);
      const version = syms[0];
      assert.equal(version.kind, 'section');
      assert.equal(slice(doc, version.selectionSpan), 'Version');
      assert.deepEqual(version.children.slice(0, 2).map((c) => [c.name, c.kind, c.detail]), [
        ['Signature', 'key', '$Windows NT$'],
        ['NtBuildToUpdate', 'key', '2600'],
      ]);
      const strings = syms.find((s) => s.name === 'Strings')!;
      assert.ok(strings.children.every((c) => c.kind === 'string'));
      const files = syms.find((s) => s.name === 'System32.Files')!;
      assert.equal(files.children[0].kind, 'entry');
      assert.equal(files.children[0].name, 'kernel32.dll,SP2QFE\\kernel32.dll,,8');
    });

    it('lists each occurrence of a section written twice, marked as merged', () => {
      const { doc } = open('[A.Files]\nx.dll\n[B]\nk=v\n[a.files]\ny.dll\n');
      const syms = documentSymbols(doc);
      assert.deepEqual(syms.map((s) => [s.name, s.detail]), [
        ['A.Files', 'part 1 of 2 (merged)'],
        ['B', undefined],
        ['a.files', 'part 2 of 2 (merged)'],
      ]);
    });

    it('outlines a 650 KB corpus INF (update_winxp.inf): every entry, except in sections too long to list', function () {
      const text = readFileSync(sharedOrSkip(this, ...CORPUS_X86, 'Modern Setup Installer', 'update', 'update_winxp.inf'), 'utf8');
      const doc = new InfDocument('update_winxp.inf', text);
      const syms = documentSymbols(doc);
      assert.equal(syms.length, doc.parse.sections.length);
      assert.deepEqual(syms.slice(0, 3).map((s) => s.name), ['Version', 'Configuration', 'Prerequisite']);
      doc.parse.sections.forEach((node, i) => {
        if (node.entries.length > MAX_ENTRY_SYMBOLS) {
          assert.equal(syms[i].children.length, 0, node.name);
          assert.match(syms[i].detail ?? '', new RegExp(`^${node.entries.length} entries, not listed`));
        } else assert.equal(syms[i].children.length, node.entries.length, node.name);
      });
      assert.ok(doc.parse.sections.some((n) => n.entries.length > MAX_ENTRY_SYMBOLS), 'the corpus file has a long file list');
      assert.ok(syms.some((s) => s.children.length > 50), 'sections of a few hundred entries are listed in full');
    });
  });

  describe('outline of a very large file', () => {
    it('lists the lines of the smaller sections only, at most MAX_TOTAL_ENTRY_SYMBOLS in all: genuine SP2 update.inf', function () {
      const text = readFileSync(sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd', 'update', 'update.inf'), 'latin1');
      const doc = new InfDocument('update.inf', text);
      const syms = documentSymbols(doc);
      // Every one of the file's 1,087 section headers (grep -c '^\[') stays in the outline, in file order.
      assert.equal(syms.length, 1087);
      assert.equal(syms[0].name, 'Version');
      // [Version] (its 16 key lines) is small: listed line by line.
      assert.equal(syms[0].children.length, 16);
      const listed = syms.reduce((n, x) => n + x.children.length, 0);
      assert.ok(listed <= MAX_TOTAL_ENTRY_SYMBOLS && listed > MAX_TOTAL_ENTRY_SYMBOLS / 2, `${listed} lines listed`);
      // One size separates the sections listed line by line from those given by count: no section is listed while
      // a smaller one is not.
      let largestListed = 0;
      let smallestCounted = Infinity;
      doc.parse.sections.forEach((node, i) => {
        if (syms[i].children.length > 0) largestListed = Math.max(largestListed, node.entries.length);
        else if (node.entries.length > 0) {
          smallestCounted = Math.min(smallestCounted, node.entries.length);
          assert.match(syms[i].detail ?? '', new RegExp(`^${node.entries.length} entries, not listed`));
        }
      });
      assert.ok(largestListed < smallestCounted, `listed up to ${largestListed}, counted from ${smallestCounted}`);
    });

    it('lists every line of a file under the budget, and gives same-size sections alike when over it', () => {
      const section = (name: string, n: number) => `[${name}]\n` + Array.from({ length: n }, (_, i) => `f${i}.dll\n`).join('');
      const small = new InfDocument('a.inf', section('A', 3) + section('B', 900));
      assert.deepEqual(documentSymbols(small).map((x) => x.children.length), [3, 900]);
      // 3 + 6 x 900 lines is over the budget: the 900-line sections are all given by count, the 3-line one listed.
      const big = new InfDocument('a.inf', section('A', 3) + ['B', 'C', 'D', 'E', 'F', 'G'].map((n) => section(n, 900)).join(''));
      const syms = documentSymbols(big);
      assert.deepEqual(syms.map((x) => x.children.length), [3, 0, 0, 0, 0, 0, 0]);
      assert.match(syms[1].detail ?? '', /^900 entries, not listed/);
    });
  });

  describe('folding', () => {
    it('folds each section and blocks of whole-line comments', () => {
      const { doc } = fixture('update.inf');
      const ranges = foldingRanges(doc);
      assert.deepEqual(ranges[0], { startLine: 0, endLine: 2, kind: 'comment' });
      assert.ok(ranges.some((r) => r.startLine === 3 && r.endLine === 10 && r.kind === 'region'), JSON.stringify(ranges.slice(0, 4)));
      assert.ok(!ranges.some((r) => r.endLine <= r.startLine));
    });

    it('folds an entry continued over several lines, and nothing for one-line sections', () => {
      const { doc } = open('[A]\n[B]\nx = a, \\\n    b, \\\n    c\n');
      assert.deepEqual(foldingRanges(doc), [
        { startLine: 1, endLine: 4, kind: 'region' },
        { startLine: 2, endLine: 4 },
      ]);
    });
  });

  describe('completion', () => {
    it('offers, in a header, sections named elsewhere but missing first, then installer sections not yet written', () => {
      const { items } = completeAt('[Version]\nSignature="$Windows NT$"\n[ProductInstall.CopyFilesAlways]\nCopyFiles = New.Files\n[«»');
      const ls = labels(items);
      const first = items.find((i) => i.label === 'New.Files')!;
      assert.equal(first.sortText?.[0], '0');
      assert.equal(first.insertText, 'New.Files]');
      assert.ok(ls.includes('Configuration'));
      assert.ok(ls.includes('ProductInstall.ReplaceFilesIfExist'));
      assert.ok(!ls.includes('Version'), 'an existing section is not offered again');
      assert.ok(!ls.includes('ProductInstall.CopyFilesAlways'));
    });

    it('replaces the partial name in a header that already has its closing bracket', () => {
      const { items, doc } = completeAt('[Prod«»uctInstall]\n');
      const item = items.find((i) => i.label === 'ProductInstall.CopyFilesAlways')!;
      assert.equal(item.insertText, 'ProductInstall.CopyFilesAlways');
      assert.equal(slice(doc, item.replaceSpan!), 'ProductInstall');
    });

    it('offers the keys of [Version] that are not written yet, with their documentation', () => {
      const { items } = completeAt('[Version]\nSignature = "$Windows NT$"\nNt«»\n');
      const ls = labels(items);
      assert.ok(ls.includes('NtBuildToUpdate') && ls.includes('MinNtServicePackVersion'));
      assert.ok(!ls.includes('Signature'), 'a key read once and already present is not offered');
      assert.ok(!ls.includes('InstallationType'), 'a [Configuration] key is not offered in [Version]');
      const k = items.find((i) => i.label === 'NtBuildToUpdate')!;
      assert.equal(k.kind, 'key');
      assert.equal(k.insertText, 'NtBuildToUpdate = ');
      assert.match(k.documentation!, /2600/);
    });

    it('after CopyFiles= offers only file lists, after AddReg= only registry lists', () => {
      const base = '[ProductInstall.CopyFilesAlways]\nCopyFiles = «c»\nAddReg = «a»\n[DestinationDirs]\nSys.Files = 11\n[Sys.Files]\nx.dll\n[Other.Files]\ny.dll,SP2QFE\\y.dll\n[Product.Add.Reg]\nHKLM,"SOFTWARE\\X","V",0x10001,1\n';
      const { doc, at } = open(base);
      const files = labels(complete(doc, at.c));
      assert.deepEqual(files.sort(), ['Other.Files', 'Sys.Files']);
      const regs = labels(complete(doc, at.a));
      assert.deepEqual(regs, ['Product.Add.Reg']);
    });

    it('completes condition= with the op types, then condition sections', () => {
      const { doc, at } = open('[Prerequisite]\ncondition = «op»\ncondition = SingleOp, «sec»\n[Check.Section]\nEqualOp = CheckReg,HKLM,"SOFTWARE\\X",V,0x10001,==,1\n[A.Files]\nx.dll\n');
      // CompositeOp: `condition = CompositeOp, OrOp, SpUpdSvcBlock.Section` (Windows Server 2003 SP2 update.inf).
      assert.deepEqual(labels(complete(doc, at.op)), ['SingleOp', 'AndOp', 'OrOp', 'CompositeOp']);
      assert.deepEqual(labels(complete(doc, at.sec)), ['Check.Section']);
    });

    it('completes %strkey% names inside percent signs, adding the closing one', () => {
      const { items, doc, offset } = completeAt('[A]\nx = "%SP_«»\n[Strings]\nSP_SHORT_TITLE = "KB123456"\nOther = 1\n');
      const item = items.find((i) => i.label === 'SP_SHORT_TITLE')!;
      assert.equal(item.kind, 'string');
      assert.equal(item.insertText, 'SP_SHORT_TITLE%');
      assert.deepEqual(item.replaceSpan, { start: offset - 3, end: offset });
      assert.match(item.detail!, /KB123456/);
      assert.ok(labels(items).includes('SP_TITLE'), 'installer strings not yet defined are offered too');
      assert.equal(doc.text[item.replaceSpan!.start - 1], '%');
    });

    it('does not add a closing percent sign when one follows', () => {
      const { items } = completeAt('[A]\nx = %Oth«»%\n[Strings]\nOther = 1\n');
      assert.equal(items.find((i) => i.label === 'Other')!.insertText, 'Other');
    });

    it('offers DIRIDs with their paths in [DestinationDirs]', () => {
      const { items } = completeAt('[DestinationDirs]\nA.Files = «»\n');
      const d11 = items.find((i) => i.label === '11')!;
      assert.equal(d11.kind, 'dirid');
      assert.equal(d11.detail, '%SystemRoot%\\system32');
      assert.ok(items.find((i) => i.label === '65619')!.detail!.includes('dllcache'));
    });

    it('offers the file lists that have no [DestinationDirs] entry as keys there', () => {
      const { items } = completeAt('[ProductInstall.CopyFilesAlways]\nCopyFiles = A.Files, B.Files\n[DestinationDirs]\nA.Files = 11\n«»\n[A.Files]\nx.dll\n[B.Files]\ny.dll\n');
      const ls = labels(items);
      assert.ok(ls.includes('B.Files') && ls.includes('DefaultDestDir'));
      assert.ok(!ls.includes('A.Files'));
    });

    it('offers registry roots and flag words in registry lists', () => {
      const src = '[ProductInstall.GlobalRegistryChanges.Install]\nAddReg = R\n[R]\n«root»\nHKLM,"SOFTWARE\\X","V",«flags»\n';
      const { doc, at } = open(src);
      const roots = complete(doc, at.root);
      assert.deepEqual(labels(roots).sort(), ['HKCR', 'HKCU', 'HKLM', 'HKR', 'HKU']);
      const flags = complete(doc, at.flags);
      const dword = flags.find((i) => i.label === '0x00010001')!;
      assert.match(dword.detail!, /REG_DWORD/);
      assert.ok(flags.some((i) => i.detail === 'FLG_ADDREG_NOCLOBBER'));
    });

    it('offers the values of an enum key and OS builds with their names', () => {
      assert.deepEqual(labels(completeAt('[Configuration]\nInstallationType = «»\n').items), ['Hotfix', 'ServicePack', 'Update']);
      const builds = completeAt('[Version]\nNtBuildToUpdate = «»\n').items;
      assert.equal(builds.find((i) => i.label === '2600')!.detail, 'Windows XP');
      const sps = completeAt('[Version]\nMinNtServicePackVersion = «»\n').items;
      assert.equal(sps.find((i) => i.label === '512')!.detail, 'Service Pack 2');
    });

    it('offers SP_COPY_* names after a | in CopyFlags=, replacing only the word after it', () => {
      const src = '[DirectoryId.Include]\nAddDirId = RIS.DirId\n[RIS.DirId]\nDirId = 65625\nCopyFlags = SP_COPY_FORCE_NEWER|SP_COPY_RE«»\n';
      const { items, doc } = completeAt(src);
      const item = items.find((i) => i.label === 'SP_COPY_REPLACEONLY')!;
      assert.equal(item.kind, 'flag');
      assert.equal(slice(doc, item.replaceSpan!), 'SP_COPY_RE');
    });

    it('offers the checks and their registry arguments in a condition section', () => {
      const { doc, at } = open('[Prerequisite]\ncondition = SingleOp, C.Section\n[C.Section]\nEqualOp = «check»\nNotPresentOp = CheckReg, «root»\n');
      assert.ok(labels(complete(doc, at.check)).includes('CheckReg'));
      assert.ok(labels(complete(doc, at.root)).includes('HKLM'));
      assert.ok(labels(completeAt('[Prerequisite]\ncondition = SingleOp, C.Section\n[C.Section]\n«»\n').items).includes('EqualOp'));
    });

    it('offers branch names in Updatebr.inf, the package\'s first', () => {
      const { doc, at } = open('[DefaultBranchesServicePacks]\n2 = «v»\n[SourceInfsBranches]\nMyBranch = "update\\update_MyBranch.inf"\n«k»\n', 'updatebr.inf');
      const vals = complete(doc, at.v);
      assert.equal(vals[0].label, 'MyBranch');
      assert.ok(labels(vals).includes('SP2QFE'));
      assert.equal(vals.find((i) => i.label === 'SP2QFE')!.kind, 'branch');
      const keys = complete(doc, at.k, { pkg: { updatebr: { sourceInfs: [{ branch: 'PkgBranch' }] } } });
      assert.equal(keys[0].label, 'PkgBranch');
      assert.equal(keys[0].insertText, 'PkgBranch = "update\\update_PkgBranch.inf"');
    });

    it('offers the [Version] keys in Updatebr.inf and the next branch in Branches.inf', () => {
      assert.ok(labels(completeAt('[Version]\n«»\n', 'updatebr.inf').items).includes('Signature'));
      const { doc, at } = open('[FileBranchInfo]\nRTMGDR = "%RTMGDR_NAME%", «»\nRTMQFE = "%RTMQFE_NAME%", RTMQFE\n', 'branches.inf');
      const ls = labels(complete(doc, at['0']));
      assert.deepEqual(ls.slice(0, 2), ['RTMGDR', 'RTMQFE']);
    });

    it('offers strings used but not defined first when writing a [Strings] key', () => {
      const { items } = completeAt('[Configuration]\nInstallLogFileName = %MyLog%.log\n[Strings]\n«»\n');
      assert.equal(items[0].label, 'MyLog');
      assert.ok(labels(items).includes('SP_SHORT_TITLE'));
    });

    it('offers nothing in a comment, after a header, or before the first section', () => {
      assert.deepEqual(completeAt('[Version]\n; Nt«»\n').items, []);
      assert.deepEqual(completeAt('[Version] «»\n').items, []);
      assert.deepEqual(completeAt('Nt«»\n[Version]\n').items, []);
    });

    it('offers nothing with the cursor before a header\'s bracket (an item\'s range must hold the cursor)', () => {
      // LSP: a completion item's edit range is one line and contains the position asked at. Before "[" the name's
      // range starts after the cursor; the corpus sweep below found this at the start of every header line.
      assert.deepEqual(completeAt('[Version]\nSignature = "$Windows NT$"\n«»[Strings]\n').items, []);
      assert.deepEqual(completeAt('«»[Version]\n').items, []);
      assert.deepEqual(completeAt('[Version]\n  «»[Strings]\n').items, []);
      // One character later the header's name is completed, with a range that holds the cursor.
      const { items, offset } = completeAt('[Version]\nSignature = "$Windows NT$"\n[«»Strings]\n');
      assert.ok(items.length > 0);
      for (const i of items) assert.ok(i.replaceSpan!.start <= offset && offset <= i.replaceSpan!.end, i.label);
    });
  });

  describe('hover', () => {
    const f = () => fixture('update.inf');

    it('explains encoded numbers: builds, service-pack levels and registry flag words', () => {
      const { doc, at } = f();
      assert.match(hover(doc, at.build)!.markdown, /2600\*\* = Windows XP/);
      assert.match(hover(doc, at.sp)!.markdown, /512\*\* = Service Pack 2/);
      const flags = hover(doc, at.regflag)!;
      assert.match(flags.markdown, /REG_DWORD/);
      assert.equal(slice(doc, flags.span), '0x00010001');
    });

    it('says a service-pack value that is not a multiple of 256 is suspicious', () => {
      const { doc, at } = open('[Version]\nMinNtServicePackVersion = 5«»00\n');
      assert.match(hover(doc, at['0'])!.markdown, /not a multiple of 256; Service Pack 1 is 256/);
    });

    it('shows a %strkey%\'s resolved value and where it is defined', () => {
      const { doc, at } = f();
      const h = hover(doc, at.ref)!;
      assert.equal(slice(doc, h.span), '%SP_SHORT_TITLE%');
      assert.match(h.markdown, /= `KB828750`/);
      const line = doc.text.slice(0, doc.text.indexOf('SP_SHORT_TITLE = ')).split('\n').length;
      assert.match(h.markdown, new RegExp(`Defined in \\[Strings\\], line ${line}\\.`));
      assert.match(h.markdown, /Read by the installer/);
    });

    it('lists the other languages that define a string', () => {
      const { doc, at } = f();
      assert.match(hover(doc, at.sptitle)!.markdown, /\[Strings\.0407\] line \d+: `Windows XP Hotfix \(deutsch\)/);
    });

    it('shows what a section is, who names it and where its files go', () => {
      const { doc, at } = f();
      const h = hover(doc, at.header)!;
      assert.equal(slice(doc, h.span), 'System32.Files');
      assert.match(h.markdown, /Named by `CopyFiles=` in \[ProductInstall\.CopyFilesAlways\] \(line \d+\)\./);
      // The [DestinationDirs] line that places it is said apart: "listed in", not "named by".
      assert.match(h.markdown, /\n\nListed in \[DestinationDirs\] \(line \d+\)\./);
      assert.doesNotMatch(h.markdown, /Named by listed/);
      assert.match(h.markdown, /%SystemRoot%\\system32/);
      const viaRef = hover(doc, at.copyref)!;
      assert.equal(slice(doc, viaRef.span), 'System32.Files');
      assert.match(viaRef.markdown, /\*\*\[System32\.Files\]\*\*/);
    });

    it('reads an Update.ver line field by field', () => {
      // A line of the genuine Windows Server 2003 SP2 update.ver; the whitepaper: Update.ver "describes the version,
      // size, and hash information" of the package's newer files. 000500020ECE0F77 is 0005.0002.0ECE.0F77 in hex words.
      const text = '[SourceFileInfo]\r\nacpi.sys=A0A8E4A5FDA34DBB1C5F0B2A4E1F4BDB,000500020ECE0F77,194048,SP2RTM,80DE4BDB\r\n';
      const doc = new InfDocument('file:///pkg/update/update.ver', text);
      for (const at of [text.indexOf('acpi'), text.indexOf('0005'), text.indexOf('194048'), text.indexOf('80DE')]) {
        const h = hover(doc, at + 1)!;
        assert.match(h.markdown, /\*\*acpi\.sys\*\* — Update\.ver entry/);
        assert.match(h.markdown, /version \*\*5\.2\.3790\.3959\*\*/);
        assert.match(h.markdown, /size 194,048 bytes/);
        assert.match(h.markdown, /branch \*\*SP2RTM\*\*/);
      }
    });

    it('documents installer sections, keys and directives', () => {
      const { doc, at } = open('[Product«s»Install.CopyFilesAlways]\nCopy«d»Files = A.Files\n[Version]\nSig«k»nature = "$Windows NT$"\n');
      assert.match(hover(doc, at.s)!.markdown, /read by the installer/);
      assert.match(hover(doc, at.d)!.markdown, /\*\*CopyFiles=\*\* — directive/);
      assert.match(hover(doc, at.k)!.markdown, /\*\*Signature\*\*.*required/);
    });

    it('explains DIRIDs, copy flags, branch folders and KB numbers', () => {
      const { doc, at } = f();
      assert.match(hover(doc, at.dirid)!.markdown, /DIRID `DIRID_SYSTEM`[\s\S]*%SystemRoot%\\system32/);
      assert.match(hover(doc, at.copyflg)!.markdown, /COPYFLG_FORCE_FILE_IN_USE/);
      const br = hover(doc, at.branch)!;
      assert.equal(slice(doc, br.span), 'SP2QFE');
      assert.match(br.markdown, /Service Pack 2/);
      const kb = hover(doc, at.kb)!;
      assert.equal(slice(doc, kb.span), 'KB828750');
      assert.match(kb.markdown, /Knowledge Base article 828750/);
    });

    it('explains the check of a condition line and a numeric %dirid% reference', () => {
      const { doc, at } = open('[C]\nEqualOp = Check«c»Reg,HKLM,"X",V,0x1«t»0001,==,1\n[D]\nx = %1«d»1%\\a.dll\n');
      assert.match(hover(doc, at.c)!.markdown, /\*\*CheckReg\*\*/);
      assert.match(hover(doc, at.t)!.markdown, /REG_DWORD/);
      assert.match(hover(doc, at.d)!.markdown, /DIRID_SYSTEM/);
    });

    it('explains the signature and a [SourceDisksFiles] line (branch folder and source disk)', () => {
      const { doc, at } = open('[Version]\nSignature = "$Windows«sig» NT$"\n[SourceDisksNames]\n1 = "Hotfix files"\n[SourceDisksFiles]\nSP2G«f»DR\\x.dll = 1\n');
      assert.match(hover(doc, at.sig)!.markdown, /every update package uses/);
      const h = hover(doc, at.f)!;
      assert.equal(slice(doc, h.span), 'SP2GDR\\x.dll');
      assert.match(h.markdown, /`SP2GDR` folder[\s\S]*source disk 1 \(`Hotfix files`\)[\s\S]*General-distribution/);
    });

    it('does not call a section of a generic INF an installer section', () => {
      const { doc, at } = open('[Ver«v»sion]\nSignature="$Windows NT$"\n[Product«p»Install.CopyFilesAlways]\nCopyFiles=A\n', 'oem.inf');
      const v = hover(doc, at.v)!.markdown;
      assert.ok(!v.includes('read by the installer'), v);
      assert.match(v, /Which Windows versions/);
      assert.ok(!hover(doc, at.p)!.markdown.includes('read by the installer'));
    });

    it('has nothing to say in comments or on unknown text', () => {
      const { doc, at } = open('; a comment «c»here\n[Custom]\nfoo = b«v»ar\n');
      assert.equal(hover(doc, at.c), undefined);
      assert.equal(hover(doc, at.v), undefined);
    });
  });

  describe('navigation', () => {
    it('goes from a directive\'s value to the section header (case-insensitively)', () => {
      const { doc, at } = f2();
      const defs = definition(doc, at.copyref);
      assert.equal(defs.length, 1);
      assert.equal(defs[0].uri, 'update.inf');
      assert.equal(slice(doc, defs[0].span), 'System32.Files');
      // The lower-case [DestinationDirs] key resolves to the same section.
      const viaDest = definition(doc, doc.text.indexOf('system32.files') + 2);
      assert.deepEqual(viaDest, defs);
    });

    it('goes from %strkey% to its definitions, [Strings] first', () => {
      const { doc, at } = f2();
      const defs = definition(doc, at.strref);
      assert.equal(defs.length, 1);
      assert.equal(slice(doc, defs[0].span), 'NotOnAC');
      const multi = open('[A]\nx = %T«»%\n[Strings.0407]\nT = de\n[Strings]\nT = en\n');
      const d2 = definition(multi.doc, multi.at['0']);
      assert.deepEqual(d2.map((l) => multi.doc.text.slice(l.span.start, l.span.end + 5)), ['T = en', 'T = de']);
    });

    it('finds every reference to a section, with or without its header', () => {
      const { doc, at } = f2();
      const refs = references(doc, at.header, false);
      assert.deepEqual(refs.map((r) => slice(doc, r.span)), ['System32.Files', 'system32.files']);
      const withDecl = references(doc, at.header, true);
      assert.equal(withDecl.length, 3);
      assert.ok(withDecl[0].span.start < withDecl[1].span.start && withDecl[1].span.start < withDecl[2].span.start);
    });

    it('finds every use of a string key and highlights definition and uses', () => {
      const { doc, at } = f2();
      const refs = references(doc, at.ref, true);
      assert.equal(refs.length, 6); // CatalogFile, three [Configuration] names, the registry line, the definition
      assert.ok(refs.every((r) => /^%?SP_SHORT_TITLE%?$/.test(slice(doc, r.span))));
      const hl = documentHighlights(doc, at.ref);
      assert.equal(hl.filter((h) => h.kind === 'write').length, 1);
      assert.equal(hl.filter((h) => h.kind === 'read').length, 5);
    });

    it('renames a section at its header and every reference', () => {
      const { doc, at } = f2();
      assert.deepEqual(prepareRename(doc, at.copyref), { span: { start: doc.text.indexOf('System32.Files'), end: doc.text.indexOf('System32.Files') + 14 }, placeholder: 'System32.Files' });
      const r = rename(doc, at.copyref, 'Sys32.Files');
      assert.ok('edits' in r, JSON.stringify(r));
      const text = applyEdits(doc.text, r.edits);
      assert.match(text, /CopyFiles = Sys32\.Files, DllCache\.Files/);
      assert.match(text, /\nSys32\.Files = 11/);
      assert.match(text, /\[Sys32\.Files\]/);
      const after = checkDocument(new InfDocument('update.inf', text));
      assert.ok(!after.some((d) => d.code === 'missing-section'), JSON.stringify(after.filter((d) => d.code === 'missing-section')));
    });

    it('renames a string key and keeps the percent signs of its uses', () => {
      const { doc, at } = f2();
      const r = rename(doc, at.strref, 'ACPowerMessage');
      assert.ok('edits' in r);
      const text = applyEdits(doc.text, r.edits);
      assert.match(text, /Display_String = "%ACPowerMessage%"/);
      assert.match(text, /\nACPowerMessage = "Connect/);
      assert.ok(!/NotOnAC/.test(text));
    });

    it('refuses invalid and colliding names, and names the installer reads, with a message', () => {
      const { doc, at } = f2();
      assert.match((rename(doc, at.copyref, 'Two Words') as { error: string }).error, /blanks/);
      assert.match((rename(doc, at.copyref, 'dllcache.files') as { error: string }).error, /already exists/);
      assert.match((rename(doc, at.copyref, '') as { error: string }).error, /empty/);
      assert.match((rename(doc, at.ref, 'MY_TITLE') as { error: string }).error, /installer reads the string SP_SHORT_TITLE/);
      const v = open('[Ver«»sion]\nSignature="$Windows NT$"\n');
      assert.match((prepareRename(v.doc, v.at['0']) as { error: string }).error, /installer reads \[Version\]/);
      assert.match((prepareRename(doc, at.build) as { error: string }).error, /Only section names and string keys/);
    });

    it('resolves a Spuninst.inf name from [UninstallSections] to the section copied under it', () => {
      const { doc, at } = open('[UninstallSections]\nMy.Reg, My.Reg.Uninstall\n[GlobalRegistryChanges.UnInstall]\nAddReg = My.R«»eg\n[My.Reg.Uninstall]\nHKLM,"SOFTWARE\\X","V",0x10001,1\n');
      const defs = definition(doc, at['0']);
      assert.deepEqual(defs.map((l) => slice(doc, l.span)), ['My.Reg.Uninstall']);
      assert.match(hover(doc, at['0'])!.markdown, /copies \[My\.Reg\.Uninstall\] of this file there/);
      const r = rename(doc, doc.text.indexOf('[My.Reg.Uninstall]') + 2, 'My.Reg.Remove');
      assert.ok('edits' in r, JSON.stringify(r));
      assert.match(applyEdits(doc.text, r.edits), /My\.Reg, My\.Reg\.Remove\n[\s\S]*\[My\.Reg\.Remove\]/);
    });

    it('refuses to rename a section named through a %strkey%', () => {
      const { doc, at } = open('[P]\nCopyFiles = %LIST%\n[My«».Files]\nx.dll\n[Strings]\nLIST = My.Files\n');
      const r = rename(doc, at['0'], 'Other.Files');
      assert.match((r as { error: string }).error, /through a %strkey%/);
    });

    function f2() {
      return fixture('update.inf');
    }
  });

  describe('code actions', () => {
    it('turns the fixes of the diagnostics under the cursor into quick fixes', () => {
      const { doc, at } = open('[Version]\nSignature = "$Windows NT$"\n[ProductInstall.CopyFilesAlways]\nCopyFiles = Gone.Fi«c»les\n[A]\nx = %NO«s»PE%\n[Strings]\nOK = 1\n');
      const diags = checkDocument(doc);
      const atSection = codeActions(doc, diags, { start: at.c, end: at.c });
      assert.deepEqual(atSection.map((a) => a.title), ['Create section [Gone.Files]']);
      assert.equal(atSection[0].kind, 'quickfix');
      assert.equal(atSection[0].diagnostics[0].code, 'missing-section');
      const fixed = applyEdits(doc.text, atSection[0].edits);
      assert.ok(!checkDocument(new InfDocument('update.inf', fixed)).some((d) => d.code === 'missing-section'));
      const atString = codeActions(doc, diags, { start: at.s, end: at.s });
      assert.equal(atString.length, 1);
      assert.equal(atString[0].preferred, true);
      assert.match(applyEdits(doc.text, atString[0].edits), /\[Strings\]\nOK = 1\nNOPE = ""/);
    });

    it('merges the same fix offered by several diagnostics and skips diagnostics outside the range or of other files', () => {
      const { doc } = open('[A]\nx = %NOPE%\ny = %NOPE%\n[Strings]\nOK = 1\n');
      const diags = checkDocument(doc).filter((d) => d.code === 'undefined-string');
      assert.equal(diags.length, 2);
      const all = codeActions(doc, diags, { start: 0, end: doc.text.length });
      assert.equal(all.length, 1);
      assert.equal(all[0].diagnostics.length, 2);
      const firstLine = codeActions(doc, diags, { start: 0, end: 4 });
      assert.equal(firstLine.length, 0);
      const other = codeActions(doc, diags.map((d) => ({ ...d, uri: 'other.inf' })), { start: 0, end: doc.text.length });
      assert.equal(other.length, 0);
    });
  });

  describe('with a package context', () => {
    const pkg = () => loadPackage(memoryFs(multiBranchPackage()), '');

    it('adds the payload file of a copy-list line to the hover', () => {
      const p = pkg();
      const doc = p.document('update/update_SP2QFE.inf')!.doc;
      const offset = doc.text.indexOf('SP2QFE\\msi.dll') + 8;
      const h = hover(doc, offset, { pkg: p, path: 'update/update_SP2QFE.inf' })!;
      assert.match(h.markdown, /\*\*In the package\*\*/);
      assert.match(h.markdown, /File version: 3\.1\.4000\.2440/);
      assert.match(h.markdown, /Payload: SP2QFE\\\\msi\.dll/);
      assert.equal(hover(doc, offset)?.markdown.includes('In the package') ?? false, false, 'nothing of the package without a context');
    });

    it('adds a branch\'s place in the Branches.inf order to the hover in Updatebr.inf', () => {
      const p = pkg();
      const doc = p.updatebr!.file.doc;
      const offset = doc.text.indexOf('2 = SP2GDR') + 6;
      const h = hover(doc, offset, { pkg: p, file: { path: p.updatebr!.file.path } })!;
      assert.match(h.markdown, /SP2GDR: 5 of 6 in the Branches\.inf precedence order/);
    });

    it('goes from an Updatebr.inf branch to its [SourceInfsBranches] line and from a path to the file', () => {
      const p = pkg();
      const doc = p.updatebr!.file.doc;
      const ctx = { pkg: p, path: p.updatebr!.file.path, uriOf: (path: string) => `file:///pkg/${path}` };
      const toLine = definition(doc, doc.text.indexOf('2 = SP2GDR') + 6, ctx);
      assert.equal(toLine.length, 1);
      assert.equal(toLine[0].uri, doc.uri);
      assert.equal(doc.text.slice(toLine[0].span.start, toLine[0].span.end), 'SP2GDR');
      assert.ok(toLine[0].span.start > doc.text.indexOf('[SourceInfsBranches]'));
      const toFile = definition(doc, doc.text.indexOf('update_SP2QFE.inf') + 3, ctx);
      assert.deepEqual(toFile, [{ uri: 'file:///pkg/update/update_SP2QFE.inf', span: { start: 0, end: 0 } }]);
    });

    it('offers the payload files as source paths of a copy-list line', () => {
      const p = pkg();
      const base = p.document('update/update_SP2QFE.inf')!.doc;
      const text = base.text.replace('msi.dll, SP2QFE\\msi.dll', 'msi.dll, SP2');
      const doc = new InfDocument(base.uri, text);
      const offset = text.indexOf('msi.dll, SP2') + 'msi.dll, SP2'.length;
      const items = complete(doc, offset, { pkg: p, path: 'update/update_SP2QFE.inf' });
      const qfe = items.find((i) => i.label === 'SP2QFE\\msi.dll')!;
      assert.equal(qfe.kind, 'value');
      assert.equal(doc.text.slice(qfe.replaceSpan!.start, qfe.replaceSpan!.end), 'SP2');
      assert.ok(labels(items).includes('SP2GDR\\msi.dll'));
      assert.ok(!labels(items).some((l) => /^update\\/i.test(l)), 'the installer\'s own files are not payload');
    });
  });

  describe('robustness', () => {
    it('never throws on odd input at any offset', () => {
      const inputs = ['', '[', '[]\n=', '[A]\n%', '[A]\n"x', '[A]\n,,,\\\n', '[Strings]\n%%=%\n', '[DestinationDirs]\n=\n', 'x\r\n[A\r\n%a%b%c'];
      for (const text of inputs) {
        const doc = new InfDocument('update.inf', text);
        documentSymbols(doc);
        foldingRanges(doc);
        for (let o = 0; o <= text.length + 1; o++) {
          complete(doc, o);
          hover(doc, o);
          definition(doc, o);
          references(doc, o, true);
          documentHighlights(doc, o);
          prepareRename(doc, o);
          rename(doc, o, 'X');
        }
        codeActions(doc, checkDocument(doc), { start: 0, end: text.length });
      }
    });

    it('answers every request on every file of the corpus packages, with ranges an editor accepts', function () {
      // Genuine and community packages, each file with its package context (as the server asks): hover, completion
      // and definition at every fifth offset (every 401st in files over 200 KB), references, highlights and rename
      // at every seventh of those, code actions with the file's own diagnostics. What an editor needs of the
      // answers: no exception; ranges inside the document; a hover's range and a completion item's range hold the
      // position asked at, and a completion range stays on one line (LSP's rule for CompletionItem.textEdit); the
      // edits of one quick fix or one rename do not overlap.
      this.timeout(120_000);
      const corpus = sharedOrSkip(this, 'corpus');
      const fs = nodeFs(corpus);
      const problems: string[] = [];
      let positions = 0;
      const files: string[] = [];
      for (const info of discoverPackages(fs, '')) {
        const pkg = loadPackage(fs, info.root);
        for (const file of pkg.documents) {
          files.push(`${info.root}/${file.path}`);
          const doc = file.doc;
          const text = doc.text;
          const ctx = { pkg, path: file.path };
          const diagnostics = checkDocument(doc, { pkg: makePackageCheckInfo(pkg, file) });
          const inside = (s: Span) => s.start >= 0 && s.start <= s.end && s.end <= text.length;
          const noOverlap = (spans: Span[]) => [...spans].sort((a, b) => a.start - b.start).every((x, i, a) => i === 0 || a[i - 1].end <= x.start);
          const bad = (what: string, o: number) => {
            if (problems.length < 20) problems.push(`${info.root || '.'}/${file.path} at ${o} (${JSON.stringify(text.slice(Math.max(0, o - 20), o + 20))}): ${what}`);
          };
          const step = text.length > 200_000 ? 401 : 5;
          for (let o = 0, k = 0; o <= text.length; o += step, k++) {
            positions++;
            try {
              const h = hover(doc, o, ctx);
              if (h && !(inside(h.span) && h.span.start <= o && o <= h.span.end)) bad(`hover range ${JSON.stringify(h.span)}`, o);
              for (const c of complete(doc, o, ctx)) {
                const r = c.replaceSpan;
                if (r && !(inside(r) && r.start <= o && o <= r.end && !/[\r\n]/.test(text.slice(r.start, r.end)))) {
                  bad(`completion "${c.label}" range ${JSON.stringify(r)}`, o);
                  break;
                }
              }
              for (const l of definition(doc, o, ctx)) if (l.uri === doc.uri && !inside(l.span)) bad(`definition range ${JSON.stringify(l.span)}`, o);
              for (const a of codeActions(doc, diagnostics, { start: o, end: o })) {
                if (!a.edits.every((e) => inside(e.span)) || !noOverlap(a.edits.map((e) => e.span))) bad(`quick fix "${a.title}"`, o);
              }
              if (k % 7 === 0) {
                for (const x of references(doc, o, true)) if (x.uri === doc.uri && !inside(x.span)) bad('reference range', o);
                for (const x of documentHighlights(doc, o)) if (!inside(x.span)) bad('highlight range', o);
                const p = prepareRename(doc, o);
                if ('span' in p) {
                  const r = rename(doc, o, 'Renamed_1');
                  if ('edits' in r) {
                    const own = r.edits.filter((e) => e.uri === undefined || e.uri === doc.uri).map((e) => e.span);
                    if (!own.every(inside) || !noOverlap(own)) bad('rename edits', o);
                  }
                }
              }
            } catch (err) {
              bad(`threw ${err instanceof Error ? err.message : String(err)}`, o);
            }
          }
        }
      }
      assert.ok(files.includes('microsoft/ws2003-sp2-cd/update/update.inf'), `the genuine SP2 update.inf among ${files.length} files`);
      assert.deepEqual(problems, [], `problems among ${positions} positions of ${files.length} files (the first 20)`);
    });
  });
});
