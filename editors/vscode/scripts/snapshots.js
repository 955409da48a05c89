#!/usr/bin/env node
/**
 * Snapshot tests of the grammar over the repository's ML programs (tests/programs/*.ml).
 *
 * vscode-tmgrammar-snap keeps each snapshot next to its source file; the programs belong to the
 * Python test suite, so the snapshots live here in test/snapshots/ and each run copies programs
 * and snapshots side by side into a temporary folder. A program without a snapshot, or a
 * snapshot whose program is gone, fails the run: `npm run test:snapshots:update` regenerates
 * them after a deliberate grammar or program change (review the diff before committing).
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const programsDir = path.resolve(root, "..", "..", "tests", "programs");
const snapshotsDir = path.join(root, "test", "snapshots");
const update = process.argv.includes("--update");

function main() {
  if (!fs.existsSync(programsDir)) {
    console.error(`snapshots: ${programsDir} not found (run from the mlpy repository's editors/vscode)`);
    return 1;
  }
  const programs = fs.readdirSync(programsDir).filter((name) => name.endsWith(".ml")).sort();
  if (programs.length === 0) {
    console.error(`snapshots: no .ml programs in ${programsDir}`);
    return 1;
  }
  fs.mkdirSync(snapshotsDir, { recursive: true });
  const snapshots = fs.readdirSync(snapshotsDir).filter((name) => name.endsWith(".ml.snap"));
  const missing = programs.filter((name) => !snapshots.includes(`${name}.snap`));
  const stale = snapshots.filter((name) => !programs.includes(name.slice(0, -".snap".length)));

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mlpy-grammar-snap-"));
  try {
    const workPrograms = path.join(work, "programs");
    fs.mkdirSync(workPrograms);
    for (const name of programs) {
      fs.copyFileSync(path.join(programsDir, name), path.join(workPrograms, name));
      if (!missing.includes(name)) {
        fs.copyFileSync(path.join(snapshotsDir, `${name}.snap`), path.join(workPrograms, `${name}.snap`));
      }
    }
    const tool = require.resolve("vscode-tmgrammar-test/dist/snapshot.js", { paths: [root] });
    const args = [tool, "--config", path.join(root, "package.json"), ...(update ? ["--updateSnapshot"] : []), "programs/*.ml"];
    const run = spawnSync(process.execPath, args, { cwd: work, stdio: "inherit" });
    if (run.error) {
      throw run.error;
    }
    if (update) {
      for (const name of programs) {
        fs.copyFileSync(path.join(workPrograms, `${name}.snap`), path.join(snapshotsDir, `${name}.snap`));
      }
      for (const name of stale) {
        fs.unlinkSync(path.join(snapshotsDir, name));
      }
      console.log(`snapshots: ${programs.length} written to ${path.relative(process.cwd(), snapshotsDir) || "."}` +
        (stale.length ? `, ${stale.length} stale removed` : ""));
      return run.status === 0 ? 0 : 1;
    }
    let status = run.status === 0 ? 0 : 1;
    if (missing.length || stale.length) {
      if (missing.length) {
        console.error(`snapshots: no snapshot for ${missing.join(", ")}`);
      }
      if (stale.length) {
        console.error(`snapshots: snapshot without a program: ${stale.join(", ")}`);
      }
      console.error("snapshots: run `npm run test:snapshots:update` and review the new snapshots before committing");
      status = 1;
    }
    if (status === 0) {
      console.log(`snapshots: ${programs.length} programs match their snapshots`);
    }
    return status;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
