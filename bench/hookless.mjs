// The runtime with its monitor hooks compiled out: what "no one observing" is measured against.
//
// Copies of one bundle of src/index.ts (built here in memory, in a single file as dist/index.js
// was before the entries shared chunks) are loaded as modules of their own: some unchanged, as many with every
// hook call (`… .monitor?.…(…);`) removed and every read of the monitor slot into a local
// (`const m = … .monitor;`) replaced by `undefined`. All are loaded the same way, so the hooks are
// all that differs between the two kinds. The bundle imports only node: builtins, so the copies
// load from data: URLs and nothing is written. The counts of what was removed are checked, so a change to
// the bundle's shape fails loudly here instead of quietly comparing the runtime with itself.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/** The library as one ESM file, as the package builds it (better-sqlite3 left outside, by absolute URL). */
async function singleBundle() {
  const absolute = {
    name: "absolute-externals",
    setup(b) {
      b.onResolve({ filter: /^better-sqlite3$/ }, (args) => ({ path: pathToFileURL(require.resolve(args.path)).href, external: true }));
    },
  };
  const r = await build({ entryPoints: [new URL("../src/index.ts", import.meta.url).pathname], bundle: true, platform: "node", target: "node20", format: "esm", write: false, plugins: [absolute], logLevel: "warning" });
  return r.outputFiles[0].text;
}

const HOOK_CALL = /[\w.]+\.monitor\?\.[^;]*;/g;
const HOOK_READ = /const m = [\w.]+\.monitor;/g;

/**
 * Fresh copies of the library as built, `count` of each kind, all loaded the same way: `shipped`
 * unchanged and `hookless` without its monitor hooks (`removed` says how many calls and reads
 * went). Comparing copies with copies, rather than with the library imported as usual, leaves
 * only the hooks as the difference; using several copies of each averages out how well the JIT
 * happened to compile any one of them.
 */
export async function libraryCopies(count) {
  const src = await singleBundle();
  const calls = src.match(HOOK_CALL)?.length ?? 0;
  const reads = src.match(HOOK_READ)?.length ?? 0;
  const stripped = src.replace(HOOK_CALL, ";").replace(HOOK_READ, "const m = void 0;");
  if (calls < 10 || reads < 2 || /\.monitor\?\./.test(stripped)) {
    throw new Error(`hookless bundle: expected ≥ 10 hook calls and ≥ 2 monitor reads to remove, found ${calls} and ${reads}${/\.monitor\?\./.test(stripped) ? ", and some remain" : ""}`);
  }
  // A comment naming each copy keeps the sources (and so the modules) distinct.
  const load = (text, name) => import(`data:text/javascript;base64,${Buffer.from(`// ${name}\n${text}`).toString("base64")}`);
  const shipped = [];
  const hookless = [];
  for (let i = 0; i < count; i++) {
    shipped.push(await load(src, `as built, copy ${i}`));
    hookless.push(await load(stripped, `without monitor hooks, copy ${i}`));
  }
  return { shipped, hookless, removed: { calls, reads } };
}
