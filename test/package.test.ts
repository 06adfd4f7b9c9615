import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformSync } from "esbuild";

const root = join(import.meta.dirname, "..");
const out = join(root, "test-output", "package");

function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });
}

const program = `
const g = new Graph("pkg");
const a = g.input<number>("a");
const out = a.map((x: number) => x + 1).capture();
const exec = g.run();
a.send([1, 2]).then(() => { a.close(); return exec.done; }).then((r: { status: string }) => console.log(r.status, JSON.stringify(out.items())));
`;

const asJs = transformSync(program, { loader: "ts" }).code;

describe("the built package (run `npm run build` first; `npm test` does)", () => {
  it("loads with require()", () => {
    const js = `const { Graph } = require("streamweave");${asJs}`;
    expect(node(["-e", js]).trim()).toBe("completed [2,3]");
  });

  it("loads with import", () => {
    const js = `import { Graph } from "streamweave";${asJs}`;
    expect(node(["--input-type=module", "-e", js]).trim()).toBe("completed [2,3]");
  });

  it("keeps the toolkit out of the public entry and serves it, the same instances, from streamweave/internals", () => {
    const probe = (load: string) => `${load}; console.log(typeof pub.Graph, typeof pub.mapLogic, typeof pub.TimeStash, typeof tk.mapLogic, typeof tk.TimeStash, pub.Graph === tk.Graph, pub.Antichain === tk.Antichain)`;
    const expected = "function undefined undefined function function true true";
    expect(node(["-e", probe(`const pub = require("streamweave"), tk = require("streamweave/internals")`)]).trim()).toBe(expected);
    expect(node(["--input-type=module", "-e", probe(`const pub = await import("streamweave"), tk = await import("streamweave/internals")`)]).trim()).toBe(expected);
  });

  const consumer = (dir: string, options: Record<string, unknown>): string => {
    const d = join(out, dir);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(join(d, "node_modules"), { recursive: true });
    symlinkSync(root, join(d, "node_modules", "streamweave"), "dir");
    writeFileSync(
      join(d, "use.ts"),
      `import { Graph, Antichain, Product } from "streamweave";\nimport { mapLogic, escapeHtml, type OperatorLogic } from "streamweave/internals";\n${program}\nconst f: Antichain = Antichain.from([new Product(1, 0)]);\nconsole.log(String(f));\nconst l: OperatorLogic = mapLogic((x: number) => x);\nconsole.log(escapeHtml("<"), l);\n`,
    );
    writeFileSync(join(d, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")], ...options }, files: ["use.ts"] }));
    return d;
  };

  it("type-checks in a CommonJS consumer under TypeScript 5.0 (the compiler notebook cells use)", () => {
    const d = consumer("ts50-cjs", { module: "commonjs", moduleResolution: "node", target: "es2022", lib: ["es2022"] });
    const tsc = join(root, "node_modules/ts50/bin/tsc");
    expect(node([tsc, "-v"]).trim()).toBe("Version 5.0.4");
    expect(() => node([tsc, "-p", d])).not.toThrow();
  });

  it("type-checks in ESM and CommonJS consumers under the project's TypeScript (node16 resolution)", () => {
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const esm = consumer("esm", { module: "node16", moduleResolution: "node16", target: "es2022" });
    writeFileSync(join(esm, "package.json"), JSON.stringify({ type: "module" }));
    expect(() => node([tsc, "-p", esm])).not.toThrow();
    const cjs = consumer("cjs", { module: "node16", moduleResolution: "node16", target: "es2022" });
    writeFileSync(join(cjs, "package.json"), JSON.stringify({ type: "commonjs" }));
    expect(() => node([tsc, "-p", cjs])).not.toThrow();
  });

  it("declares commands that are files of the source tree, executable as checked in (npx links them before any build)", () => {
    const bins = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: Record<string, string> }).bin;
    for (const [name, file] of Object.entries(bins)) {
      const entry = execFileSync("git", ["ls-files", "-s", "--", file], { cwd: root, encoding: "utf8" });
      expect(`${name}: ${entry.split(" ")[0] || "not tracked"}`).toBe(`${name}: 100755`);
    }
  });

  it("runs `npx streamweave` as the README writes it (piped), with a fresh npx cache as on a new machine", () => {
    const cache = mkdtempSync(join(tmpdir(), "streamweave-npx-"));
    try {
      const out = execFileSync("npx", ["streamweave"], {
        cwd: root,
        encoding: "utf8",
        input: 'const g = new Graph("npx")\n1 + 1\n',
        env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: "false" },
      });
      expect(out).toBe("2\n");
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
