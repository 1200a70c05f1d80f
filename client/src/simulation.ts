// The simulate-install experience in VS Code: commands, the profile/switches status bar item, the code lens on
// package INFs, the report view, profiles and package scaffolding. The work itself happens in the language
// server's pure core (custom requests `updateInf/*`); this file only asks, shows and writes what the user chose.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { renderReport, ReportRun } from './report';

/**
 * How the server is told about a file or folder: a path on the desktop, the URI elsewhere (VS Code for the Web:
 * the server in the web worker reads files through the extension; see server/src/browser/remoteFiles.ts).
 */
function serverPath(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** The last segment of a path or URI (node:path is not there in the web extension host). */
function baseName(p: string): string {
  const last = p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? p;
  try {
    return /^[a-z][\w+.-]*:\/\//i.test(p) ? decodeURIComponent(last) : last;
  } catch {
    return last;
  }
}

export interface SimulateArgs {
  profile?: string;
  switches?: string;
  installerVersion?: string;
  uninstall?: string[];
  /** More packages to run after the first, in order, on the same machine state. */
  then?: string[];
  /** Do not open the report (tests). */
  quiet?: boolean;
}

interface SimulateResponse {
  ok: boolean;
  error?: string;
  result?: { runs: ReportRun[] };
  text?: string;
}

interface ProfileInfo {
  name: string;
  title: string;
}

interface LastRun {
  packages: string[];
  args: SimulateArgs;
  response: SimulateResponse;
}

const PACKAGE_INF = /(^|[\\/])(update(_[^\\/]+)?|updatebr)\.inf$/i;

export class SimulationUI implements vscode.CodeLensProvider {
  private readonly status: vscode.StatusBarItem;
  private panel: vscode.WebviewPanel | undefined;
  private last: LastRun | undefined;
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => BaseLanguageClient | undefined,
  ) {
    this.status = vscode.window.createStatusBarItem('updateInf.simulationProfile', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Update INF simulation profile';
    this.status.command = 'updateInf.selectProfile';
    context.subscriptions.push(this.status, this.lensChanged);
    this.updateStatus();
    context.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('updateInf.simulation')) {
          this.updateStatus();
          this.lensChanged.fire();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
    );
  }

  // --- state -----------------------------------------------------------------------------------------------

  get profile(): string {
    return this.context.workspaceState.get<string>('updateInf.profile') ?? vscode.workspace.getConfiguration('updateInf').get<string>('simulation.defaultProfile') ?? 'xp-sp2';
  }

  get switches(): string {
    return this.context.workspaceState.get<string>('updateInf.switches') ?? vscode.workspace.getConfiguration('updateInf').get<string>('simulation.switches') ?? '';
  }

  private updateStatus(): void {
    const lang = vscode.window.activeTextEditor?.document.languageId;
    this.status.text = `$(beaker) ${baseName(this.profile)}${this.switches ? ` ${this.switches}` : ''}`;
    this.status.tooltip = 'Update INF: the profile and switches Simulate Install uses. Click to change.';
    if (lang === 'update-inf' || lang === 'installer-log') this.status.show();
    else this.status.hide();
  }

  // --- code lens -----------------------------------------------------------------------------------------

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!PACKAGE_INF.test(document.fileName)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, { title: `$(play) Simulate install on ${baseName(this.profile)}`, command: 'updateInf.simulate', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Change profile…', command: 'updateInf.selectProfile' }),
    ];
  }

  // --- commands ------------------------------------------------------------------------------------------

  register(): void {
    const c = this.context.subscriptions;
    c.push(
      vscode.commands.registerCommand('updateInf.simulate', (uri?: vscode.Uri, args?: SimulateArgs) => this.simulateCommand(uri, args)),
      vscode.commands.registerCommand('updateInf.simulateChain', () => this.simulateChainCommand()),
      vscode.commands.registerCommand('updateInf.simulateRemoval', (uri?: vscode.Uri, kb?: string) => this.simulateRemovalCommand(uri, kb)),
      vscode.commands.registerCommand('updateInf.rerunSimulation', () => this.rerun()),
      vscode.commands.registerCommand('updateInf.openSimulatedLog', () => this.openLog()),
      vscode.commands.registerCommand('updateInf.selectProfile', () => this.selectProfile()),
      vscode.commands.registerCommand('updateInf.newProfile', (base?: string, target?: vscode.Uri) => this.newProfile(base, target)),
      vscode.commands.registerCommand('updateInf.newPackage', (layout?: string, kb?: string, target?: vscode.Uri) => this.newPackage(layout, kb, target)),
      vscode.commands.registerCommand('updateInf.compareLog', (logUri?: vscode.Uri, simulationUri?: vscode.Uri) => this.compareLog(logUri, simulationUri)),
      vscode.languages.registerCodeLensProvider({ language: 'update-inf' }, this),
    );
  }

  private request<T>(method: string, params: unknown): Promise<T> {
    const client = this.client();
    if (!client) return Promise.reject(new Error('The Update INF language server is not running.'));
    return client.sendRequest<T>(method, params);
  }

  private packageOf(uri: vscode.Uri | undefined): string | undefined {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    return target && target.scheme !== 'untitled' ? serverPath(target) : undefined;
  }

  async simulateCommand(uri?: vscode.Uri, args: SimulateArgs = {}): Promise<SimulateResponse | undefined> {
    const pkg = this.packageOf(uri);
    if (!pkg) {
      void vscode.window.showWarningMessage('Update INF: open an Update.inf or Updatebr.inf, or pick a package folder in the Explorer, then run Simulate Install.');
      return undefined;
    }
    let profile = args.profile;
    let switches = args.switches;
    if (profile === undefined) {
      profile = await this.pickProfile(this.profile);
      if (profile === undefined) return undefined;
      switches = await vscode.window.showInputBox({ title: 'Update INF: switches for the package installer', value: this.switches, prompt: 'For example /quiet /norestart, /passive, /B:SP2QFE, /nobackup, /ER' });
      if (switches === undefined) return undefined;
    }
    return this.run([pkg, ...(args.then ?? [])], { ...args, profile, switches: switches ?? this.switches });
  }

  private async simulateChainCommand(): Promise<void> {
    const infs = await vscode.workspace.findFiles('**/{update,Update,UPDATE}/{update,Update,UPDATE,updatebr,Updatebr,UPDATEBR}*.{inf,INF}', '**/node_modules/**', 200);
    const roots = [...new Set(infs.map((u) => serverPath(vscode.Uri.joinPath(u, '..', '..'))))].sort();
    if (roots.length === 0) {
      void vscode.window.showInformationMessage('Update INF: no package folders (with update\\update.inf or update\\updatebr.inf) in this workspace.');
      return;
    }
    const order: string[] = [];
    for (;;) {
      const pick = await vscode.window.showQuickPick(
        [...(order.length > 0 ? [{ label: '$(play) Run the chain', description: order.map((p) => baseName(p)).join(' → '), run: true, root: '' }] : []), ...roots.filter((r) => !order.includes(r)).map((r) => ({ label: baseName(r), description: r, run: false, root: r }))],
        { title: `Update INF: chained install — pick package ${order.length + 1} (in install order)` },
      );
      if (!pick) return;
      if (pick.run) break;
      order.push(pick.root);
    }
    const profile = await this.pickProfile(this.profile);
    if (profile === undefined) return;
    await this.run(order, { profile, switches: this.switches });
  }

  private async simulateRemovalCommand(uri?: vscode.Uri, kb?: string): Promise<SimulateResponse | undefined> {
    const pkg = this.packageOf(uri);
    if (!pkg) return undefined;
    const id = kb ?? (await vscode.window.showInputBox({ title: 'Update INF: remove which update after installing?', prompt: 'KB number, e.g. KB123456', validateInput: (v) => (/^(KB|Q)\d{5,7}/i.test(v.trim()) ? undefined : 'Write a KB or Q number such as KB123456.') }));
    if (!id) return undefined;
    return this.run([pkg], { profile: this.profile, switches: this.switches, uninstall: [id.trim()] });
  }

  private async run(packages: string[], args: SimulateArgs): Promise<SimulateResponse | undefined> {
    const response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Update INF: simulating ${packages.map((p) => baseName(p)).join(' → ')} on ${baseName(args.profile ?? this.profile)}…` },
      () =>
        this.request<SimulateResponse>('updateInf/simulate', {
          packages,
          profile: this.resolveProfilePath(args.profile ?? this.profile),
          switches: args.switches ?? this.switches,
          installerVersion: args.installerVersion,
          uninstall: args.uninstall,
        }),
    );
    this.last = { packages, args, response };
    if (!response.ok) {
      void vscode.window.showErrorMessage(`Update INF: the simulation could not run: ${response.error}`);
      return response;
    }
    if (!args.quiet) this.showReport(args, response);
    return response;
  }

  private resolveProfilePath(profile: string): string {
    if (!/[\\/]|\.json$/i.test(profile) || /^([a-z]:)?[\\/]|^[a-z][\w+.-]*:\/\//i.test(profile)) return profile;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? serverPath(vscode.Uri.joinPath(folder.uri, ...profile.split(/[\\/]/))) : profile;
  }

  private showReport(args: SimulateArgs, response: SimulateResponse): void {
    const runs = response.result?.runs ?? [];
    const title = `Simulation: ${runs.map((r) => r.package).join(' → ')}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('updateInf.report', title, vscode.ViewColumn.Beside, { enableScripts: false, enableFindWidget: true });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = title;
    this.panel.webview.html = renderReport({ title, profile: args.profile ?? this.profile, switches: args.switches ?? '', runs }, this.panel.webview.cspSource);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  private async rerun(): Promise<SimulateResponse | undefined> {
    if (!this.last) {
      void vscode.window.showInformationMessage('Update INF: nothing to re-run yet. Run "Update INF: Simulate Install" first.');
      return undefined;
    }
    return this.run(this.last.packages, this.last.args);
  }

  private async openLog(): Promise<vscode.TextDocument | undefined> {
    const runs = this.last?.response.result?.runs;
    if (!runs || runs.length === 0) {
      void vscode.window.showInformationMessage('Update INF: run a simulation first; its installer log opens here.');
      return undefined;
    }
    const content = runs.map((r) => r.log).join('');
    const doc = await vscode.workspace.openTextDocument({ language: 'installer-log', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  // --- profiles --------------------------------------------------------------------------------------------

  private async pickProfile(current: string): Promise<string | undefined> {
    let builtins: ProfileInfo[] = [];
    try {
      builtins = await this.request<ProfileInfo[]>('updateInf/listProfiles', {});
    } catch {
      /* the list stays empty; files still work */
    }
    const files = await vscode.workspace.findFiles('**/*.profile.json', '**/node_modules/**', 100);
    type Item = vscode.QuickPickItem & { value?: string; browse?: boolean };
    const items: Item[] = [
      ...builtins.map((p) => ({ label: p.name, description: p.title, value: p.name, picked: p.name === current })),
      ...files.map((u) => ({ label: vscode.workspace.asRelativePath(u), description: 'profile file', value: serverPath(u) })),
      { label: '$(folder-opened) Browse…', browse: true },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Update INF: target machine profile', placeHolder: `Current: ${current}` });
    if (!pick) return undefined;
    if (pick.browse) {
      const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Profile (JSON)': ['json'] } });
      return chosen?.[0] ? serverPath(chosen[0]) : undefined;
    }
    return pick.value;
  }

  private async selectProfile(): Promise<void> {
    const profile = await this.pickProfile(this.profile);
    if (profile === undefined) return;
    const switches = await vscode.window.showInputBox({ title: 'Update INF: switches', value: this.switches });
    if (switches === undefined) return;
    await this.context.workspaceState.update('updateInf.profile', profile);
    await this.context.workspaceState.update('updateInf.switches', switches);
    this.updateStatus();
    this.lensChanged.fire();
  }

  private async newProfile(base?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const extendsName = base ?? (await this.pickProfile('xp-sp2'));
    if (!extendsName) return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, `${baseName(extendsName).replace(/\.json$/i, '')}.profile.json`) : undefined, filters: { 'Profile (JSON)': ['json'] } }));
    if (!uri) return undefined;
    const { text } = await this.request<{ text: string }>('updateInf/newProfile', { extends: extendsName });
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (!target) await vscode.window.showTextDocument(uri);
    return uri;
  }

  // --- scaffolding -----------------------------------------------------------------------------------------

  private async newPackage(layout?: string, kb?: string, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const chosenLayout =
      layout ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'standard', description: 'update\\update.inf with the payload at the root' },
            { label: 'multi-branch', description: 'update\\updatebr.inf, branches.inf and update_SP2GDR/SP2QFE.inf with one payload folder per branch' },
          ],
          { title: 'Update INF: new update package — layout' },
        )
      )?.label;
    if (!chosenLayout) return undefined;
    const id = kb ?? (await vscode.window.showInputBox({ title: 'Update INF: KB number of the new package', value: 'KB900001', validateInput: (v) => (/^KB\d{5,7}$/i.test(v.trim()) ? undefined : 'Write a KB number such as KB900001.') }));
    if (!id) return undefined;
    const parent = target ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the package here' }))?.[0];
    if (!parent) return undefined;
    const { files } = await this.request<{ files: { path: string; base64: string }[] }>('updateInf/scaffoldPackage', { layout: chosenLayout, kb: id.trim().toUpperCase() });
    const root = vscode.Uri.joinPath(parent, id.trim().toUpperCase());
    for (const f of files) {
      const uri = vscode.Uri.joinPath(root, ...f.path.split('/'));
      await vscode.workspace.fs.writeFile(uri, Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)));
    }
    const main = files.find((f) => /update\/(update|updatebr)\.inf$/i.test(f.path));
    if (main && !target) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, ...main.path.split('/')));
    return root;
  }

  // --- logs ------------------------------------------------------------------------------------------------

  private async compareLog(logUri?: vscode.Uri, simulationUri?: vscode.Uri): Promise<string | undefined> {
    const logDoc = logUri ? await vscode.workspace.openTextDocument(logUri) : vscode.window.activeTextEditor?.document;
    if (!logDoc) {
      void vscode.window.showInformationMessage('Update INF: open an installer log (KB######.log) first.');
      return undefined;
    }
    let simulationJson: string | undefined;
    if (simulationUri) simulationJson = new TextDecoder().decode(await vscode.workspace.fs.readFile(simulationUri));
    else if (this.last?.response.result) {
      const use = await vscode.window.showQuickPick(['Last simulation in this window', 'A simulation JSON file…'], { title: 'Update INF: compare the log with' });
      if (!use) return undefined;
      if (use.startsWith('Last')) simulationJson = JSON.stringify(this.last.response.result);
    }
    if (simulationJson === undefined) {
      const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Simulation JSON': ['json'] } });
      if (!chosen?.[0]) return undefined;
      simulationJson = new TextDecoder().decode(await vscode.workspace.fs.readFile(chosen[0]));
    }
    const { text } = await this.request<{ text: string }>('updateInf/compareLog', { logText: logDoc.getText(), logName: baseName(logDoc.fileName), simulationJson });
    if (!logUri) {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }
    return text;
  }
}
