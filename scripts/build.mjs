// Builds the package: ESM and CommonJS bundles (esbuild) and type declarations (tsc), and the
// Jupyter kernel (dist/kernel/bin.cjs, the `streamweave-kernel` command).
// Everything is built into a fresh folder and swapped into dist/ at the end, so a run that is
// reading dist/ meanwhile never sees it half-written.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { exportedNames } from "./exports.mjs";
import { apiHelp } from "./api-help.mjs";

const next = `dist-next-${process.pid}`;
const old = `dist-old-${process.pid}`;
const common = { bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning", external: ["better-sqlite3"] };

// The kernel runs beside the library cells use, never with a copy of its own: its imports of
// src/index.js and src/internals.js become imports of the package itself ("streamweave" and
// "streamweave/internals", resolved at run time to the same bundle cells load), and every other
// package stays external.
const entries = { [path.resolve("src/index")]: "streamweave", [path.resolve("src/internals")]: "streamweave/internals" };
const libraryAsPackage = {
  name: "library-as-package",
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = entries[path.resolve(args.resolveDir, args.path).replace(/\.(js|ts)$/, "")];
      return target === undefined ? undefined : { path: target, external: true };
    });
  },
};

/** The CommonJS public entry: the public names, taken from the toolkit bundle so both entries share one copy of every class. */
function publicEntry(values) {
  const lines = values.map((n) => `  ${n}: all.${n},`);
  return `"use strict";\n// The public entry: the names of src/index.ts, from the one bundle both entries share.\nconst all = require("./internals.cjs");\nmodule.exports = {\n${lines.join("\n")}\n};\n`;
}

try {
  // ESM: both entries share chunks. CommonJS: one bundle (internals.cjs), which index.cjs picks the public names from.
  await build({ ...common, entryPoints: { index: "src/index.ts", internals: "src/internals.ts" }, format: "esm", splitting: true, outdir: next, chunkNames: "chunks/[name]-[hash]" });
  await build({ ...common, entryPoints: ["src/internals.ts"], format: "cjs", outfile: `${next}/internals.cjs` });
  const api = exportedNames("src/index.ts"); // the kernel puts these in scope
  writeFileSync(`${next}/index.cjs`, publicEntry(api.values));
  // The terminal REPL (bin "streamweave"): packages stay external, so it uses this package's built
  // library ("streamweave" resolves to dist/index.js) and the installed ink, react, chalk, esbuild.
  // The terminal part (ink, react) is a chunk of its own, loaded only on a terminal.
  await build({ ...common, entryPoints: { cli: "cli/bin.ts" }, format: "esm", packages: "external", jsx: "automatic", splitting: true, outdir: next, outExtension: { ".js": ".mjs" }, chunkNames: "cli-chunks/[name]-[hash]", banner: { js: "#!/usr/bin/env node" } });
  // The project's own compiler (node_modules/.bin/tsc may be another package's).
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", `${next}/types`], { stdio: "inherit" });
  // The declarations serve both entry points; mark them as CommonJS so `require` users resolve them too.
  mkdirSync(`${next}/types`, { recursive: true });
  writeFileSync(`${next}/types/package.json`, JSON.stringify({ type: "commonjs" }) + "\n");
  // The REPL's `.help <name>`: every public name's signature and doc comment, from the declarations.
  writeFileSync(`${next}/api-help.json`, JSON.stringify(apiHelp(`${next}/types/index.d.ts`)) + "\n");
  // The Jupyter kernel.
  await build({
    entryPoints: ["kernel/bin.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile: `${next}/kernel/bin.cjs`,
    packages: "external",
    plugins: [libraryAsPackage],
    banner: { js: "#!/usr/bin/env node" },
    sourcemap: true,
    logLevel: "warning",
  });
  chmodSync(`${next}/kernel/bin.cjs`, 0o755);
  writeFileSync(`${next}/kernel/api.json`, JSON.stringify(api) + "\n");
  try {
    renameSync("dist", old);
  } catch {
    // no previous build
  }
  renameSync(next, "dist");
} finally {
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}
