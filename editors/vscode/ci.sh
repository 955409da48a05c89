#!/usr/bin/env bash
# CI for the VS Code extension: clean install from package-lock.json, type-check and tests
# (unit, grammar, snapshots over ../../tests/programs, grammar/lexer sync), the mlpy lsp
# integration test when mlpy is installed, then build the .vsix.
# Needs Node.js >= 20 and npm. The .vsix goes to $VSIX_OUT (default: a file in $TMPDIR or /tmp).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
    echo "editors/vscode/ci.sh: npm is not installed (Node.js >= 20 is needed to build the extension)" >&2
    exit 1
fi
out="${VSIX_OUT:-${TMPDIR:-/tmp}/mlpy-ml-$$.vsix}"
npm ci --no-audit --no-fund
npm test
# The language-server contract test needs mlpy (with its lsp extra) on PATH or in $MLPY.
if command -v "${MLPY:-mlpy}" >/dev/null 2>&1; then
    npm run test:integration
else
    echo "editors/vscode/ci.sh: no mlpy command, so the mlpy lsp integration test is not run" >&2
fi
npx --no-install vsce package --out "$out" </dev/null
echo "editors/vscode/ci.sh: built $out"
