// The Node flags the VS Code client starts the server with (server/src/node/heap.ts SERVER_NODE_FLAGS): this Node must
// accept them (an unknown V8 flag stops Node before the server runs, so the extension would have no server at all),
// they must size the young generation as heap.ts says, and the server must work under them. Waits on messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SERVER_NODE_FLAGS } from '../../server/src/node/heap';
import { LspClient, SERVER_JS } from '../support/lsp-client';

const MiB = 1024 * 1024;

/** The young generation's size (both semi-spaces) once a process has allocated enough to grow it as far as it goes. */
function youngGenerationAfterAllocating(flags: readonly string[]): { status: number | null; bytes: number; stderr: string } {
  const code = "const a=[];for(let i=0;i<3e6;i++)a.push({i});const s=require('v8').getHeapSpaceStatistics().find((x)=>x.space_name==='new_space');process.stdout.write(String(s.space_size))";
  const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
  return { status: r.status, bytes: Number(r.stdout), stderr: r.stderr };
}

describe('server process flags (heap.ts)', function () {
  this.timeout(60000);

  it('are accepted by this Node and hold the young generation at two 8 MB semi-spaces', () => {
    const withFlags = youngGenerationAfterAllocating(SERVER_NODE_FLAGS);
    assert.equal(withFlags.status, 0, `node ${SERVER_NODE_FLAGS.join(' ')} refused: ${withFlags.stderr}`);
    assert.equal(withFlags.bytes, 16 * MiB);
    // Without them V8 grows it past that (to 2 x 16 MB on 64-bit), which is what the flags are for.
    const without = youngGenerationAfterAllocating([]);
    assert.ok(without.bytes > 16 * MiB, `without the flags: ${without.bytes}`);
  });

  it('dist/server.js started with them answers and publishes diagnostics', async function () {
    if (!existsSync(SERVER_JS)) this.skip();
    const client = new LspClient({}, SERVER_NODE_FLAGS);
    try {
      await client.initialize(null);
      const uri = 'file:///flags/KB900001/update/update.inf';
      const got = client.nextDiagnostics(uri, 1);
      // A misspelt registry root: the Setup API skips the line (inf-facts.md: HKLM, HKCU, HKCR, HKU, HKR).
      client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text: '[Version]\r\nSignature = "$Windows NT$"\r\n\r\n[ProductInstall]\r\nAddReg = Product.Add.Reg\r\n\r\n[Product.Add.Reg]\r\nHKLN,"Software\\Example",Value,0x10001,1\r\n' } });
      const diags = await got;
      assert.ok(diags.some((d: { code?: string }) => d.code === 'invalid-registry-root'), JSON.stringify(diags.map((d: { code?: string }) => d.code)));
    } finally {
      await client.shutdown().catch(() => undefined);
      client.proc.kill();
    }
  });
});
