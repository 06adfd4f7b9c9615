// Reports import cycles among the source files: value imports, and (separately) type-only ones.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src"];
const files = [];
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) files.push(resolve(p));
  }
};
roots.forEach(walk);

const edges = { value: new Map(), type: new Map() };
for (const f of files) {
  const src = readFileSync(f, "utf8");
  for (const m of src.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+"(\.[^"]+)"/gms)) {
    const target = resolve(dirname(f), m[3].replace(/\.js$/, ".ts"));
    const typeOnly = m[2] !== undefined;
    for (const kind of typeOnly ? ["type"] : ["value", "type"]) {
      if (!edges[kind].has(f)) edges[kind].set(f, new Set());
      edges[kind].get(f).add(target);
    }
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

let bad = 0;
for (const kind of ["value", "type"]) {
  for (const c of cycles(edges[kind])) {
    bad++;
    console.log(`${kind} import cycle: ${c.map((f) => relative(process.cwd(), f)).join(" → ")}`);
  }
}
if (bad === 0) console.log(`no import cycles among ${files.length} files`);
process.exitCode = bad === 0 ? 0 : 1;
