import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const run = (file: string, ...args: string[]): string => execFileSync(process.execPath, [join(root, file), ...args], { cwd: root, encoding: "utf8" });

describe("examples (against the built package)", () => {
  it("the README example prints the frontier and the captured items", () => {
    expect(run("examples/readme.mjs")).toBe("[1]\n[ 'ada' ] Map(1) { 0 => [ 'ada' ] }\n");
  });

  it("the demo prints frontiers moving round by round, and every port done at the end", () => {
    const out = run("examples/demo.mjs", "3", "0");
    expect(out).toMatch(/^start\s+humans\.in \[0\]\s+user\.in \[0\]\s+count\.in \[0\]\s+probe\.in \[0\]/m);
    expect(out).toMatch(/^advanced to 2\s+humans\.in \[2\]\s+user\.in \[2\]\s+count\.in \[2\]\s+probe\.in \[2\]/m);
    expect(out).toMatch(/^closed\s+humans\.in \[\]\s+user\.in \[\]\s+count\.in \[\]\s+probe\.in \[\]/m);
    expect(out).toMatch(/count @0 {2}ada:2/);
    expect(out).toContain("run completed; probe done: true");
  });
});
