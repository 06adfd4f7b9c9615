import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Graph, fileSink, type Failure } from "../src/index.js";
import { MODES, tempFolders, within } from "./helpers.js";

const folder = tempFolders("sw-async-");
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("async functions given to per-item operators", () => {
  it("are refused when the graph is built, naming mapAsync", () => {
    const g = new Graph("a");
    const i = g.input<number>("in");
    expect(() => i.map(async (x) => x + 1)).toThrow(/map\(\) got an async function, whose result is a Promise that map would not wait for; use mapAsync\(f, \{ concurrency, ordered \}\)/);
    expect(() => i.filter(async (x) => x > 1)).toThrow(/filter\(\) got an async function.*await first with mapAsync\(f\), then filter/);
    expect(() => i.keyBy(async (x) => x)).toThrow(/keyBy\(\) got an async function/);
    expect(() => i.keyBy((x) => x).scan((async (a: number, x: number) => a + x) as never, 0)).toThrow(/scan\(\) got an async function/);
  });

  for (const mode of MODES) {
    it(`a plain function that returns a promise fails its item on the error port, and its rejection never reaches the process (${mode})`, async () => {
      const g = new Graph("p");
      const i = g.input<number>("in");
      const mapped = i.map((x) => (x === 2 ? Promise.reject(new Error("nope")) : x * 10), { name: "m" }).capture();
      const kept = i.filter((x) => (x === 3 ? Promise.resolve(false) : true), { name: "f" }).capture();
      const errs = g.stream<Failure>("m.error").concat(g.stream<Failure>("f.error")).capture();
      const exec = g.run({ mode });
      await i.send([1, 2, 3]);
      i.close();
      await within(exec.done, 2000, "run");
      expect(mapped.items()).toEqual([10, 30]);
      expect(kept.items()).toEqual([1, 2]);
      const messages = errs.items().map((f) => [f.node, f.item, f.message]);
      expect(messages).toContainEqual(["m", 2, "map's function returned a Promise, which map does not wait for; use mapAsync(f), which awaits each call"]);
      expect(messages).toContainEqual(["f", 3, "filter's function returned a Promise, which filter does not wait for; await first with mapAsync(f), then filter"]);
      await sleep(10); // a rejection nobody took would fail the test run here
    });
  }
});

describe("mapAsync", () => {
  for (const mode of MODES) {
  it(`sends each result at its item's time, in input order, with at most \`concurrency\` calls in flight (${mode})`, async () => {
    const g = new Graph("io", { mode });
    const i = g.input<number>("in");
    let inFlight = 0;
    let most = 0;
    const out = i
      .mapAsync(
        async (x) => {
          most = Math.max(most, ++inFlight);
          await sleep(x % 3 === 0 ? 15 : 2); // later items often finish first
          inFlight--;
          return x * 2;
        },
        { concurrency: 3 },
      )
      .capture();
    const exec = g.run();
    await i.send([0, 1, 2, 3]);
    i.advanceTo(1);
    await i.send([4, 5, 6]);
    i.close();
    await within(exec.done, 5000, "run");
    expect(out.items()).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect([...out.byTime()]).toEqual([
      [0, [0, 2, 4, 6]],
      [1, [8, 10, 12]],
    ]);
    expect(most).toBe(3);
  });
  }

  it("holds the frontier back until the results of a time are sent", async () => {
    const g = new Graph("hold");
    const i = g.input<number>("in");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const mapped = i.mapAsync(async (x) => {
      await gate;
      return x + 1;
    });
    const probe = mapped.probe();
    const out = mapped.capture();
    const exec = g.run();
    await i.send([1, 2]);
    i.advanceTo(1);
    await exec.quiet();
    expect(String(probe.frontier)).toBe("[0]");
    expect(out.items()).toEqual([]);
    release();
    await within(probe.until(1), 2000, "probe");
    expect(out.items()).toEqual([2, 3]);
    i.close();
    await exec.done;
  });

  it("with ordered: false sends results as their calls complete", async () => {
    const g = new Graph("unordered");
    const i = g.input<number>("in");
    const out = i.mapAsync(async (x) => {
      await sleep(x);
      return x;
    }, { ordered: false }).capture();
    const exec = g.run();
    await i.send([40, 1, 20]);
    i.close();
    await within(exec.done, 2000, "run");
    expect(out.items()).toEqual([1, 20, 40]);
  });

  it("sends a call that throws, rejects or times out to the error port with its item", async () => {
    const g = new Graph("fail");
    const i = g.input<number>("in");
    const out = i
      .mapAsync(
        (x) => {
          if (x === 1) throw new Error("sync throw");
          if (x === 2) return Promise.reject(new Error("rejected"));
          if (x === 3) return new Promise<number>(() => undefined); // never settles
          return Promise.resolve(x);
        },
        { timeout: 30, name: "io" },
      )
      .capture();
    const errs = g.stream<Failure>("io.error").capture();
    const exec = g.run();
    await i.send([0, 1, 2, 3, 4]);
    i.close();
    await within(exec.done, 2000, "run");
    expect(out.items()).toEqual([0, 4]);
    expect(errs.items().map((f) => [f.item, f.message])).toEqual([
      [1, "sync throw"],
      [2, "rejected"],
      [3, "mapAsync(): the call did not settle within 30 ms"],
    ]);
  });

  it("refuses bad options, naming them", () => {
    const i = new Graph("bad").input<number>("in");
    expect(() => i.mapAsync((x) => x, { concurrency: 0 })).toThrow(/mapAsync\(\): concurrency must be a positive integer, got 0/);
    expect(() => i.mapAsync((x) => x, { ordered: "yes" as never })).toThrow(/mapAsync\(\): ordered must be true or false/);
    expect(() => i.mapAsync((x) => x, { timeout: -1 })).toThrow(/mapAsync\(\): timeout must be a positive number of ms, got -1/);
    expect(() => i.mapAsync(5 as never)).toThrow(/mapAsync\(\) needs a function, got number/);
  });

  it("keeps the calls whose results were not sent in a checkpoint, and a restore calls them again: each result once", async () => {
    const dir = folder();
    const store = join(dir, "s.db");
    const outFile = join(dir, "out.jsonl");
    const build = (f: (x: number) => Promise<number>) => {
      const g = new Graph("io-ckpt");
      const i = g.input<number>("in", { durable: true });
      i.mapAsync(f, { name: "io" }).sink(fileSink(outFile));
      return { g, i };
    };
    const never = new Promise<number>(() => undefined);
    const a = build(async (x) => (x < 3 ? x * 10 : never)); // 3 and 4 are in flight at the cut
    const ea = a.g.run({ checkpoints: { store } });
    await a.i.send([1, 2, 3, 4]);
    a.i.advanceTo(1);
    await ea.quiet();
    await sleep(5);
    await ea.checkpoint();
    ea.stop();
    await ea.done;

    const b = build(async (x) => x * 10);
    const eb = b.g.run({ checkpoints: { store }, restore: "latest" });
    await b.i.send([5]);
    b.i.close();
    await within(eb.done, 5000, "restored run");
    const rows = readFileSync(outFile, "utf8").trim().split("\n").map(Number);
    expect(rows).toEqual([10, 20, 30, 40, 50]);
  });
});
