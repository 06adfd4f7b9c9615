// Builds the package: ESM and CommonJS bundles (esbuild) and type declarations (tsc).
// Everything is built into a fresh folder and swapped into dist/ at the end, so a run that is
// reading dist/ meanwhile never sees it half-written.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";

const next = `dist-next-${process.pid}`;
const old = `dist-old-${process.pid}`;
const common = { entryPoints: ["src/index.ts"], bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };
try {
  await build({ ...common, format: "esm", outfile: `${next}/index.js` });
  await build({ ...common, format: "cjs", outfile: `${next}/index.cjs` });
  // The terminal REPL (bin "streamweave"): packages stay external, so it uses this package's built
  // library ("streamweave" resolves to dist/index.js) and the installed ink, react, chalk, esbuild.
  // The terminal part (ink, react) is a chunk of its own, loaded only on a terminal.
  await build({ ...common, entryPoints: { cli: "cli/bin.ts" }, format: "esm", packages: "external", jsx: "automatic", splitting: true, outdir: next, outExtension: { ".js": ".mjs" }, chunkNames: "cli-chunks/[name]-[hash]", banner: { js: "#!/usr/bin/env node" } });
  // The project's own compiler (node_modules/.bin/tsc may be another package's).
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", `${next}/types`], { stdio: "inherit" });
  // The declarations serve both entry points; mark them as CommonJS so `require` users resolve them too.
  mkdirSync(`${next}/types`, { recursive: true });
  writeFileSync(`${next}/types/package.json`, JSON.stringify({ type: "commonjs" }) + "\n");
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
