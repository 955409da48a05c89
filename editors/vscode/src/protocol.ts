/**
 * How the extension starts mlpy's servers: `mlpy lsp` and `mlpy dap`, each speaking its protocol
 * over stdin/stdout. Shared by the extension and the integration test that starts the real server.
 */

/** Arguments after the mlpy command for the language server (JSON-RPC, LSP, over stdio). */
export const LANGUAGE_SERVER_ARGS: readonly string[] = ["lsp"];

/** Arguments after the mlpy command for the debug adapter (Debug Adapter Protocol over stdio). */
export const DEBUG_ADAPTER_ARGS: readonly string[] = ["dap"];
