/**
 * The debugger contribution (type "ml"): launch configurations are completed and checked here,
 * and each session runs `mlpy dap`, the Debug Adapter Protocol over stdin/stdout.
 */

import * as path from "path";
import * as vscode from "vscode";
import { completeLaunchConfiguration } from "./launch";
import { DEBUG_ADAPTER_ARGS } from "./protocol";
import { configuredGrants, mlpyExecutable, showSettingsError } from "./settings";

export const DEBUG_TYPE = "ml";

/**
 * Fills in what a launch configuration leaves out and rejects one that cannot work (the initial
 * launch.json comes from `initialConfigurations` in package.json).
 */
export class MLDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    const result = completeLaunchConfiguration(config, {
      activeLanguageId: vscode.window.activeTextEditor?.document.languageId,
      configuredGrants: configuredGrants(folder?.uri),
    });
    switch (result.kind) {
      case "unchanged":
        return config;
      case "error":
        await showSettingsError(`ML: ${result.message}.`);
        return undefined;
      case "config":
        return result.config as vscode.DebugConfiguration;
    }
  }

  resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration {
    config.cwd ||= folder?.uri.fsPath ?? path.dirname(String(config.program));
    return config;
  }
}

/** Starts `mlpy dap` for each debug session. */
export class MLDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const command = mlpyExecutable(session.workspaceFolder?.uri);
    return new vscode.DebugAdapterExecutable(command, [...DEBUG_ADAPTER_ARGS], { cwd: session.configuration.cwd });
  }
}

/** Debug the given ML file (or the active editor's) with the configured grants. */
export async function debugFile(uri?: vscode.Uri): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    await vscode.window.showErrorMessage("ML: open an ML file to debug it.");
    return;
  }
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), {
    type: DEBUG_TYPE,
    request: "launch",
    name: `Debug ${path.basename(target.fsPath)}`,
    program: target.fsPath,
  });
}

export function registerDebugger(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new MLDebugConfigurationProvider()),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new MLDebugAdapterFactory()),
    vscode.commands.registerCommand("mlpy.debugFile", debugFile),
  );
}
