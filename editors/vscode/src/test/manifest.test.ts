/** The declarative parts of the extension: manifest, language configuration, snippets. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { parseGrant } from "../grants";

const root = path.resolve(__dirname, "..", "..");
const readJson = (name: string) => JSON.parse(fs.readFileSync(path.join(root, name), "utf8"));
const manifest = readJson("package.json");
const languageConfiguration = readJson("language-configuration.json");

test("the debugger contributes type 'ml' with the launch attributes mlpy dap reads", () => {
  const [debuggerContribution] = manifest.contributes.debuggers;
  assert.equal(debuggerContribution.type, "ml");
  const launch = debuggerContribution.configurationAttributes.launch;
  assert.deepEqual(Object.keys(launch.properties).sort(), ["args", "capabilities", "cwd", "maxOutput", "maxRecursion", "maxSteps", "program", "stopOnEntry", "timeout"]);
  assert.deepEqual(launch.required, ["program"]);
  assert.equal(debuggerContribution.initialConfigurations[0].type, "ml");
});

test("the launch limits are declared with the types mlpy dap accepts, and memory is not", () => {
  const properties = manifest.contributes.debuggers[0].configurationAttributes.launch.properties;
  assert.equal(properties.timeout.type, "number");
  assert.equal(properties.timeout.exclusiveMinimum, 0);
  for (const name of ["maxSteps", "maxOutput", "maxRecursion"]) {
    assert.equal(properties[name].type, "integer", name);
    assert.equal(properties[name].minimum, 1, name);
  }
  for (const name of ["timeout", "maxSteps", "maxOutput", "maxRecursion"]) {
    assert.match(properties[name].description, /mlpy run --/, name);
  }
  assert.match(properties.timeout.description, /paused at a breakpoint/);
  // mlpy dap refuses it: the debugger shares the program's process, whose memory it would count.
  assert.equal(properties.maxMemory, undefined);
});

test("the grant pattern in the settings schema accepts what parseGrant accepts, and not the rest", () => {
  const pattern = new RegExp(manifest.contributes.configuration.properties["mlpy.capabilities"].items.pattern);
  const launchPattern = manifest.contributes.debuggers[0].configurationAttributes.launch.properties.capabilities.items.pattern;
  assert.equal(launchPattern, pattern.source);
  for (const good of ["read", "read:/data", "net:api.example.com:443", "deny-write:/tmp", "all", "env:HOME"]) {
    assert.ok(pattern.test(good), good);
    parseGrant(good);
  }
  for (const bad of ["", "read /data", "-read", ":x"]) {
    assert.ok(!pattern.test(bad), bad);
  }
});

test("settings: executable, capabilities, trace", () => {
  const properties = manifest.contributes.configuration.properties;
  assert.equal(properties["mlpy.executable"].default, "mlpy");
  assert.deepEqual(properties["mlpy.capabilities"].default, []);
  assert.deepEqual(properties["mlpy.trace.server"].enum, ["off", "messages", "verbose"]);
});

test("indentation rules: indent after an opening bracket, outdent on a closing one", () => {
  const increase = new RegExp(languageConfiguration.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(languageConfiguration.indentationRules.decreaseIndentPattern);
  for (const line of ["if (x > 1) {", "function f(a) { // note", "items = [", "total = sum(", "} else {", "} except (e) {"]) {
    assert.ok(increase.test(line), line);
  }
  for (const line of ["x = {a: 1};", "print(x);", "// {", "s = \"{\";", "}"]) {
    assert.ok(!increase.test(line), line);
  }
  for (const line of ["}", "  } else {", "];", ")"]) {
    assert.ok(decrease.test(line), line);
  }
  assert.ok(!decrease.test("x = 1;"));
});

test("comments and brackets match the language", () => {
  assert.equal(languageConfiguration.comments.lineComment, "//");
  assert.deepEqual(languageConfiguration.comments.blockComment, ["/*", "*/"]);
  const pairs = languageConfiguration.autoClosingPairs.map((p: { open: string }) => p.open);
  for (const open of ["{", "[", "(", "\"", "'"]) {
    assert.ok(pairs.includes(open), open);
  }
});

test("snippets cover the statements and use ML syntax (elif, except, capability)", () => {
  const snippets = readJson("snippets/ml.code-snippets");
  const prefixes = Object.values(snippets).map((s) => (s as { prefix: string }).prefix);
  for (const prefix of ["function", "fn", "if", "ifelif", "for", "while", "try", "tryf", "import", "capability"]) {
    assert.ok(prefixes.includes(prefix), prefix);
  }
  const text = Object.values(snippets).map((s) => (s as { body: string[] }).body.join("\n")).join("\n");
  assert.ok(!text.includes("else if"), "ML has no 'else if'");
  assert.ok(!text.includes("catch"), "ML uses except, not catch");
});

test("every contributed command is registered by the extension, and only those", () => {
  const sources = fs
    .readdirSync(path.join(root, "src"))
    .filter((name) => name.endsWith(".ts"))
    .map((name) => fs.readFileSync(path.join(root, "src", name), "utf8"))
    .join("\n");
  const registered = [...sources.matchAll(/registerCommand\(\s*"([^"]+)"/g)].map((m) => m[1]).sort();
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(registered, contributed);
  for (const menu of Object.values(manifest.contributes.menus) as { command: string }[][]) {
    for (const item of menu) {
      assert.ok(contributed.includes(item.command), item.command);
    }
  }
});
