/** "ML: Run File": runs `mlpy run` on an ML file in a terminal, with the grants from the settings. */

import * as path from "path";
import * as vscode from "vscode";
import { GrantError, grantsToFlags } from "./grants";
import { configuredGrants, mlpyExecutable, showSettingsError } from "./settings";

export async function runFile(uri?: vscode.Uri): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== "ml") {
    await vscode.window.showErrorMessage("ML: open an ML file to run it.");
    return;
  }
  if (document.isUntitled) {
    await vscode.window.showErrorMessage("ML: save the file before running it.");
    return;
  }
  await document.save();
  let flags: string[];
  let command: string;
  try {
    flags = grantsToFlags(configuredGrants(document.uri));
    command = mlpyExecutable(document.uri);
  } catch (error) {
    if (error instanceof GrantError || error instanceof Error) {
      await showSettingsError(`ML: ${error.message}`);
      return;
    }
    throw error;
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const terminal = vscode.window.createTerminal({
    name: `ML: ${path.basename(document.uri.fsPath)}`,
    shellPath: command,
    shellArgs: ["run", ...flags, document.uri.fsPath],
    cwd: folder?.uri.fsPath ?? path.dirname(document.uri.fsPath),
  });
  terminal.show();
}
