import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

const root = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("the shape of the code", () => {
  const files = sources(join(root, "src"));

  const checkImports = (dir: string): { status: number; out: string } => {
    try {
      return { status: 0, out: execFileSync(process.execPath, [join(root, "scripts/check-imports.mjs"), dir], { encoding: "utf8" }) };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { status: err.status, out: err.stdout };
    }
  };

  it("holds the folder ladder, reaches the library from kernel/ and cli/ only through its entries, and has no import cycles", () => {
    const { status, out } = checkImports(root);
    expect(out.trim()).toMatch(/^imports ok: \d+ files, no upward imports, no cycles$/);
    expect(status).toBe(0);
  });

  it("names each offending import: upward, reaching past the entries, sideways between the UIs, and cycles", () => {
    const tree = mkdtempSync(join(tmpdir(), "streamweave-imports-"));
    try {
      const put = (file: string, text: string): void => {
        mkdirSync(dirname(join(tree, file)), { recursive: true });
        writeFileSync(join(tree, file), text);
      };
      put("src/time/order.ts", `import { Graph } from "../graph/graph.js";\nexport const a = 1;\n`);
      put("src/graph/graph.ts", `import { a } from "../time/order.js";\nexport class Graph {}\n`);
      put("src/index.ts", `export { Graph } from "./graph/graph.js";\n`);
      put("src/runtime/a.ts", `import { b } from "./b.js";\nexport const a = b;\n`);
      put("src/runtime/b.ts", `import type { a } from "./a.js";\nexport const b = 2;\n`);
      put("kernel/show.ts", `import { Graph } from "../src/graph/graph.js";\nimport { x } from "../cli/x.js";\n`);
      put("cli/x.ts", `export const x = 1;\n`);
      const { status, out } = checkImports(tree);
      expect(status).toBe(1);
      expect(out).toContain("upward import: src/time/order.ts:1 imports src/graph/graph.ts (src/time is below src/graph)");
      expect(out).toContain("reach-in: kernel/show.ts:1 imports src/graph/graph.ts (kernel/ imports the library only through src/index.ts or src/internals.ts)");
      expect(out).toContain("sideways import: kernel/show.ts:2 imports cli/x.ts (kernel/ and cli/ never import each other)");
      expect(out).toMatch(/^value import cycle: (src\/time\/order\.ts → src\/graph\/graph\.ts → src\/time\/order\.ts|src\/graph\/graph\.ts → src\/time\/order\.ts → src\/graph\/graph\.ts)$/m);
      expect(out).toContain("type import cycle: src/runtime/a.ts → src/runtime/b.ts → src/runtime/a.ts");
      expect(out).not.toContain("value import cycle: src/runtime/a.ts");
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it("every exported declaration in src/ has a doc comment", () => {
    const missing: string[] = [];
    for (const f of files) {
      const lines = readFileSync(f, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (!/^export (async )?(function|class|interface|type|const|abstract class)\b/.test(line) || /^export type (\{|\*)/.test(line)) return;
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === "") j--;
        if (!lines[j]?.trim().endsWith("*/")) missing.push(`${relative(root, f)}:${i + 1} ${line.slice(0, 60)}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it("every file in src/ starts with a doc comment saying what it holds", () => {
    const bare = files.filter((f) => !readFileSync(f, "utf8").trimStart().startsWith("/**"));
    expect(bare.map((f) => relative(root, f))).toEqual([]);
  });
});
