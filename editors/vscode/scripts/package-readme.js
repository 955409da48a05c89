#!/usr/bin/env node
/**
 * Writes out/README.md, the README packaged into the .vsix: README.md without its preview image.
 * vsce accepts only https images in a packaged README and this extension has no published
 * repository to point them at, so the image stays in the source README only.
 */
"use strict";

const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const source = fs.readFileSync(path.join(root, "README.md"), "utf8");
const pattern = /<!-- preview:start -->[\s\S]*?<!-- preview:end -->\n?/;
if (!pattern.test(source)) {
  console.error("package-readme: README.md lacks the <!-- preview:start --> ... <!-- preview:end --> block");
  process.exit(1);
}
fs.mkdirSync(path.join(root, "out"), { recursive: true });
fs.writeFileSync(path.join(root, "out", "README.md"), source.replace(pattern, ""));
