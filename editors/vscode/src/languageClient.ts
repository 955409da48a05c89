/**
 * The language client: starts `mlpy lsp` (JSON-RPC over stdin/stdout) for ML files and keeps it
 * informed of changes to ML sources, Python extension modules and mlpy.toml on disk.
 */

import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { LANGUAGE_SERVER_ARGS } from "./protocol";
import { mlpyExecutable, showSettingsError } from "./settings";

/**
 * Owns at most one running client. The client id "mlpy" makes vscode-languageclient read the
 * setting `mlpy.trace.server`.
 */
export class LanguageServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly output = vscode.window.createOutputChannel("ML Language Server");

  /** Start the server unless `mlpy.languageServer.enabled` is false; report a failure, never throw. */
  async start(): Promise<void> {
    if (!vscode.workspace.getConfiguration("mlpy").get<boolean>("languageServer.enabled", true)) {
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    let command: string;
    try {
      command = mlpyExecutable(folder?.uri);
    } catch (error) {
      await showSettingsError(`ML: ${(error as Error).message}`);
      return;
    }
    const serverOptions: ServerOptions = { command, args: [...LANGUAGE_SERVER_ARGS], options: { cwd: folder?.uri.fsPath } };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "ml" },
        { scheme: "untitled", language: "ml" },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.ml,*.py,mlpy.toml}"),
      },
      outputChannel: this.output,
    };
    const client = new LanguageClient("mlpy", "ML Language Server", serverOptions, clientOptions);
    try {
      await client.start();
      this.client = client;
    } catch (error) {
      this.output.appendLine(`Could not start "${command} lsp": ${String(error)}`);
      await showSettingsError(
        `ML: could not start the language server "${command} lsp" (${(error as Error).message ?? error}). ` +
          `Install mlpy with its lsp extra (pip install 'mlpy[lsp]') or set mlpy.executable.`,
      );
    }
  }

  /** Stop the running server, if any. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      await client.stop();
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
  }
}
