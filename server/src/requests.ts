// The language server's custom requests for the extension's commands (simulate, profiles, scaffolding). It reads
// package folders and profile files through the CliIO the server's host gives (the disk on Node, the client's
// files in a web worker), then calls the pure core.
// It never writes anything: the client writes the files the user asked for.

import { CliIO, UsageError } from './cli/io';
import { bytesToBase64 } from './core/base64';
import { formatRunText, simulateStep } from './cli/simulate';
import { FileSystemView } from './package/fsview';
import { BUILTIN_PROFILE_IDS, builtinProfile } from './sim/profiles';
import { SimRun } from './sim/types';
import { scaffoldPackage } from './templates/scaffold';

export interface SimulationRequest {
  packages?: string[];
  profile?: string;
  switches?: string;
  installerVersion?: string;
  uninstall?: string[];
}

export interface SimulationResponse {
  ok: boolean;
  error?: string;
  result?: { runs: SimRun[] };
  text?: string;
}

/**
 * The editor's simulate request. `io` reads files (the disk on Node, the client's files in a web worker); `folder`
 * gives the view of a package folder: the language server passes its view of the open, unsaved buffers over `io`,
 * so the simulation sees what the user sees. Default: `io` alone.
 */
export function handleSimulationRequest(raw: unknown, io: CliIO, folder?: (path: string) => FileSystemView): SimulationResponse {
  const params = (raw ?? {}) as SimulationRequest;
  try {
    const packages = Array.isArray(params.packages) ? params.packages.filter((p): p is string => typeof p === 'string') : [];
    if (packages.length === 0 && !(params.uninstall?.length)) throw new UsageError('Name a package folder or an update INF to simulate.');
    const view = folder ? { ...io, folder: (p: string) => folder(io.resolve(p)) } : io;
    const { result } = simulateStep(
      {
        packages,
        profile: typeof params.profile === 'string' && params.profile ? params.profile : 'xp-sp2',
        switches: typeof params.switches === 'string' ? params.switches : '',
        installerVersion: typeof params.installerVersion === 'string' && params.installerVersion ? params.installerVersion : undefined,
        uninstall: Array.isArray(params.uninstall) ? params.uninstall.filter((u): u is string => typeof u === 'string' && u.trim() !== '') : [],
      },
      view,
    );
    return { ok: true, result: { runs: result.runs }, text: result.runs.map(formatRunText).join('\n') };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function listProfiles(): { name: string; title: string }[] {
  return BUILTIN_PROFILE_IDS.map((id) => ({ name: id, title: builtinProfile(id)?.name ?? id }));
}

/** A new profile file that extends a built-in: the OS block written out so the user sees what to change. */
export function newProfileText(base: string): string {
  const p = builtinProfile(base) ?? builtinProfile('xp-sp2')!;
  const id = builtinProfile(base) ? base : 'xp-sp2';
  const doc = {
    name: `${p.name} (my machine)`,
    extends: id,
    os: p.os,
    machine: { windir: p.machine.windir, freeDiskMB: p.machine.freeDiskMB, anotherInstallRunning: false, pendingFileRenames: [] },
    files: [{ path: p.files[0]?.path ?? '%windir%\\system32\\kernel32.dll', version: p.files[0]?.version ?? '', inUse: false, oem: false }],
    registry: [],
    installedUpdates: [],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function scaffoldPackageFiles(layout: string, kb: string): { path: string; base64: string }[] {
  return scaffoldPackage(layout === 'multi-branch' ? 'multi-branch' : 'standard', kb).map((f) => ({ path: f.path, base64: bytesToBase64(f.bytes) }));
}
