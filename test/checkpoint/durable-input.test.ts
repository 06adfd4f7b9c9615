import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Graph } from "../../src/internals.js";
import { tempFolders, within } from "../helpers.js";

const folder = tempFolders("sw-durable-");
const library = join(import.meta.dirname, "..", "..", "dist", "index.js");

function job(durable = true) {
  const g = new Graph("d");
  const i = g.input<number>("in", { durable });
  const totals = i.keyBy((x) => x % 3).scan((a: number, x) => a + x, 0, { name: "totals" }).capture();
  return { g, i, totals };
}

describe("durable inputs", () => {
  it("a restored run replays the calls made after its checkpoint, and `sent` says where the producer stood", async () => {
    const path = join(folder(), "s.db");
    const first = job();
    const e1 = first.g.run({ checkpoints: { store: path } });
    for (let x = 0; x < 10; x++) await first.i.send(x);
    first.i.advanceTo(1);
    await e1.checkpoint();
    for (let x = 10; x < 15; x++) await first.i.send(x);
    first.i.advanceTo(2);
    await e1.quiet();
    const before = first.totals.items();
    e1.stop();
    await e1.done;

    const second = job();
    const e2 = second.g.run({ checkpoints: { store: path }, restore: "latest" });
    expect(second.i.sent).toBe(15);
    expect(second.i.time).toBe(2);
    for (let x = second.i.sent; x < 20; x++) await second.i.send(x);
    second.i.close();
    await within(e2.done, 5000, "restored run");

    const whole = job(false);
    const ew = whole.g.run();
    for (let x = 0; x < 20; x++) {
      if (x === 10) whole.i.advanceTo(1);
      if (x === 15) whole.i.advanceTo(2);
      await whole.i.send(x);
    }
    whole.i.close();
    await within(ew.done, 5000, "whole run");
    // The first run emitted up to item 9 before its checkpoint (and 10..14 after it, which the restore replays).
    const cut = before.slice(0, 10);
    expect([...cut, ...second.totals.items()]).toEqual(whole.totals.items());
  });

  it("is refused without a store, naming the input", () => {
    expect(() => job().g.run()).toThrow(/input "in" is durable, which needs a store to log to/);
  });

  it("survives kill -9: a producer killed at random instants and restarted sends every item exactly once", async () => {
    const dir = folder();
    const script = `
      const { Graph, fileSink } = await import(${JSON.stringify(library)});
      const g = new Graph("d");
      const i = g.input("in", { durable: true });
      i.keyBy((x) => x % 7).scan((a, x) => a + x, 0, { name: "totals" }).sink(fileSink(${JSON.stringify(join(dir, "out.jsonl"))}));
      const exec = g.run({ checkpoints: { store: ${JSON.stringify(join(dir, "s.db"))}, every: 20 }, restore: "latest" });
      console.log("from " + i.sent);
      for (let x = i.sent; x < 3000; x++) {
        if (x % 100 === 0 && x > 0 && i.time < x / 100) i.advanceTo(x / 100);
        await i.send(x);
        if (x % 5 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      if (!i.closed) i.close();
      await exec.done;
      console.log("done");`;
    const life = (killAfter?: number): Promise<{ out: string; signal: string | null }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        let t: NodeJS.Timeout | undefined;
        child.stdout.on("data", (b) => {
          out += b;
          if (killAfter !== undefined) t ??= setTimeout(() => child.kill("SIGKILL"), killAfter);
        });
        child.on("exit", (_code, signal) => {
          clearTimeout(t);
          resolve({ out, signal });
        });
      });
    let kills = 0;
    for (let n = 0; n < 6; n++) if ((await life(20 + ((n * 137) % 200))).signal === "SIGKILL") kills++;
    const last = await life();
    expect(last.out).toMatch(/done/);
    expect(kills).toBe(6);
    // The clean answer: the running totals per key, in order of the items.
    const acc = new Map<number, number>();
    const want: string[] = [];
    for (let x = 0; x < 3000; x++) {
      const k = x % 7;
      acc.set(k, (acc.get(k) ?? 0) + x);
      want.push(JSON.stringify({ key: k, value: acc.get(k) }));
    }
    const got = readFileSync(join(dir, "out.jsonl"), "utf8").trim().split("\n");
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
  }, 60_000);
});

describe("the keyed table sink", () => {
  it("keeps the latest item per key; the store's rows are those the last checkpoint covers", async () => {
    const path = join(folder(), "s.db");
    const g = new Graph("t");
    const i = g.input<{ id: string; n: number }>("in");
    const live = i.toTable((x) => x.id, { name: "rows" });
    const exec = g.run({ checkpoints: { store: path } });
    await i.send([{ id: "a", n: 1 }, { id: "b", n: 1 }, { id: "a", n: 2 }]);
    await exec.checkpoint();
    await i.send([{ id: "a", n: 3 }, { id: "c", n: 1 }]);
    await exec.quiet();
    expect(live.get("a")).toEqual({ id: "a", n: 3 });
    expect(live.size).toBe(3);
    exec.stop();
    await exec.done;
    const { SqliteStore } = await import("../../src/internals.js");
    const store = SqliteStore.open(path);
    try {
      store.restore("latest");
      const rows = Object.fromEntries(store.state("rows").snapshot().entries.map((e) => [e.key, e.value]));
      expect(rows).toEqual({ a: { id: "a", n: 2 }, b: { id: "b", n: 1 } });
    } finally {
      store.close();
    }
    expect(() => new Graph("u").input("in").toTable(42 as never)).toThrow(/toTable\(\) needs a function/);
  });
});
