/**
 * Completing and checking an "ml" launch configuration before a debug session starts. Free of
 * `vscode` imports so it is tested with plain Node; src/debug.ts applies it.
 */

import { GrantError, parseGrant } from "./grants";

/** What the editor knows when a session starts: the active file's language, the grants setting. */
export interface LaunchContext {
  activeLanguageId?: string;
  configuredGrants: readonly string[];
}

/** The configuration to start with, or an error message for the user, or "let VS Code decide". */
export type LaunchResult =
  | { kind: "config"; config: Record<string, unknown> }
  | { kind: "error"; message: string }
  | { kind: "unchanged" };

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * Fill in what a launch configuration leaves out: with no launch.json (an empty configuration)
 * debug the active ML file; `capabilities` defaults to the `mlpy.capabilities` setting, `args` to
 * none, `stopOnEntry` to false. Reject what `mlpy dap` could not run, naming the attribute.
 */
export function completeLaunchConfiguration(input: Record<string, unknown>, context: LaunchContext): LaunchResult {
  let config = { ...input };
  if (!config.type && !config.request && !config.name) {
    if (context.activeLanguageId !== "ml") {
      return { kind: "unchanged" }; // VS Code then offers to create a launch.json
    }
    config = { type: "ml", request: "launch", name: "Debug ML file", program: "${file}" };
  }
  if (config.request !== "launch") {
    return { kind: "error", message: `only "launch" debug configurations are supported (got "${String(config.request)}")` };
  }
  if (typeof config.program !== "string" || config.program.trim() === "") {
    return { kind: "error", message: 'the launch configuration needs "program", the ML file to debug' };
  }
  if (config.capabilities === undefined) {
    config.capabilities = [...context.configuredGrants];
  }
  if (!isStringArray(config.capabilities)) {
    return { kind: "error", message: '"capabilities" must be a list of grant strings such as ["read:/data", "net:api.example.com"]' };
  }
  for (const grant of config.capabilities) {
    try {
      parseGrant(grant);
    } catch (error) {
      if (error instanceof GrantError) {
        return { kind: "error", message: error.message };
      }
      throw error;
    }
  }
  config.args ??= [];
  if (!isStringArray(config.args)) {
    return { kind: "error", message: '"args" must be a list of strings' };
  }
  config.stopOnEntry ??= false;
  if (typeof config.stopOnEntry !== "boolean") {
    return { kind: "error", message: '"stopOnEntry" must be true or false' };
  }
  return { kind: "config", config };
}
