/**
 * Integration: start the real language server the way the extension does (the mlpy command from
 * $MLPY or "mlpy", with LANGUAGE_SERVER_ARGS, JSON-RPC over stdio) and check the handshake,
 * diagnostics on open, and a clean shutdown. Run with `npm run test:integration`; needs mlpy
 * with its lsp extra on PATH (ci.sh runs it when mlpy is installed).
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { LANGUAGE_SERVER_ARGS } from "../protocol";

interface Diagnostic {
  range: { start: { line: number; character: number } };
  message: string;
}

test("mlpy lsp: initialize, diagnostics for a file with a syntax error and an unknown name, shutdown", async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "mlpy-lsp-it-"));
  const server = spawn(process.env.MLPY || "mlpy", [...LANGUAGE_SERVER_ARGS], { cwd: folder, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  server.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => server.on("exit", resolve));
  server.on("error", (error) => assert.fail(`could not start the language server: ${error.message}`));
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.onRequest(() => null); // workspace/configuration and the like: no client settings
  const uri = pathToFileURL(path.join(folder, "broken.ml")).href;
  const diagnostics = new Promise<Diagnostic[]>((resolve) => {
    connection.onNotification("textDocument/publishDiagnostics", (params: { uri: string; diagnostics: Diagnostic[] }) => {
      if (params.uri === uri && params.diagnostics.length > 0) {
        resolve(params.diagnostics);
      }
    });
  });
  connection.listen();
  try {
    const init = (await connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: "it" }],
      capabilities: {},
    })) as { capabilities: Record<string, unknown> };
    for (const feature of ["textDocumentSync", "completionProvider", "hoverProvider", "definitionProvider"]) {
      assert.ok(init.capabilities[feature], `server does not announce ${feature}: ${stderr}`);
    }
    await connection.sendNotification("initialized", {});
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "ml", version: 1, text: "x = ;\nprint(zz);\n" },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no diagnostics within 20 s; stderr: ${stderr}`)), 20000);
    });
    const found = await Promise.race([diagnostics, timeout]).finally(() => clearTimeout(timer));
    const lines = found.map((d) => d.range.start.line).sort();
    assert.deepEqual(lines, [0, 1], JSON.stringify(found));
    assert.ok(found.some((d) => d.message.includes("zz")), JSON.stringify(found));
    await connection.sendRequest("shutdown");
    await connection.sendNotification("exit");
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    server.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
