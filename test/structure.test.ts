import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

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

  it("has no import cycles (value or type-only)", () => {
    const out = execFileSync(process.execPath, [join(root, "scripts/check-cycles.mjs"), "src"], { cwd: root, encoding: "utf8" });
    expect(out.trim()).toMatch(/^no import cycles among \d+ files$/);
  });

  it("src/ never imports from kernel/ or cli/", () => {
    const offenders = files.filter((f) => /from\s+"(\.\.\/)+(kernel|cli)\//.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
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
