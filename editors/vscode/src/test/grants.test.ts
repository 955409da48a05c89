import * as assert from "node:assert/strict";
import { test } from "node:test";
import { GrantError, grantsToFlags, parseGrant } from "../grants";

test("parseGrant reads kind, target and deny", () => {
  assert.deepEqual(parseGrant("read:/data"), { deny: false, kind: "read", target: "/data" });
  assert.deepEqual(parseGrant("net:api.example.com:443"), { deny: false, kind: "net", target: "api.example.com:443" });
  assert.deepEqual(parseGrant("deny-env:HOME"), { deny: true, kind: "env", target: "HOME" });
  assert.deepEqual(parseGrant("write"), { deny: false, kind: "write", target: undefined });
  assert.deepEqual(parseGrant(" all "), { deny: false, kind: "all" });
});

test("parseGrant rejects unknown kinds, empty targets and commas with a message saying what to write", () => {
  assert.throws(() => parseGrant("exec:/bin/sh"), (e: unknown) => e instanceof GrantError && /unknown grant "exec:\/bin\/sh".*read:\/data/.test(e.message));
  assert.throws(() => parseGrant("read:"), /empty target: write "read"/);
  assert.throws(() => parseGrant("deny-net:"), /write "deny-net"/);
  assert.throws(() => parseGrant("read:/a,/b"), /cannot contain ','/);
});

test("grantsToFlags groups targets per kind, in a fixed order, denies after allows", () => {
  assert.deepEqual(
    grantsToFlags(["net:api.example.com", "read:/data", "read:/srv", "deny-read:/data/secret", "env:HOME"]),
    ["--allow-read=/data,/srv", "--allow-net=api.example.com", "--allow-env=HOME", "--deny-read=/data/secret"],
  );
});

test("a grant without a target makes the flag bare (everything of that kind)", () => {
  assert.deepEqual(grantsToFlags(["read:/data", "read"]), ["--allow-read"]);
  assert.deepEqual(grantsToFlags(["write", "write:/tmp"]), ["--allow-write"]);
  assert.deepEqual(grantsToFlags(["all", "deny-net"]), ["--allow-all", "--deny-net"]);
  assert.deepEqual(grantsToFlags([]), []);
});
