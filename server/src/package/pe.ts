// A small, careful reader of the version resource of PE files (EXE, DLL, SYS): the machine, the
// VS_FIXEDFILEINFO file and product versions, and the strings of the first StringFileInfo table (FileVersion,
// OriginalFilename, InternalName ...). Pure; never throws; every loop and recursion is bounded, so garbage or a
// truncated file yields undefined or partial information in time linear in the input at worst.
//
// Layout references: the PE/COFF specification (DOS header e_lfanew at 0x3C, COFF header, optional header
// data directory 2 = resources, section table) and the VS_VERSIONINFO / StringFileInfo / String block format
// (each block: wLength, wValueLength, wType, UTF-16 key, padding to 32 bits, value, padding, children).

import { parseFileVersion, FourPartVersion, ParsedFileVersion } from './versions';

export type PeMachine = 'x86' | 'x64' | 'ia64' | 'arm64' | 'unknown';

export interface PeVersionInfo {
  machine: PeMachine;
  /** IMAGE_FILE_HEADER.Machine. */
  machineCode: number;
  /** VS_FIXEDFILEINFO dwFileVersionMS/LS, when the file has a version resource. */
  fileVersion?: FourPartVersion;
  productVersion?: FourPartVersion;
  /** The FileVersion string of the first string table (`6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)`). */
  fileVersionString?: string;
  /** That string parsed: numeric version, build lab, branch kind, timestamp. */
  parsed?: ParsedFileVersion;
  originalFilename?: string;
  internalName?: string;
  /** Every string of the first string table, by key. */
  strings: Record<string, string>;
  /** The string table's language/code page key, e.g. `040904b0`. */
  stringTableKey?: string;
}

const MACHINES: Record<number, PeMachine> = { 0x14c: 'x86', 0x8664: 'x64', 0x200: 'ia64', 0xaa64: 'arm64' };
const RT_VERSION = 16;
const FIXED_SIGNATURE = 0xfeef04bd;
const MAX_DIR_ENTRIES = 256;
const MAX_BLOCKS = 512;

/** Pages of a file read when first needed (see readPeVersionFrom). */
const PAGE = 16384;

class Reader {
  private readonly pages?: Map<number, Uint8Array>;
  /** `b`: the whole file; or `length` and `readAt` for a file read page by page. */
  constructor(
    private readonly b: Uint8Array | undefined,
    readonly length: number,
    private readonly readAt?: (offset: number, length: number) => Uint8Array | undefined,
  ) {
    if (!b) this.pages = new Map();
  }
  /** A byte at an offset below `length` (0 where a page could not be read). */
  byte(off: number): number {
    if (this.b) return this.b[off];
    const index = Math.floor(off / PAGE);
    let page = this.pages!.get(index);
    if (page === undefined) {
      const start = index * PAGE;
      page = this.readAt!(start, Math.min(PAGE, this.length - start)) ?? new Uint8Array(0);
      this.pages!.set(index, page);
    }
    return page[off - index * PAGE] ?? 0;
  }
  ok(off: number, len: number): boolean {
    return Number.isInteger(off) && off >= 0 && len >= 0 && off + len <= this.length;
  }
  u16(off: number): number {
    return this.byte(off) | (this.byte(off + 1) << 8);
  }
  u32(off: number): number {
    return (this.byte(off) | (this.byte(off + 1) << 8) | (this.byte(off + 2) << 16)) + this.byte(off + 3) * 0x1000000;
  }
  /** A NUL-terminated UTF-16LE string starting at off, not past end; returns it and the offset after the NUL. */
  utf16z(off: number, end: number): { text: string; next: number } {
    let s = '';
    let p = off;
    const lim = Math.min(end, this.length);
    while (p + 1 < lim) {
      const c = this.u16(p);
      p += 2;
      if (c === 0) return { text: s, next: p };
      s += String.fromCharCode(c);
      if (s.length > 4096) break;
    }
    return { text: s, next: p };
  }
}

interface Section {
  va: number;
  vsize: number;
  raw: number;
  rawSize: number;
}

function align4(n: number, base: number): number {
  return base + ((n - base + 3) & ~3);
}

/** Reads the version information of a PE image. Undefined when the bytes are not a PE image. Never throws. */
export function readPeVersion(bytes: Uint8Array): PeVersionInfo | undefined {
  try {
    return bytes instanceof Uint8Array ? readUnsafe(new Reader(bytes, bytes.length)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * readPeVersion for a file of `size` bytes read through `readAt` (offset, length -> those bytes), page by page as
 * the reader needs them: the headers, the resource directory and the version block, a few pages of a file of many
 * megabytes. Gives what readPeVersion gives for the whole file. Never throws.
 */
export function readPeVersionFrom(size: number, readAt: (offset: number, length: number) => Uint8Array | undefined): PeVersionInfo | undefined {
  try {
    return Number.isInteger(size) && size >= 0 ? readUnsafe(new Reader(undefined, size, readAt)) : undefined;
  } catch {
    return undefined;
  }
}

function readUnsafe(r: Reader): PeVersionInfo | undefined {
  if (!r.ok(0, 0x40) || r.byte(0) !== 0x4d || r.byte(1) !== 0x5a) return undefined;
  const pe = r.u32(0x3c);
  if (!r.ok(pe, 24) || r.u32(pe) !== 0x00004550) return undefined;
  const coff = pe + 4;
  const machineCode = r.u16(coff);
  const nSections = r.u16(coff + 2);
  const optSize = r.u16(coff + 16);
  const opt = coff + 20;
  const info: PeVersionInfo = { machine: MACHINES[machineCode] ?? 'unknown', machineCode, strings: {} };
  if (!r.ok(opt, 2)) return info;
  const magic = r.u16(opt);
  let ddBase: number;
  let ddCountOff: number;
  if (magic === 0x10b) {
    ddCountOff = opt + 92;
    ddBase = opt + 96;
  } else if (magic === 0x20b) {
    ddCountOff = opt + 108;
    ddBase = opt + 112;
  } else return info;
  if (!r.ok(ddCountOff, 4)) return info;
  const ddCount = r.u32(ddCountOff);
  if (ddCount < 3 || !r.ok(ddBase + 2 * 8, 8) || ddBase + 3 * 8 > opt + optSize) return info;
  const rsrcRva = r.u32(ddBase + 16);
  const rsrcSize = r.u32(ddBase + 20);
  if (rsrcRva === 0 || rsrcSize === 0) return info;

  const sections: Section[] = [];
  const secTable = opt + optSize;
  for (let i = 0; i < Math.min(nSections, 96); i++) {
    const s = secTable + i * 40;
    if (!r.ok(s, 40)) break;
    sections.push({ va: r.u32(s + 12), vsize: r.u32(s + 8), raw: r.u32(s + 20), rawSize: r.u32(s + 16) });
  }
  const toOff = (rva: number): number | undefined => {
    for (const s of sections) {
      const size = Math.max(s.vsize, s.rawSize);
      if (rva >= s.va && rva < s.va + size) {
        const off = s.raw + (rva - s.va);
        return off < s.raw + s.rawSize && off < r.length ? off : undefined;
      }
    }
    return undefined;
  };
  const rsrc = toOff(rsrcRva);
  if (rsrc === undefined) return info;

  // Resource tree: type -> name/id -> language -> data entry. Take RT_VERSION, then the first entry at each level.
  const dirEntries = (dirOff: number): { id: number; isName: boolean; target: number; isDir: boolean }[] => {
    if (!r.ok(dirOff, 16)) return [];
    const n = Math.min(r.u16(dirOff + 12) + r.u16(dirOff + 14), MAX_DIR_ENTRIES);
    const out = [];
    for (let i = 0; i < n; i++) {
      const e = dirOff + 16 + i * 8;
      if (!r.ok(e, 8)) break;
      const nameField = r.u32(e);
      const off = r.u32(e + 4);
      out.push({ id: nameField & 0x7fffffff, isName: nameField >= 0x80000000, target: rsrc + (off & 0x7fffffff), isDir: off >= 0x80000000 });
    }
    return out;
  };
  const typeEntry = dirEntries(rsrc).find((e) => !e.isName && e.id === RT_VERSION && e.isDir);
  if (!typeEntry) return info;
  const nameEntry = dirEntries(typeEntry.target).find((e) => e.isDir);
  if (!nameEntry) return info;
  const langEntry = dirEntries(nameEntry.target).find((e) => !e.isDir);
  if (!langEntry || !r.ok(langEntry.target, 16)) return info;
  const dataRva = r.u32(langEntry.target);
  const dataSize = r.u32(langEntry.target + 4);
  const data = toOff(dataRva);
  if (data === undefined || dataSize < 6) return info;
  const end = Math.min(r.length, data + dataSize);
  parseVersionInfo(r, data, end, info);
  return info;
}

interface Block {
  start: number;
  end: number;
  valueLength: number;
  type: number;
  key: string;
  valueStart: number;
}

function readBlock(r: Reader, off: number, limit: number): Block | undefined {
  if (!r.ok(off, 6) || off + 6 > limit) return undefined;
  const len = r.u16(off);
  if (len < 6) return undefined;
  const end = Math.min(off + len, limit);
  const valueLength = r.u16(off + 2);
  const type = r.u16(off + 4);
  const key = r.utf16z(off + 6, end);
  return { start: off, end, valueLength, type, key: key.text, valueStart: align4(key.next, off) };
}

/** The blocks after `from` up to `end`; offsets are aligned to 32 bits relative to `base`, the start of the
 * VS_VERSIONINFO resource (which a PE file does not have to place at an aligned file offset). */
function* children(r: Reader, from: number, end: number, base: number): Generator<Block> {
  let p = align4(from, base);
  let count = 0;
  while (p + 6 <= end && count++ < MAX_BLOCKS) {
    const b = readBlock(r, p, end);
    if (!b) return;
    yield b;
    const next = align4(b.start + Math.max(6, r.u16(b.start)), base);
    if (next <= p) return;
    p = next;
  }
}

function parseVersionInfo(r: Reader, off: number, limit: number, info: PeVersionInfo): void {
  const root = readBlock(r, off, limit);
  if (!root || root.key !== 'VS_VERSION_INFO') return;
  let childStart = root.valueStart;
  if (root.valueLength >= 52 && r.ok(root.valueStart, 52) && root.valueStart + 52 <= root.end && r.u32(root.valueStart) === FIXED_SIGNATURE) {
    const f = root.valueStart;
    const ms = r.u32(f + 8);
    const ls = r.u32(f + 12);
    const pms = r.u32(f + 16);
    const pls = r.u32(f + 20);
    info.fileVersion = [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff];
    info.productVersion = [pms >>> 16, pms & 0xffff, pls >>> 16, pls & 0xffff];
  }
  childStart = root.valueStart + root.valueLength;
  for (const child of children(r, childStart, root.end, off)) {
    if (child.key !== 'StringFileInfo') continue;
    for (const table of children(r, child.valueStart, child.end, off)) {
      info.stringTableKey = table.key;
      for (const str of children(r, table.valueStart, table.end, off)) {
        // wValueLength counts UTF-16 characters for text values (type 1); read up to the block end or a NUL.
        const v = r.utf16z(str.valueStart, str.end).text;
        if (str.key && !(str.key in info.strings)) info.strings[str.key] = v;
      }
      break; // the first table is the one Explorer shows
    }
    break;
  }
  const fv = info.strings['FileVersion'];
  if (fv !== undefined) {
    info.fileVersionString = fv;
    info.parsed = parseFileVersion(fv);
  }
  if (info.strings['OriginalFilename'] !== undefined) info.originalFilename = info.strings['OriginalFilename'];
  if (info.strings['InternalName'] !== undefined) info.internalName = info.strings['InternalName'];
}

/** The version to compare files by: the fixed file version, else the numeric part of the FileVersion string. */
export function effectiveVersion(info: PeVersionInfo | undefined): FourPartVersion | undefined {
  return info?.fileVersion ?? info?.parsed?.version;
}
