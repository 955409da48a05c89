#!/usr/bin/env node
/**
 * Keeps the grammar in step with the language implementation: every reserved word of
 * src/mlpy/language/lexer.py and every builtin of src/mlpy/compiler/builtin_names.py is
 * tokenized with the grammar and must get the expected scope, and '//' after each reserved word
 * must be a comment unless the word is an operand (true, false, null, undefined).
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const { createRegistry } = require("vscode-tmgrammar-test/dist/common/index");

const root = path.resolve(__dirname, "..");
const repo = path.resolve(root, "..", "..");

/** The words of a Python string-literal list ending in .split(), after `anchor` in `file`. */
function pythonWordList(file, anchor) {
  const text = fs.readFileSync(path.join(repo, file), "utf8");
  const start = text.indexOf(anchor);
  if (start < 0) {
    throw new Error(`${file}: "${anchor}" not found; update scripts/check-grammar-sync.js`);
  }
  const end = text.indexOf(".split()", start);
  const literals = text.slice(start, end).match(/"""[\s\S]*?"""|"[^"\n]*"/g) || [];
  return literals.map((s) => s.replace(/^"+|"+$/g, "")).join(" ").split(/\s+/).filter(Boolean);
}

/** Scopes of each token of one line, as [text, scopes[]]. */
function tokenize(grammar, line) {
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  return tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]);
}

async function main() {
  const reserved = pythonWordList("src/mlpy/language/lexer.py", "RESERVED_WORDS = frozenset(");
  const builtins = pythonWordList("src/mlpy/compiler/builtin_names.py", "BUILTIN_FUNCTION_NAMES");
  if (reserved.length < 20 || builtins.length < 40) {
    throw new Error(`read ${reserved.length} reserved words and ${builtins.length} builtins: the Python sources changed shape`);
  }
  const registry = createRegistry([{ path: path.join(root, "syntaxes", "ml.tmLanguage.json"), scopeName: "source.mlpy" }]);
  const grammar = await registry.loadGrammar("source.mlpy");
  const failures = [];
  const operandWords = new Set(["true", "false", "null", "undefined"]);

  for (const word of [...reserved, "undefined"]) {
    const [first] = tokenize(grammar, `${word} // x`);
    const scope = first[1].join(" ");
    if (first[0] !== word || !/\b(keyword|storage|constant\.language)\./.test(scope)) {
      failures.push(`reserved word "${word}" is not highlighted as a keyword (got "${first[0]}": ${scope})`);
    }
    const slash = tokenize(grammar, `${word} // x`).find(([text]) => text.startsWith("//"));
    const isComment = slash !== undefined && slash[1].some((s) => s.startsWith("comment.line"));
    if (operandWords.has(word) === isComment) {
      failures.push(`"${word} // x": '//' should be ${operandWords.has(word) ? "floor division" : "a comment"}`);
    }
    const member = tokenize(grammar, `o.${word} // 2`).find(([text]) => text === word);
    if (!member || !member[1].includes("variable.other.property.mlpy")) {
      failures.push(`"o.${word}": a reserved word after '.' should be a property name`);
    }
  }
  for (const name of builtins) {
    const [first] = tokenize(grammar, `${name}(x)`);
    if (first[0] !== name || !first[1].includes("support.function.builtin.mlpy")) {
      failures.push(`builtin "${name}" is not highlighted as support.function.builtin.mlpy (got "${first[0]}")`);
    }
  }
  const listed = JSON.parse(fs.readFileSync(path.join(root, "syntaxes", "ml.tmLanguage.json"), "utf8"))
    .repository.builtins.patterns[0].match.replace(/^\\b\(\?:|\)\\b$/g, "").split("|");
  for (const name of listed) {
    if (!builtins.includes(name)) {
      failures.push(`the grammar lists "${name}" as a builtin, but src/mlpy/compiler/builtin_names.py does not`);
    }
  }

  if (failures.length) {
    console.error(failures.map((f) => `grammar sync: ${f}`).join("\n"));
    console.error("grammar sync: update syntaxes/ml.tmLanguage.json to match the Python sources");
    return 1;
  }
  console.log(`grammar sync: ${reserved.length} reserved words and ${builtins.length} builtins match src/mlpy`);
  return 0;
}

main().then((code) => (process.exitCode = code), (error) => {
  console.error(`grammar sync: ${error.message}`);
  process.exitCode = 1;
});
