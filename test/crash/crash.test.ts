import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const harness = join(import.meta.dirname, "harness.mjs");

describe("crash harness", () => {
  it("a job killed with SIGKILL 20 times at random instants ends byte-identical to a clean run (200,000 events)", () => {
    const r = spawnSync(process.execPath, [harness, "--kills", "20", "--events", "200000", "--every", "100"], { encoding: "utf8", timeout: 240_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/200000 events, 20 kills in \d+ lives/);
    expect(r.stdout).toMatch(/identical to the clean run: 0 lost, 0 doubled/);
    expect(r.status).toBe(0);
  }, 300_000);
});
