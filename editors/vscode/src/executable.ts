/**
 * Where the `mlpy` command is: the setting `mlpy.executable` with `${workspaceFolder}` and a
 * leading `~` expanded. Kept free of `vscode` imports so it is tested with plain Node.
 */

import * as os from "os";
import * as path from "path";

/** Expand `${workspaceFolder}` (when a folder is open) and a leading `~` in the configured path. */
export function expandExecutable(configured: string, workspaceFolder: string | undefined, home = os.homedir()): string {
  let value = configured.trim() || "mlpy";
  if (value.includes("${workspaceFolder}")) {
    if (workspaceFolder === undefined) {
      throw new Error(`mlpy.executable "${configured}" uses \${workspaceFolder} but no folder is open`);
    }
    value = value.split("${workspaceFolder}").join(workspaceFolder);
  }
  if (value === "~" || value.startsWith("~/")) {
    value = path.join(home, value.slice(1));
  }
  return value;
}
