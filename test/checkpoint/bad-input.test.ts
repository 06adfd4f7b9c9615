import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, truncateSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CheckpointError, Graph, SqliteStore, fileSink, generatorSource } from "../../src/internals.js";
import { tempFolders, within } from "../helpers.js";

const folder = tempFolders("sw-ckbad-");

/** input → count per key, with a window; the names say what a restore checks. */
function job(kind: "count" | "sum" = "count", extra = false) {
  const g = new Graph("job");
  const i = g.input<number>("in");
  const k = i.keyBy((x) => x % 3);
  const agg = kind === "count" ? k.count({ name: "agg" }) : k.sum(undefined, { name: "agg" });
  const out = agg.capture({ name: "out" });
  if (extra) i.map((x) => x * 2, { name: "double" }).capture({ name: "doubled" });
  return { g, i, out };
}

async function checkpointed(path: string): Promise<void> {
  const { g, i } = job();
  const exec = g.run({ checkpoints: { store: path } });
  await i.send([1, 2, 3]);
  i.advanceTo(1);
  await exec.checkpoint();
  exec.stop();
  await exec.done;
}

describe("checkpoints: bad input gets a clear error", () => {
  it("refuses to restore into a graph whose nodes differ, listing every difference", async () => {
    const path = join(folder(), "s.db");
    await checkpointed(path);
    const changed = job("sum", true);
    expect(() => changed.g.run({ checkpoints: { store: path }, restore: "latest" })).toThrow(CheckpointError);
    try {
      job("sum", true).g.run({ checkpoints: { store: path }, restore: "latest" });
    } catch (e) {
      const m = (e as Error).message;
      expect(m).toMatch(/checkpoint 1 does not fit graph "job"/);
      expect(m).toMatch(/node "agg" is a count in the checkpoint but a sum in the graph/);
      expect(m).toMatch(/node "double" \(map\) is in the graph but not in the checkpoint/);
      expect(m).toMatch(/node "doubled" \(capture\) is in the graph but not in the checkpoint/);
    }
    // Nothing was changed: the right graph still restores.
    const same = job();
    const exec = same.g.run({ checkpoints: { store: path }, restore: "latest" });
    expect(exec.restoredFrom?.id).toBe(1);
    exec.stop();
    await exec.done;
  });

  it("passes over a corrupt latest checkpoint, naming it, and restores the one before", async () => {
    const path = join(folder(), "s.db");
    const { g, i } = job();
    const exec = g.run({ checkpoints: { store: path } });
    await i.send([1, 2]);
    await exec.checkpoint();
    i.advanceTo(1);
    await i.send([4]);
    await exec.checkpoint();
    exec.stop();
    await exec.done;
    const s = SqliteStore.open(path);
    s.db.prepare("UPDATE checkpoints SET checksum = checksum + 1 WHERE id = 2").run();
    s.close();
    const again = job();
    const r = again.g.run({ checkpoints: { store: path }, restore: "latest" });
    expect(r.restoredFrom?.id).toBe(1);
    expect(r.restoredFrom?.skipped.map((p) => p.id)).toEqual([2]);
    expect(r.restoredFrom?.skipped[0]?.reason).toMatch(/checksum/);
    r.stop();
    await r.done;
  });

  it("a truncated store file is an error naming the file, never a silent empty start", async () => {
    const path = join(folder(), "s.db");
    await checkpointed(path);
    truncateSync(path, Math.floor(statSync(path).size / 3));
    expect(() => job().g.run({ checkpoints: { store: path }, restore: "latest" })).toThrow(new RegExp(path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")));
  });

  it("a store in a missing or read-only folder is an error naming the path", () => {
    const d = folder();
    expect(() => job().g.run({ checkpoints: { store: join(d, "missing", "s.db") } })).toThrow(/missing/);
    if (process.getuid?.() !== 0) {
      const ro = join(d, "ro");
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      expect(() => job().g.run({ checkpoints: { store: join(ro, "s.db") } })).toThrow(/ro/);
    }
  });

  it("refuses a second run on a store another process has open", async () => {
    const path = join(folder(), "s.db");
    const library = join(import.meta.dirname, "..", "..", "dist", "index.js");
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `const { SqliteStore } = await import(${JSON.stringify(library)}); SqliteStore.open(${JSON.stringify(path)}); console.log("holding"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve) => holder.stdout!.once("data", () => resolve()));
      expect(() => job().g.run({ checkpoints: { store: path } })).toThrow(/in use|locked|another/i);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("refuses a fresh start on a store that holds checkpoints, and restore without a store", async () => {
    const path = join(folder(), "s.db");
    await checkpointed(path);
    expect(() => job().g.run({ checkpoints: { store: path } })).toThrow(/already holds checkpoints 1; pass restore: "latest"/);
    expect(() => job().g.run({ restore: "latest" })).toThrow(/needs run\(\{ checkpoints: \{ store \} \}\)/);
    expect(() => job().g.run({ checkpoints: { store: path }, restore: "newest" as never })).toThrow(/must be "latest" or a checkpoint id/);
    expect(() => job().g.run({ checkpoints: { store: path }, restore: 7 })).toThrow(/has no checkpoint 7; it holds 1/);
    expect(() => job().g.run({ checkpoints: { store: path, every: -5 } })).toThrow(/every must be a positive number of ms or \{ epochs: n \}/);
    expect(() => job().g.run({ checkpoints: { store: 42 as never } })).toThrow(/store must be a file path or a SqliteStore/);
  });

  it("a checkpoint asked for while one is being taken is refused; the first completes", async () => {
    const path = join(folder(), "s.db");
    const { g, i } = job();
    const exec = g.run({ checkpoints: { store: path } });
    await i.send([1]);
    const first = exec.checkpoint();
    await expect(exec.checkpoint()).rejects.toThrow(/a checkpoint is already being taken/);
    expect((await first).id).toBe(1);
    expect((await exec.checkpoint()).id).toBe(2);
    exec.stop();
    await exec.done;
    await expect(exec.checkpoint()).rejects.toThrow(/the run has ended \(stopped\)/);
  });

  it("refuses to checkpoint a graph with a node written as an async function, naming it", () => {
    const g = new Graph("g");
    const i = g.input<number>("in");
    g.node("mine", { inputs: ["in"], outputs: ["out"] }, async () => undefined);
    g.connect(i, "mine.in");
    expect(() => g.run({ checkpoints: { store: join(folder(), "s.db") } })).toThrow(/"mine" \(node\) runs an async function/);
  });

  it("a run without checkpoints publishes its sinks when it completes; a source feeds epochs", async () => {
    const d = folder();
    const g = new Graph("g");
    const src = g.source("nums", generatorSource((p) => (p >= 10 ? undefined : [p, p + 1])), { batch: 4 });
    src.map((x) => x * 10).sink(fileSink(join(d, "out.jsonl")));
    const per = src.count({ name: "per" }).capture();
    const exec = g.run();
    await within(exec.done, 5000, "run");
    const { readFileSync } = await import("node:fs");
    expect(readFileSync(join(d, "out.jsonl"), "utf8")).toBe([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((x) => `${x * 10}\n`).join(""));
    expect([...per.byTime()]).toEqual([[0, [4]], [1, [4]], [2, [2]]]);
  });
});
