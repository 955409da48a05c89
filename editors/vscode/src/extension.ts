/**
 * Entry point of the ML extension: the language client (`mlpy lsp`), the debugger (`mlpy dap`)
 * and the "Run File" command. Highlighting, snippets and editing rules are declarative
 * (package.json, syntaxes/, snippets/, language-configuration.json) and need no code.
 */

import * as vscode from "vscode";
import { registerDebugger } from "./debug";
import { LanguageServerController } from "./languageClient";
import { runFile } from "./runFile";

let server: LanguageServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  server = new LanguageServerController();
  context.subscriptions.push(
    server,
    vscode.commands.registerCommand("mlpy.restartLanguageServer", () => server?.restart()),
    vscode.commands.registerCommand("mlpy.runFile", runFile),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("mlpy.executable") || event.affectsConfiguration("mlpy.languageServer")) {
        void server?.restart();
      }
    }),
  );
  registerDebugger(context);
  void server.start(); // activation does not wait for the server's initialize handshake
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
