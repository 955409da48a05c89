import * as assert from "node:assert/strict";
import { test } from "node:test";
import { completeLaunchConfiguration } from "../launch";

const context = { activeLanguageId: "ml", configuredGrants: ["read:data"] };

test("F5 without launch.json debugs the active ML file with the configured grants", () => {
  assert.deepEqual(completeLaunchConfiguration({}, context), {
    kind: "config",
    config: {
      type: "ml", request: "launch", name: "Debug ML file", program: "${file}",
      capabilities: ["read:data"], args: [], stopOnEntry: false,
    },
  });
});

test("without launch.json in a non-ML editor VS Code decides (it offers to create one)", () => {
  assert.deepEqual(completeLaunchConfiguration({}, { activeLanguageId: "python", configuredGrants: [] }), { kind: "unchanged" });
});

test("explicit capabilities win over the setting, even an empty list", () => {
  const result = completeLaunchConfiguration(
    { type: "ml", request: "launch", name: "x", program: "a.ml", capabilities: [], stopOnEntry: true, args: ["1"] },
    context,
  );
  assert.deepEqual(result, {
    kind: "config",
    config: { type: "ml", request: "launch", name: "x", program: "a.ml", capabilities: [], stopOnEntry: true, args: ["1"] },
  });
});

test("the configuration passed in is not modified", () => {
  const input = { type: "ml", request: "launch", name: "x", program: "a.ml" };
  completeLaunchConfiguration(input, context);
  assert.deepEqual(input, { type: "ml", request: "launch", name: "x", program: "a.ml" });
});

test("configurations mlpy dap could not run are rejected with the attribute named", () => {
  const base = { type: "ml", request: "launch", name: "x", program: "a.ml" };
  const message = (config: Record<string, unknown>) => {
    const result = completeLaunchConfiguration(config, context);
    assert.equal(result.kind, "error", JSON.stringify(result));
    return (result as { message: string }).message;
  };
  assert.match(message({ ...base, request: "attach" }), /only "launch"/);
  assert.match(message({ ...base, program: "" }), /needs "program"/);
  assert.match(message({ ...base, program: undefined }), /needs "program"/);
  assert.match(message({ ...base, capabilities: "read:/data" }), /"capabilities" must be a list/);
  assert.match(message({ ...base, capabilities: ["exec:/bin/sh"] }), /unknown grant "exec:\/bin\/sh"/);
  assert.match(message({ ...base, args: "1 2" }), /"args" must be a list/);
  assert.match(message({ ...base, stopOnEntry: "yes" }), /"stopOnEntry" must be true or false/);
});
