/**
 * The debugger contribution (type "ml"): launch configurations are completed and checked here,
 * and each session runs `mlpy dap`, the Debug Adapter Protocol over stdin/stdout.
 */

import * as path from "path";
import * as vscode from "vscode";
import { GrantError, parseGrant } from "./grants";
import { DEBUG_ADAPTER_ARGS } from "./protocol";
import { configuredGrants, mlpyExecutable, showSettingsError } from "./settings";

export const DEBUG_TYPE = "ml";

/** Fills in what a launch configuration leaves out and rejects one that cannot work. */
export class MLDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      {
        type: DEBUG_TYPE,
        request: "launch",
        name: "Debug ML program",
        program: "${file}",
        args: [],
        cwd: "${workspaceFolder}",
        capabilities: [],
        stopOnEntry: false,
      },
    ];
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!config.type && !config.request && !config.name) {
      // F5 without a launch.json: debug the ML file in the active editor.
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId !== "ml") {
        return config; // let VS Code offer to create a launch.json
      }
      config = { type: DEBUG_TYPE, request: "launch", name: "Debug ML file", program: "${file}" };
    }
    if (config.request !== "launch") {
      await vscode.window.showErrorMessage(`ML: only "launch" debug configurations are supported (got "${config.request}").`);
      return undefined;
    }
    if (!config.program) {
      await vscode.window.showErrorMessage('ML: the launch configuration needs "program", the ML file to debug.');
      return undefined;
    }
    if (config.capabilities === undefined) {
      config.capabilities = configuredGrants(folder?.uri);
    }
    try {
      for (const grant of config.capabilities as string[]) {
        parseGrant(grant);
      }
    } catch (error) {
      if (error instanceof GrantError) {
        await showSettingsError(`ML: ${error.message}`);
        return undefined;
      }
      throw error;
    }
    config.args ??= [];
    config.stopOnEntry ??= false;
    return config;
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
