// Builds the package: ESM and CommonJS bundles (esbuild) and type declarations (tsc).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
const common = { entryPoints: ["src/index.ts"], bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };
await build({ ...common, format: "esm", outfile: "dist/index.js" });
await build({ ...common, format: "cjs", outfile: "dist/index.cjs" });
// The project's own compiler (node_modules/.bin/tsc may be another package's).
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], { stdio: "inherit" });
// The declarations serve both entry points; mark them as CommonJS so `require` users resolve them too.
mkdirSync("dist/types", { recursive: true });
writeFileSync("dist/types/package.json", JSON.stringify({ type: "commonjs" }) + "\n");
