#!/usr/bin/env node
// The `streamweave-kernel` command (install, uninstall, kernel): runs the built launcher
// dist/kernel/bin.cjs. In a source checkout that has not been built yet, it builds first, so
// `npx streamweave-kernel install` is the only command needed after `npm ci`.
"use strict";
const { existsSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.join(__dirname, "..");
const launcher = path.join(root, "dist", "kernel", "bin.cjs");
if (!existsSync(launcher)) {
  const build = path.join(root, "scripts", "build.mjs");
  if (!existsSync(build)) {
    console.error(`streamweave-kernel: ${launcher} is missing (a broken install?)`);
    process.exit(1);
  }
  console.error("streamweave-kernel: building the package first (npm run build)...");
  const r = spawnSync(process.execPath, [build], { cwd: root, stdio: ["ignore", 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
require(launcher)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
