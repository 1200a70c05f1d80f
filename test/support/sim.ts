// Helpers the simulator's tests share: profiles with overrides, packages from file maps, single runs and chains,
// and lookups in a run's files and decisions.
import * as assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/package/fsview';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { simulate, SimStep, SimulateOptions } from '../../server/src/sim/simulate';
import { Profile, SimRun } from '../../server/src/sim/types';
import { Files } from '../fixtures/sim/packages';

/** A built-in profile with some fields overridden (as a profile file's "extends" does). */
export function profile(id: string, patch: Record<string, unknown> = {}): Profile {
  const r = parseProfile({ extends: id, ...patch });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.profile;
}

export const pkg = (files: Files) => ({ fs: memoryFs(files), root: '' });
export const install = (files: Files): SimStep => ({ kind: 'install', pkg: pkg(files) });
export const remove = (id: string): SimStep => ({ kind: 'uninstall', id });

/** One installation of a package on a profile (built-in id or profile). */
export function run(files: Files, p: Profile | string = 'xp-sp2', switches = '', opts: SimulateOptions & { inf?: string } = {}): SimRun {
  const prof = typeof p === 'string' ? builtinProfile(p)! : p;
  return simulate([{ ...pkg(files), inf: opts.inf }], prof, { switches, ...opts }).runs[0];
}

/** The file entry of a run for a file in system32. */
export function systemFile(r: SimRun, name: string) {
  const f = r.files.find((x) => x.target.toLowerCase().endsWith('\\system32\\' + name.toLowerCase()));
  assert.ok(f, `no file entry for ${name} in ${r.package}: ${r.files.map((x) => x.target).join(', ')}`);
  return f;
}

export const rules = (r: SimRun): string[] => r.decisions.map((d) => d.rule);

export function decision(r: SimRun, rule: string) {
  const d = r.decisions.find((x) => x.rule === rule);
  assert.ok(d, `no decision ${rule}: ${rules(r).join(', ')}`);
  return d;
}
