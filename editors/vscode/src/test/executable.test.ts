import * as assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { expandExecutable } from "../executable";

test("the default and plain commands are kept", () => {
  assert.equal(expandExecutable("mlpy", undefined), "mlpy");
  assert.equal(expandExecutable("  ", undefined), "mlpy");
  assert.equal(expandExecutable("/opt/mlpy/bin/mlpy", undefined), "/opt/mlpy/bin/mlpy");
});

test("${workspaceFolder} and a leading ~ are expanded", () => {
  assert.equal(expandExecutable("${workspaceFolder}/.venv/bin/mlpy", "/w/proj"), "/w/proj/.venv/bin/mlpy");
  assert.equal(expandExecutable("~/venv/bin/mlpy", undefined, "/home/ada"), path.join("/home/ada", "venv/bin/mlpy"));
  assert.equal(expandExecutable("a~b", undefined, "/home/ada"), "a~b");
});

test("${workspaceFolder} without an open folder is an error naming the setting", () => {
  assert.throws(() => expandExecutable("${workspaceFolder}/mlpy", undefined), /mlpy.executable .* no folder is open/);
});
