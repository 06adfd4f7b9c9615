// The package's built file `relative` (under dist/), building the package first when a source
// checkout has not been built yet: after `npm ci`, `npx streamweave` and `npx streamweave-kernel`
// work without another step. `command` names the caller in messages.
"use strict";
const { existsSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const path = require("node:path");

/** The absolute path of dist/`relative`, built first if it is missing; exits the process when it cannot be built. */
function built(relative, command) {
  const root = path.join(__dirname, "..");
  const file = path.join(root, "dist", relative);
  if (existsSync(file)) return file;
  const build = path.join(root, "scripts", "build.mjs");
  if (!existsSync(build)) {
    console.error(`${command}: ${file} is missing (a broken install?)`);
    process.exit(1);
  }
  console.error(`${command}: building the package first (npm run build)...`);
  const r = spawnSync(process.execPath, [build], { cwd: root, stdio: ["ignore", 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
  return file;
}

module.exports = { built };
