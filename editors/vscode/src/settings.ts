/** Reading the extension's settings (`mlpy.*`) for a given file or folder. */

import * as vscode from "vscode";
import { expandExecutable } from "./executable";

/** The `mlpy` command configured for `scope` (a file or folder), with variables expanded. */
export function mlpyExecutable(scope?: vscode.Uri): string {
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  const configured = vscode.workspace.getConfiguration("mlpy", scope).get<string>("executable", "mlpy");
  return expandExecutable(configured, folder?.uri.fsPath);
}

/** The grants (`mlpy.capabilities`) configured for `scope`; an empty list grants nothing. */
export function configuredGrants(scope?: vscode.Uri): string[] {
  return vscode.workspace.getConfiguration("mlpy", scope).get<string[]>("capabilities", []);
}

/** Show an error with a button that opens the extension's settings. */
export async function showSettingsError(message: string): Promise<void> {
  const open = "Open Settings";
  if ((await vscode.window.showErrorMessage(message, open)) === open) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "mlpy.");
  }
}
