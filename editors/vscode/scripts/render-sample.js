#!/usr/bin/env node
/**
 * Renders an ML file as HTML coloured by this extension's TextMate grammar, for the README's
 * preview image. Tokens come from vscode-textmate (the engine VS Code uses) with
 * syntaxes/ml.tmLanguage.json; the colours are this script's own dark palette, chosen to look
 * like a typical dark editor theme. It is a preview of the grammar, not a screenshot of VS Code.
 *
 *   node scripts/render-sample.js media/sample.ml /tmp/sample.html
 *   chromium --headless --screenshot=media/highlighting.png --window-size=W,H file:///tmp/sample.html
 */
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const { createRegistry } = require("vscode-tmgrammar-test/dist/common/index");

const root = path.resolve(__dirname, "..");

/** Scope prefix -> [colour, font style]; the longest matching prefix of the innermost scope wins. */
const PALETTE = [
  ["comment", "#6a9955", "italic"],
  ["string", "#ce9178"],
  ["constant.character.escape", "#d7ba7d"],
  ["constant.numeric", "#b5cea8"],
  ["constant.language", "#569cd6"],
  ["constant.language.capability", "#4ec9b0"],
  ["keyword", "#c586c0"],
  ["keyword.operator", "#d4d4d4"],
  ["keyword.operator.ternary", "#c586c0"],
  ["keyword.other.capability", "#c586c0"],
  ["storage", "#569cd6"],
  ["entity.name.function", "#dcdcaa"],
  ["entity.name.type", "#4ec9b0"],
  ["entity.name.namespace", "#4ec9b0"],
  ["support.function.builtin", "#dcdcaa"],
  ["support.variable.builtin", "#4ec9b0"],
  ["variable.parameter", "#9cdcfe"],
  ["variable", "#9cdcfe"],
  ["meta.object-literal.key", "#9cdcfe"],
  ["invalid", "#f44747"],
];

function styleFor(scopes) {
  for (let i = scopes.length - 1; i >= 0; i--) {
    let best;
    for (const rule of PALETTE) {
      if ((scopes[i] === rule[0] || scopes[i].startsWith(rule[0] + ".")) && (!best || rule[0].length > best[0].length)) {
        best = rule;
      }
    }
    if (best) {
      return `color:${best[1]}${best[2] ? `;font-style:${best[2]}` : ""}`;
    }
  }
  return "";
}

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function main() {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node scripts/render-sample.js INPUT.ml OUTPUT.html");
    return 2;
  }
  const registry = createRegistry([{ path: path.join(root, "syntaxes", "ml.tmLanguage.json"), scopeName: "source.mlpy" }]);
  const grammar = await registry.loadGrammar("source.mlpy");
  let stack = vsctm.INITIAL;
  const rows = [];
  fs.readFileSync(input, "utf8").replace(/\n$/, "").split("\n").forEach((line, n) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    const spans = result.tokens.map((t) => {
      const text = escapeHtml(line.slice(t.startIndex, t.endIndex));
      const style = styleFor(t.scopes);
      return style ? `<span style="${style}">${text}</span>` : text;
    });
    rows.push(`<span class="ln">${n + 1}</span>${spans.join("")}`);
  });
  const caption = `${escapeHtml(path.basename(input))} — coloured by syntaxes/ml.tmLanguage.json through vscode-textmate ` +
    "(rendered by scripts/render-sample.js; a preview of the grammar, not a VS Code screenshot)";
  fs.writeFileSync(output, `<!doctype html>
<html><head><meta charset="utf-8"><style>
body { margin: 0; background: #1e1e1e; color: #d4d4d4; }
pre { margin: 0; padding: 14px 18px 8px 0; font: 14px/1.45 "DejaVu Sans Mono", "Liberation Mono", monospace; tab-size: 4; }
.ln { display: inline-block; width: 3.2em; padding-right: 1.2em; text-align: right; color: #6e7681; user-select: none; }
.caption { font: 12px "DejaVu Sans", sans-serif; color: #8b949e; padding: 6px 18px 12px; border-top: 1px solid #333; }
</style></head><body>
<pre>${rows.join("\n")}</pre>
<div class="caption">${caption}</div>
</body></html>
`);
  return 0;
}

main().then((code) => (process.exitCode = code), (error) => {
  console.error(error);
  process.exitCode = 1;
});
