#!/usr/bin/env node
// The `streamweave` command (the terminal REPL): runs the built dist/cli.mjs. This file is part of
// the source tree, so the command exists and is executable from the moment the package is
// installed, whatever state dist/ is in; a checkout that has not been built yet builds first.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const { built } = createRequire(import.meta.url)("./built.cjs");
await import(pathToFileURL(built("cli.mjs", "streamweave")).href);
