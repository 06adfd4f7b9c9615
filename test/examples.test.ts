import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { readFileSync } from "node:fs";

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

  it("the README's event-time snippet prints an on-time pane, a late pane and the last window", () => {
    expect(run("examples/readme-windows.mjs")).toBe("ada [0, 5000) 2 ON_TIME\nada [0, 5000) 3 LATE\nada [5000, 10000) 1 ON_TIME\n[]\n");
  });

  it("the README's player snippet stops after each scripted step, and is the file it names with the output the README shows", () => {
    const out = run("examples/readme-player.mjs");
    expect(out).toBe(
      [
        "after step 1: a,b EARLY",
        "after step 2: a,b EARLY",
        "after step 3: a,b EARLY | a,b,c ON_TIME",
        "after step 4: a,b EARLY | a,b,c ON_TIME | a,b,c,d LATE",
        "after step 5: a,b EARLY | a,b,c ON_TIME | a,b,c,d LATE",
        "",
      ].join("\n"),
    );
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const [, block, printed] = /`examples\/readme-player\.mjs`\):\n\n```js\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/.exec(readme)!;
    expect(block!.trim()).toBe(readFileSync(join(root, "examples/readme-player.mjs"), "utf8").split("\n").slice(1).join("\n").trim());
    expect(printed).toBe(out);
  });

  it("the README's recovery snippet restores a stopped run from its checkpoint and counts every order once", () => {
    expect(run("examples/readme-recovery.mjs")).toBe("checkpoint 1 committed\nrestored from a checkpoint: true\n90 windows, 30000 orders, each counted once\n");
  });

  it("the README's recovery snippet is the file it names", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /## Checkpoints and recovery[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(block.trim()).toBe(readFileSync(join(root, "examples/readme-recovery.mjs"), "utf8").split("\n").slice(1).join("\n").trim());
  });

  it("the README's own-operator snippet keeps each user's first click across a restore", () => {
    expect(run("examples/readme-operator.mjs")).toBe("before the checkpoint: [ 'ann', 'bob' ]\nafter the restore: [ 'cy' ]\n");
  });

  it("the README's own-operator snippet is the file it names", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const block = /\*\*Your own operators\.\*\*[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(block.trim()).toBe(readFileSync(join(root, "examples/readme-operator.mjs"), "utf8").split("\n").slice(1).join("\n").trim());
  });

  it("the determinism example shows the checker catching an arrival-order merge, both fixes passing, and step mode", () => {
    const out = run("examples/determinism.mjs");
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("1. The merge read in arrival order, in concurrent mode under 6 randomized schedules:");
    expect(lines[1]).toMatch(/^ {3}NOT deterministic: 6 runs in concurrent mode under chaos seeds 1–6; runs 0 and \d first differ here: receipt\.out sent different items at time 0\.$/);
    expect(lines[2]).toMatch(/^ {5}run 0 \(chaos seed 1\): \["#1 /);
    expect(lines[3]).toMatch(/^ {5}run \d \(chaos seed \d\): \["#1 /);
    expect(lines[2]!.replace(/^.*: /, "")).not.toBe(lines[3]!.replace(/^.*: /, ""));
    expect(out).toMatch(/2\. Fixed by logical-time mode.*\n {3}deterministic: 6 runs in logical-time mode under chaos seeds 1–6 agree/);
    expect(out).toMatch(/3\. Fixed in concurrent mode by sorting.*\n {3}deterministic: 6 runs in concurrent mode under chaos seeds 1–6 agree/);
    const steps = lines.slice(lines.findIndex((l) => l.startsWith("4.")) + 1);
    expect(steps.slice(0, 8)).toEqual([
      "   step 1: concat ran; saw concat.in [0]",
      "   step 2: receipt ran; saw receipt.in [0]",
      "   step 3: capture ran; saw capture.in [0]",
      "   step 4: applied send web @0 (2 items); sent web.out 2 items @0; capabilities web -1 @0",
      "   step 5: concat ran; took concat.in 2 items @0; sent concat.out 2 items @0",
      "   step 6: receipt ran; took receipt.in 2 items @0; sent receipt.out 2 items @0",
      "   step 7: capture ran; took capture.in 2 items @0",
      "   step 8: applied send app @0 (1 item); sent app.out 1 item @0; capabilities app -1 @0",
    ]);
    expect(steps[8]).toMatch(/^ {3}\.\.\. stepToQuiescence: the run completed after \d+ steps$/);
  });

  it("the windows example prints panes, late panes and late clicks as the watermark moves", () => {
    const out = run("examples/windows.mjs");
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("5 s tumbling counts per user; out-of-orderness 2 s, allowed lateness 3 s");
    const after = (click: string): string[] => {
      const i = lines.indexOf(click);
      const j = lines.findIndex((l, k) => k > i && (l.startsWith("click") || l === "close"));
      return lines.slice(i + 1, j < 0 ? undefined : j);
    };
    expect(after("click bob @7400")).toEqual([
      "  pane   ada [0, 5000) count 2  ON_TIME #0  (time 4999)",
      "  pane   bob [0, 5000) count 2  ON_TIME #0  (time 4999)",
      "  pane   cy  [0, 5000) count 1  ON_TIME #0  (time 4999)",
      "  watermark [5400] (Flink: 5399)",
    ]);
    // A late click makes its LATE pane (or goes to the late output) at once: the watermark is at its time.
    expect(after("click ada @2000")).toEqual(["  pane   ada [0, 5000) count 3  LATE #1  (time 5400)"]);
    expect(after("click cy  @9800")).toEqual(["  watermark [7800] (Flink: 7799)"]);
    expect(after("click bob @4500")).toEqual(["  pane   bob [0, 5000) count 3  LATE #1  (time 7800)"]);
    expect(after("click ada @11000")).toEqual(["  watermark [9000] (Flink: 8999)"]);
    expect(after("click bob @1500")).toEqual(["  late   bob @1500: every window it belongs to was dropped  (time 9000)"]);
    expect(after("click ada @12500")).toEqual([
      "  pane   ada [5000, 10000) count 1  ON_TIME #0  (time 9999)",
      "  pane   bob [5000, 10000) count 1  ON_TIME #0  (time 9999)",
      "  pane   cy  [5000, 10000) count 1  ON_TIME #0  (time 9999)",
      "  watermark [10500] (Flink: 10499)",
    ]);
    expect(lines.slice(-3)).toEqual(["close", "  pane   ada [10000, 15000) count 2  ON_TIME #0  (time 14999)", "  watermark done"]);
    expect(out.match(/^ {2}pane/gm)).toHaveLength(9);
  });
});
