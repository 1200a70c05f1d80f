// A minimal JSON-RPC client that speaks LSP to `node dist/server.js --stdio`, for end-to-end tests.
// Waits for events (messages), never sleeps.

import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SERVER_JS = join(REPO_ROOT, 'dist', 'server.js');

type Message = { id?: number | string; method?: string; params?: any; result?: any; error?: any };

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: any) => void }>();
  private listeners: ((m: Message) => void)[] = [];
  readonly notifications: Message[] = [];
  /** Every message from the server, answers included, in the order they arrived. */
  readonly received: Message[] = [];
  stderr = '';

  /** `nodeArgs`: flags for Node before the server's path (as an editor's command line gives them). */
  constructor(env: Record<string, string> = {}, nodeArgs: readonly string[] = []) {
    // No code cache unless a test asks for one (node/codeCache.ts): tests write nothing to the user's cache folder.
    this.proc = spawn(process.execPath, [...nodeArgs, SERVER_JS, '--stdio'], { env: { ...process.env, UPDATE_INF_CACHE_DIR: 'off', ...env } });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
  }

  private pendingChunks: Buffer[] = [];
  private pendingBytes = 0;
  private needBytes = 0;

  private onData(chunk: Buffer): void {
    // Collect chunks until the message announced in the header is complete, then join once (joining on every
    // chunk would copy a large message over and over).
    this.pendingChunks.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needBytes) return;
    this.buffer = Buffer.concat([this.buffer, ...this.pendingChunks]);
    this.pendingChunks = [];
    this.pendingBytes = 0;
    this.needBytes = 0;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'));
      if (!m) throw new Error('bad header from server');
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) {
        this.needBytes = headerEnd + 4 + len - this.buffer.length;
        return;
      }
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      const msg = JSON.parse(body) as Message;
      this.received.push(msg);
      if (msg.id !== undefined && msg.method === undefined) {
        const p = this.pending.get(Number(msg.id));
        if (p) {
          this.pending.delete(Number(msg.id));
          if (msg.error) p.reject(msg.error);
          else p.resolve(msg.result);
        }
      } else if (msg.method !== undefined && msg.id !== undefined) {
        // A request from the server (workspace/configuration, client/registerCapability ...): answer it.
        const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => this.configuration) : null;
        this.sendRaw({ jsonrpc: '2.0', id: msg.id, result });
      } else {
        this.notifications.push(msg);
      }
      for (const l of [...this.listeners]) l(msg);
    }
  }

  configuration: unknown = {};

  sendRaw(obj: unknown): void {
    const body = Buffer.from(JSON.stringify(obj), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  writeBytes(text: string): void {
    this.proc.stdin.write(text);
  }

  /** The id the next request will have. */
  get nextRequestId(): number {
    return this.nextId;
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 30000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.sendRaw({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.sendRaw({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor(pred: (m: Message) => boolean, timeoutMs = 30000, what = 'message'): Promise<Message> {
    const seen = this.notifications.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = (m: Message) => {
        if (pred(m)) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve(m);
        }
      };
      this.listeners.push(listener);
    });
  }

  /** Waits for diagnostics for a URI (optionally of a given document version) published after this call. */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 30000): Promise<any[]> {
    const start = this.notifications.length;
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = start; i < this.notifications.length; i++) {
          const m = this.notifications[i];
          if (m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version)) return m.params.diagnostics;
        }
        return undefined;
      };
      const hit = check();
      if (hit) return resolve(hit);
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = () => {
        const r = check();
        if (r) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== listener);
          resolve(r);
        }
      };
      this.listeners.push(listener);
    });
  }

  async initialize(rootUri: string | null = null, initializationOptions?: unknown, capabilities: unknown = {}): Promise<any> {
    const r = await this.request('initialize', { processId: process.pid, rootUri, capabilities, initializationOptions });
    this.notify('initialized', {});
    return r;
  }

  async shutdown(): Promise<number | null> {
    // Gone already (a test sent `exit`): nothing to write to.
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return this.proc.exitCode;
    const exited = new Promise<number | null>((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.once('exit', (code) => resolve(code));
    });
    try {
      await this.request('shutdown', null, 3000);
      this.notify('exit', null);
    } catch {
      this.proc.kill();
    }
    const timer = setTimeout(() => this.proc.kill(), 3000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}

/**
 * Opens a small update.inf with a misspelt registry root and resolves its first diagnostics' codes: a check that a
 * started server works (the Setup API skips such a line; inf-facts.md: HKLM, HKCU, HKCR, HKU, HKR; invalid-registry-root).
 */
export async function openMisspeltRoot(client: LspClient, uri: string): Promise<string[]> {
  const got = client.nextDiagnostics(uri, 1);
  const text = '[Version]\r\nSignature = "$Windows NT$"\r\n\r\n[ProductInstall]\r\nAddReg = Product.Add.Reg\r\n\r\n[Product.Add.Reg]\r\nHKLN,"Software\\Example",Value,0x10001,1\r\n';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text } });
  return (await got).map((d: { code?: string }) => String(d.code));
}
