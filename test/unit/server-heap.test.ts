// The Node flags the VS Code client starts the server with (server/src/node/heap.ts SERVER_NODE_FLAGS): this Node must
// accept them (an unknown V8 flag stops Node before the server runs, so the extension would have no server at all),
// they must size the young generation as heap.ts says, and the server must work under them. Waits on messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/node/heap';
import { LspClient, openMisspeltRoot, SERVER_JS } from '../support/lsp-client';

const MiB = 1024 * 1024;

/** The young generation's size (both semi-spaces) once a process has allocated enough to grow it as far as it goes. */
function youngGenerationAfterAllocating(flags: readonly string[]): { status: number | null; bytes: number; stderr: string } {
  const code = "const a=[];for(let i=0;i<3e6;i++)a.push({i});const s=require('v8').getHeapSpaceStatistics().find((x)=>x.space_name==='new_space');process.stdout.write(String(s.space_size))";
  const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
  return { status: r.status, bytes: Number(r.stdout), stderr: r.stderr };
}

describe('server process flags (heap.ts)', function () {
  this.timeout(60000);

  it('are accepted by this Node and hold the young generation at two 4 MB semi-spaces', () => {
    const withFlags = youngGenerationAfterAllocating(SERVER_NODE_FLAGS);
    assert.equal(withFlags.status, 0, `node ${SERVER_NODE_FLAGS.join(' ')} refused: ${withFlags.stderr}`);
    assert.equal(withFlags.bytes, 8 * MiB);
    // Without them V8 grows it past that (to 2 x 16 MB on 64-bit), which is what the flags are for.
    const without = youngGenerationAfterAllocating([]);
    assert.ok(without.bytes > 8 * MiB, `without the flags: ${without.bytes}`);
  });

  it('dist/server.js started with them answers, publishes diagnostics, and leaves crypto and child_process unloaded', async function () {
    if (!existsSync(SERVER_JS)) this.skip();
    // Under any V8 flag Node compiles a built-in module from source: crypto and child_process (which vscode-jsonrpc and
    // vscode-languageserver require as they load, for pipe names and global module paths) took 13-14 ms of the start
    // that way. The build loads them on first use (scripts/build.mjs lazyBuiltins); nothing over stdio uses them.
    const dir = mkdtempSync(join(tmpdir(), 'update-inf-flags-'));
    const preload = join(dir, 'modules.js');
    writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, '\\nMODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
    const client = new LspClient({}, [...SERVER_NODE_FLAGS, '-r', preload]);
    const closed = new Promise<void>((resolve) => client.proc.once('close', () => resolve()));
    try {
      await client.initialize(null);
      const codes = await openMisspeltRoot(client, 'file:///flags/KB900001/update/update.inf');
      assert.ok(codes.includes('invalid-registry-root'), JSON.stringify(codes));
      await client.shutdown();
      await closed;
      const m = /\nMODULES (.*)\n/.exec(client.stderr);
      assert.ok(m, `the preload reported no modules: ${client.stderr.slice(0, 400)}`);
      const loaded = (JSON.parse(m[1]) as string[]).filter((x) => /^NativeModule (crypto|child_process)$/.test(x));
      assert.deepEqual(loaded, []);
    } finally {
      client.proc.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
