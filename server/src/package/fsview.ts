// The file-system view the core reads packages through. The core never touches the real file system: the CLI and
// the server hand it a view over disk (server/src/nodeFs.ts), tests hand it an in-memory one (memoryFs).
//
// Paths are relative to the view's root, with '/' separators and their original case. Windows matches file
// names case-insensitively; `findFile` does the same.

import { DecodedText, decodeText, UTF16_SAMPLE_BYTES } from '../core/text';

export interface FileSystemView {
  /** The bytes of a file, or undefined when it does not exist or cannot be read. Never throws. */
  readFile(path: string): Uint8Array | undefined;
  /** Every file below a folder ('' = the root), recursively, as root-relative paths. Never throws. */
  listFiles(dir: string): string[];
  /**
   * The decoded text of a file, when the view can give it without decoding bytes again: an open editor buffer,
   * or a file on disk decoded before and not changed since. Optional; undefined means "use readFile". The text
   * must be what `decodeText(readFile(path))` would give. Never throws.
   */
  readText?(path: string): DecodedText | undefined;
  /**
   * A token that changes whenever the file's content may have changed (size, times, inode), or undefined when the
   * view cannot tell. Optional; lets callers keep what they read from a file between loads. Never throws.
   */
  signature?(path: string): string | undefined;
  /**
   * A number that stays the same only while every signature this view has reported is still what it would report
   * now (the server's disk view, when the client reports file changes: see DiskTextCache.generation), or undefined
   * when the view cannot promise that. Optional; lets a package load keep what the last one read of its payload
   * without asking for each file's signature again. Never throws.
   */
  generation?(): number | undefined;
  /** A file's size in bytes without reading it, or undefined (then callers read it). Optional. Never throws. */
  fileSize?(path: string): number | undefined;
  /**
   * Up to `length` bytes of a file from `offset` (fewer at its end), or undefined when it cannot be read. Optional:
   * lets a reader of a large file's version resource read a few pages instead of the whole file. Never throws.
   */
  readRange?(path: string, offset: number, length: number): Uint8Array | undefined;
}

/**
 * An editor buffer's text as decoded text: the editor has decoded the file already, so the text is kept as it is (the
 * same as `decodeText(new TextEncoder().encode(text), { utf8: true })`, without encoding and decoding a whole buffer).
 */
export function decodedBufferText(text: string): DecodedText {
  // A NUL can make the UTF-8 bytes look like UTF-16 to decodeText: take the long way then, to stay identical. Only
  // NULs among the first UTF16_SAMPLE_BYTES bytes can (decodeText looks no further), and those bytes come from at most
  // as many characters: the rest of the text is not searched (a 1.28 MB buffer on every keystroke).
  if (text.slice(0, UTF16_SAMPLE_BYTES).indexOf('\0') >= 0) return decodeText(new TextEncoder().encode(text), { utf8: true });
  if (text.charCodeAt(0) === 0xfeff) return { text: text.slice(1), encoding: 'utf-8-bom' };
  return { text, encoding: 'utf-8' };
}

/** Matches what normalizePath has to change besides backslashes: an empty, `.` or `..` segment. */
const ODD_SEGMENT_RE = /(^|\/)\.{0,2}(\/|$)/;

export function normalizePath(p: string): string {
  // Most paths (file names from copy lists, package paths, Windows paths such as SP2QFE\msi.dll) are normal once their
  // backslashes are slashes: return them so. A bare name (no separator) is, unless it is empty, `.` or `..`.
  const q = p.indexOf('\\') < 0 ? p : p.replace(/\\/g, '/');
  if (q.indexOf('/') < 0 ? q.length > 2 || (q !== '' && q !== '.' && q !== '..') : !ODD_SEGMENT_RE.test(q)) return q;
  const parts: string[] = [];
  for (const seg of q.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

export function dirName(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  return i < 0 ? '' : n.slice(0, i);
}

/** Case-insensitive lookup of a root-relative path, as Windows sees names; returns the path as stored. */
/** Every file of a view (opened by `open`), or none when the folder cannot be opened or listed: a folder to guess about. */
export function listedOrNone(open: () => FileSystemView): string[] {
  try {
    return open().listFiles('');
  } catch {
    return [];
  }
}

export function findFile(fs: FileSystemView, path: string, listing?: string[]): string | undefined {
  const want = normalizePath(path).toLowerCase();
  const files = listing ?? fs.listFiles('');
  for (const f of files) if (f.toLowerCase() === want) return f;
  return undefined;
}

/** An in-memory view for tests and for editor buffers layered over disk. Values are text (UTF-8) or bytes. */
export function memoryFs(files: Record<string, string | Uint8Array>): FileSystemView {
  const map = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(files)) map.set(normalizePath(k), typeof v === 'string' ? new TextEncoder().encode(v) : v);
  return {
    readFile(path) {
      const want = normalizePath(path);
      const hit = map.get(want);
      if (hit) return hit;
      const lw = want.toLowerCase();
      for (const [k, v] of map) if (k.toLowerCase() === lw) return v;
      return undefined;
    },
    listFiles(dir) {
      const d = normalizePath(dir).toLowerCase();
      const out: string[] = [];
      for (const k of map.keys()) if (d === '' || k.toLowerCase().startsWith(d + '/')) out.push(k);
      return out.sort();
    },
  };
}

/** A view whose files are overlaid by open editor buffers (text by root-relative path). */
export function overlayFs(base: FileSystemView, overlay: Map<string, string>): FileSystemView {
  const enc = new TextEncoder();
  // By normalised lower-case path, worked out once per view: a package check asks about every payload file
  // (3,834 in the Server 2003 SP2 package), and each question compared it with every buffer's normalised path.
  const byKey = new Map<string, { path: string; text: string }>();
  for (const [k, text] of overlay) {
    const path = normalizePath(k);
    const key = path.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, { path, text });
  }
  const find = (path: string) => (byKey.size === 0 ? undefined : byKey.get(normalizePath(path).toLowerCase()));
  return {
    readFile(path) {
      const hit = find(path);
      return hit ? enc.encode(hit.text) : base.readFile(path);
    },
    readText(path) {
      const hit = find(path);
      return hit ? decodedBufferText(hit.text) : base.readText?.(path);
    },
    signature(path) {
      return find(path) ? undefined : base.signature?.(path); // an editor buffer has none
    },
    generation: () => base.generation?.(),
    // An editor buffer has no size or ranges on disk: callers read it whole through readFile.
    fileSize: (path) => (find(path) ? undefined : base.fileSize?.(path)),
    readRange: (path, offset, length) => (find(path) ? undefined : base.readRange?.(path, offset, length)),
    listFiles(dir) {
      const listed = base.listFiles(dir);
      const d = normalizePath(dir).toLowerCase();
      let added: string[] | undefined;
      for (const { path } of byKey.values()) {
        if (d !== '' && !path.toLowerCase().startsWith(d + '/')) continue;
        // Open buffers are files on disk, as a rule: the listing is then returned as it is.
        if (!listed.includes(path)) (added ??= []).push(path);
      }
      if (!added) return listed;
      const set = new Set(listed);
      for (const a of added) set.add(a);
      return [...set].sort();
    },
  };
}
