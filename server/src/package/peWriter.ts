// Builds tiny but valid PE images whose only content is a version resource (VS_VERSION_INFO with the fixed file
// version and a StringFileInfo table): payload stand-ins for scaffolded packages, the example package and tests.
// Windows' own GetFileVersionInfo reads these images' version resource the same way. Pure.

export interface PeSpec {
  machine?: 'x86' | 'x64' | 'ia64';
  /** VS_FIXEDFILEINFO file version, e.g. [6, 0, 2900, 2508]. */
  fileVersion?: [number, number, number, number];
  /** Defaults to the file version. */
  productVersion?: [number, number, number, number];
  /** Strings of the table, e.g. { FileVersion: '6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)', OriginalFilename: 'x.dll' }.
   * When FileVersion is absent and a lab is given, it is made from fileVersion and lab. */
  strings?: Record<string, string>;
  /** Build lab tag for a generated FileVersion string, e.g. 'xpsp_sp2_gdr.041015-1200'. */
  lab?: string;
  /** String table key (language + code page). */
  tableKey?: string;
  /** Leave out the version resource entirely (a PE without one). */
  noVersionResource?: boolean;
  /** Place the version data 2 bytes off a 32-bit boundary (legal; readers must align relative to its start). */
  misalign?: boolean;
}

class Buf {
  bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16((v >>> 16) & 0xffff);
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.bytes.push(0);
    return this;
  }
  ascii(s: string, len: number): this {
    for (let i = 0; i < len; i++) this.u8(i < s.length ? s.charCodeAt(i) : 0);
    return this;
  }
  utf16z(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this.u16(0);
  }
  pad4(): this {
    while (this.bytes.length % 4) this.bytes.push(0);
    return this;
  }
  padTo(n: number): this {
    while (this.bytes.length < n) this.bytes.push(0);
    return this;
  }
  append(b: number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  setU16(off: number, v: number): void {
    this.bytes[off] = v & 0xff;
    this.bytes[off + 1] = (v >>> 8) & 0xff;
  }
  setU32(off: number, v: number): void {
    this.setU16(off, v & 0xffff);
    this.setU16(off + 2, (v >>> 16) & 0xffff);
  }
}

/** One version block: header, key, padding, value, padding, children; wLength patched. */
function block(key: string, type: number, value: number[] | undefined, valueLength: number, childBlocks: number[][]): number[] {
  const b = new Buf();
  b.u16(0).u16(valueLength).u16(type).utf16z(key).pad4();
  if (value) b.append(value).pad4();
  for (const c of childBlocks) {
    b.append(c).pad4();
  }
  // wLength excludes trailing padding after the last child (as rc.exe writes it); keep it simple: whole length.
  b.setU16(0, b.length);
  return b.bytes;
}

function stringBlock(key: string, value: string): number[] {
  const v = new Buf().utf16z(value).bytes;
  return block(key, 1, v, value.length + 1, []);
}

export function versionResource(spec: PeSpec): number[] {
  const fv = spec.fileVersion ?? [1, 0, 0, 0];
  const pv = spec.productVersion ?? fv;
  const fixed = new Buf()
    .u32(0xfeef04bd)
    .u32(0x00010000)
    .u32(((fv[0] & 0xffff) << 16 | (fv[1] & 0xffff)) >>> 0)
    .u32(((fv[2] & 0xffff) << 16 | (fv[3] & 0xffff)) >>> 0)
    .u32(((pv[0] & 0xffff) << 16 | (pv[1] & 0xffff)) >>> 0)
    .u32(((pv[2] & 0xffff) << 16 | (pv[3] & 0xffff)) >>> 0)
    .u32(0x3f) // file flags mask
    .u32(0) // file flags
    .u32(0x40004) // VOS_NT_WINDOWS32
    .u32(2) // VFT_DLL
    .u32(0)
    .u32(0)
    .u32(0).bytes;
  const strings: Record<string, string> = { ...(spec.strings ?? {}) };
  if (strings.FileVersion === undefined) strings.FileVersion = spec.lab ? `${fv.join('.')} (${spec.lab})` : fv.join('.');
  const table = block(spec.tableKey ?? '040904b0', 1, undefined, 0, Object.entries(strings).map(([k, v]) => stringBlock(k, v)));
  const sfi = block('StringFileInfo', 1, undefined, 0, [table]);
  const translation = new Buf().u16(0x0409).u16(0x04b0).bytes;
  const vfi = block('VarFileInfo', 1, undefined, 0, [block('Translation', 0, translation, 4, [])]);
  return block('VS_VERSION_INFO', 0, fixed, 52, [sfi, vfi]);
}

const MACHINE_CODES = { x86: 0x14c, x64: 0x8664, ia64: 0x200 };

/** A complete PE image: DOS header, PE headers, one .rsrc section holding the version resource. */
export function buildPe(spec: PeSpec = {}): Uint8Array {
  const machine = spec.machine ?? 'x86';
  const pe32plus = machine !== 'x86';
  const FILE_ALIGN = 0x200;
  const SECT_ALIGN = 0x1000;
  const RSRC_RVA = 0x1000;

  // Resource section: root dir -> type 16 -> id 1 -> lang 0x409 -> data entry -> data.
  const rs = new Buf();
  const dir = (entries: [number, number][]) => {
    rs.u32(0).u32(0).u16(0).u16(0).u16(0).u16(entries.length);
    for (const [id, off] of entries) rs.u32(id).u32(off);
  };
  if (!spec.noVersionResource) {
    dir([[16, 0x80000000 | 24]]); // 0..24
    dir([[1, 0x80000000 | 48]]); // 24..48
    dir([[0x409, 72]]); // 48..72
    const data = versionResource(spec);
    const shift = spec.misalign ? 2 : 0;
    rs.u32(RSRC_RVA + 88 + shift).u32(data.length).u32(0).u32(0); // 72..88
    rs.zeros(shift).append(data).pad4();
  } else {
    dir([]);
  }
  const rsrcRaw = rs.bytes;
  const rsrcRawSize = Math.ceil(rsrcRaw.length / FILE_ALIGN) * FILE_ALIGN;

  const b = new Buf();
  // DOS header
  b.u8(0x4d).u8(0x5a).zeros(0x3a).u32(0x40);
  // PE signature + COFF header
  const optSize = pe32plus ? 240 : 224;
  b.u32(0x00004550).u16(MACHINE_CODES[machine]).u16(1).u32(0x41c0ffee).u32(0).u32(0).u16(optSize).u16(pe32plus ? 0x2022 : 0x2102);
  const optStart = b.length;
  b.u16(pe32plus ? 0x20b : 0x10b).u8(7).u8(10);
  b.u32(0).u32(rsrcRawSize).u32(0); // code, init data, uninit data
  b.u32(0).u32(0); // entry point, base of code
  if (pe32plus) {
    b.u32(0x10000000).u32(0); // image base (64-bit)
  } else {
    b.u32(0).u32(0x10000000); // base of data, image base
  }
  b.u32(SECT_ALIGN).u32(FILE_ALIGN);
  b.u16(5).u16(1).u16(5).u16(1).u16(5).u16(1).u32(0); // OS, image, subsystem versions, win32 version
  b.u32(RSRC_RVA + Math.ceil(rsrcRaw.length / SECT_ALIGN) * SECT_ALIGN || RSRC_RVA + SECT_ALIGN); // size of image
  b.u32(FILE_ALIGN).u32(0).u16(2).u16(0x0140); // headers size, checksum, subsystem GUI, dll characteristics
  if (pe32plus) b.u32(0x100000).u32(0).u32(0x1000).u32(0).u32(0x100000).u32(0).u32(0x1000).u32(0);
  else b.u32(0x100000).u32(0x1000).u32(0x100000).u32(0x1000);
  b.u32(0).u32(16); // loader flags, number of data directories
  for (let i = 0; i < 16; i++) {
    if (i === 2) b.u32(RSRC_RVA).u32(rsrcRaw.length);
    else b.u32(0).u32(0);
  }
  if (b.length - optStart !== optSize) throw new Error(`optional header size ${b.length - optStart} != ${optSize}`);
  // Section table
  b.ascii('.rsrc', 8).u32(rsrcRaw.length).u32(RSRC_RVA).u32(rsrcRawSize).u32(FILE_ALIGN).u32(0).u32(0).u16(0).u16(0).u32(0x40000040);
  b.padTo(FILE_ALIGN);
  b.append(rsrcRaw).padTo(FILE_ALIGN + rsrcRawSize);
  return Uint8Array.from(b.bytes);
}

/** Shorthand: a DLL with a version and a build-lab tag, e.g. peFile('msi.dll', [3,1,4000,4042], 'xpsp_sp2_gdr.070112-1200'). */
export function peFile(name: string, version: [number, number, number, number], lab?: string, machine: PeSpec['machine'] = 'x86'): Uint8Array {
  return buildPe({ machine, fileVersion: version, lab, strings: { CompanyName: 'Example Corporation', FileDescription: name, InternalName: name.replace(/\.[^.]*$/, ''), OriginalFilename: name, ...(lab ? { FileVersion: `${version.join('.')} (${lab})` } : {}) } });
}
