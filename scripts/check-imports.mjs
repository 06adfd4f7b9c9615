// Checks the import structure of src/, kernel/ and cli/ and names every offending import:
//   - the folder ladder: a folder of src/ imports only from itself and the folders below it;
//   - the user interfaces (kernel/, cli/) reach the library only through its two entries,
//     src/index.ts (the public API) and src/internals.ts (the toolkit), and never each other;
//   - no import cycles among files, value imports and (separately) type-only ones.
// Prints one line per problem, or `imports ok: N files, no upward imports, no cycles`.
//   node scripts/check-imports.mjs [root]      (root: the project folder; default this script's)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The folders of src/, lowest first: each may import only from the folders before it. */
export const LADDER = ["time", "progress", "state", "runtime", "observe", "operators", "eventtime", "differential", "script", "checkpoint", "connectors", "graph", "determinism"];

/** The library's entries, the only files of src/ that kernel/ and cli/ import. */
const ENTRIES = ["src/index.ts", "src/internals.ts"];

const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), ".."));
const roots = ["src", "kernel", "cli"];

const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(p) && !p.endsWith(".d.ts")) files.push(p);
  }
};
for (const r of roots) {
  try {
    if (statSync(join(root, r)).isDirectory()) walk(join(root, r));
  } catch {
    // a tree without this folder
  }
}

/** Where `file` sits: `src/<folder>`, `src` (the entries), `kernel` or `cli`. */
function placeOf(file) {
  const parts = relative(root, file).split("/");
  if (parts[0] !== "src") return parts[0];
  return parts.length > 2 ? `src/${parts[1]}` : "src";
}

/** The rung of a place of src/ on the ladder (the entries stand above every folder). */
function rung(place) {
  if (place === "src") return LADDER.length;
  const i = LADDER.indexOf(place.slice(4));
  return i < 0 ? -1 : i;
}

/** The file an import specifier names, if it is a relative import of a source file. */
function target(from, spec) {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"), `${base}.ts`, `${base}.tsx`, join(base, "index.ts")]) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const problems = [];
const edges = { value: new Map(), type: new Map() };
const add = (kind, a, b) => {
  if (!edges[kind].has(a)) edges[kind].set(a, new Set());
  edges[kind].get(a).add(b);
};

for (const f of files) {
  const src = readFileSync(f, "utf8");
  const lineOf = (index) => src.slice(0, index).split("\n").length;
  const imports = [];
  for (const m of src.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms)) imports.push({ spec: m[3], typeOnly: m[2] !== undefined, dynamic: false, at: m.index });
  for (const m of src.matchAll(/\bimport\(\s*"([^"]+)"\s*\)/g)) imports.push({ spec: m[1], typeOnly: false, dynamic: true, at: m.index });
  for (const i of imports) {
    const t = target(f, i.spec);
    if (t === undefined) continue;
    if (!i.dynamic) for (const kind of i.typeOnly ? ["type"] : ["value", "type"]) add(kind, f, t);
    const from = placeOf(f);
    const to = placeOf(t);
    if (from === to) continue;
    const where = `${relative(root, f)}:${lineOf(i.at)} imports ${relative(root, t)}`;
    if (from.startsWith("src") && !to.startsWith("src")) problems.push(`upward import: ${where} (src/ never imports from ${to}/)`);
    else if (!from.startsWith("src") && to.startsWith("src")) {
      if (!ENTRIES.includes(relative(root, t))) problems.push(`reach-in: ${where} (${from}/ imports the library only through ${ENTRIES.join(" or ")})`);
    } else if (!from.startsWith("src")) problems.push(`sideways import: ${where} (kernel/ and cli/ never import each other)`);
    else if (rung(from) < 0 || rung(to) < 0) problems.push(`unplaced folder: ${where} (${rung(from) < 0 ? from : to} is not on the ladder in scripts/check-imports.mjs)`);
    else if (rung(to) > rung(from)) problems.push(`upward import: ${where} (${from} is below ${to})`);
  }
}

function cycles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (n) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 1) found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return found;
}

for (const kind of ["value", "type"]) {
  for (const c of cycles(edges[kind])) problems.push(`${kind} import cycle: ${c.map((f) => relative(root, f)).join(" → ")}`);
}

if (problems.length === 0) console.log(`imports ok: ${files.length} files, no upward imports, no cycles`);
else console.log(problems.join("\n"));
process.exitCode = problems.length === 0 ? 0 : 1;
