#!/usr/bin/env node
// The `streamweave-kernel` command (install, uninstall, kernel): runs the built launcher
// dist/kernel/bin.cjs. In a source checkout that has not been built yet, it builds first, so
// `npx streamweave-kernel install` is the only command needed after `npm ci`.
"use strict";
const { built } = require("./built.cjs");

const launcher = built("kernel/bin.cjs", "streamweave-kernel");
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
