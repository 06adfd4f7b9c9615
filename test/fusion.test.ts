import { describe, expect, it } from "vitest";
import { Graph, type Execution, type Failure } from "../src/index.js";
import { within } from "./helpers.js";

type FusionMode = "concurrent" | "deterministic" | "step";

/** Waits for the end of a run; a step-mode run is stepped to its end first. */
async function finish(exec: Execution): Promise<void> {
  if (exec.mode === "step") await exec.stepToQuiescence();
  await within(exec.done, 2000, "run");
}

/** A chain of per-item operators with failures at several stages, and what came out of it. */
async function chain(mode: FusionMode) {
  const g = new Graph("chain");
  const a = g.input<number>("a");
  const seen: number[] = [];
  const out = a
    .map((x) => {
      if (x === 3) throw new Error("map hates 3");
      return x * 10;
    })
    .filter((x) => {
      if (x === 50) throw new Error("filter hates 50");
      return x !== 70;
    })
    .flatMap((x) => (x === 90 ? (7 as unknown as number[]) : [x, x + 1]))
    .inspect((x) => {
      seen.push(x);
      if (x === 11) throw new Error("inspect hates 11");
    })
    .capture();
  const errors = ["map", "filter", "flatMap", "inspect"].map((n) => g.stream<Failure>(`${n}.error`).capture());
  const exec = g.run({ mode });
  for (let t = 0; t < 3; t++) {
    await a.send([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], t);
  }
  a.close();
  await finish(exec);
  const stats = Object.fromEntries(["map", "filter", "flatMap", "inspect"].map((n) => [n, { ...g.df.node(n).stats }]));
  const fused = (g.df.node("map") as unknown as { fused?: { chain: Array<{ name: string }> } }).fused;
  return {
    items: [...out.byTime()].map(([t, xs]) => [t, [...xs].sort((p, q) => p - q)]),
    errors: errors.map((c) => c.items().map((f) => `${String(f.time)}:${f.node}/${f.port}:${JSON.stringify(f.item)}:${f.message}`).sort()),
    stats,
    seen: [...seen].sort((p, q) => p - q),
    fusedChain: fused?.chain.map((n) => n.name),
  };
}

describe("per-item operators handed a batch directly run as one loop", () => {
  it("with the same outputs, failures and per-node counts as running them one by one", async () => {
    const fused = await chain("concurrent");
    const sequential = await chain("deterministic");
    const separate = await chain("step");
    expect(fused.fusedChain).toEqual(["map", "filter", "flatMap", "inspect"]);
    expect(sequential.fusedChain).toEqual(["map", "filter", "flatMap", "inspect"]);
    expect(separate.fusedChain).toBeUndefined();
    expect({ ...sequential, fusedChain: undefined }).toEqual({ ...separate, fusedChain: undefined });
    expect(fused.items).toEqual(separate.items);
    expect(fused.errors).toEqual(separate.errors);
    expect(fused.stats).toEqual(separate.stats);
    expect(fused.seen).toEqual(separate.seen);
    expect(fused.items[0]).toEqual([0, [0, 1, 10, 11, 20, 21, 40, 41, 60, 61, 80, 81]]);
    expect(fused.errors).toEqual([
      [0, 1, 2].map((t) => `${t}:map/in:3:map hates 3`),
      [0, 1, 2].map((t) => `${t}:filter/in:50:filter hates 50`),
      [0, 1, 2].map((t) => `${t}:flatMap/in:90:flatMap's function must return an iterable (such as an array), got number`),
      [0, 1, 2].map((t) => `${t}:inspect/in:11:inspect hates 11`),
    ]);
    expect(fused.stats.map).toMatchObject({ itemsIn: 30, itemsOut: 27, failures: 3 });
    expect(fused.stats.filter).toMatchObject({ itemsIn: 27, itemsOut: 21, failures: 3 });
    expect(fused.stats.flatMap).toMatchObject({ itemsIn: 21, itemsOut: 36, failures: 3 });
    expect(fused.stats.inspect).toMatchObject({ itemsIn: 36, itemsOut: 36, failures: 3 });
  });

  it("filterMap fuses too: undefined drops the item, a throw goes to its error port", async () => {
    const run = async (mode: FusionMode) => {
      const g = new Graph("fm");
      const a = g.input<number>("a");
      const out = a
        .map((x) => x + 1)
        .filterMap((x) => {
          if (x === 4) throw new Error("filterMap hates 4");
          return x % 2 === 0 ? x * 100 : undefined;
        })
        .inspect(() => {})
        .capture();
      const errors = g.stream<Failure>("filterMap.error").capture();
      const exec = g.run({ mode });
      await a.send([0, 1, 2, 3, 4, 5]);
      a.close();
      await finish(exec);
      const fused = (g.df.node("map") as unknown as { fused?: { chain: Array<{ name: string }> } }).fused;
      return { items: out.items(), errors: errors.items().map((f) => `${String(f.item)}:${f.message}`), stats: { ...g.df.node("filterMap").stats }, chain: fused?.chain.map((n) => n.name) };
    };
    const fused = await run("concurrent");
    const separate = await run("step");
    expect(fused.chain).toEqual(["map", "filterMap", "inspect"]);
    expect((await run("deterministic")).chain).toEqual(["map", "filterMap", "inspect"]);
    expect(fused.items).toEqual([200, 600]);
    expect(fused.errors).toEqual(["4:filterMap hates 4"]);
    expect(fused.stats).toMatchObject({ itemsIn: 6, itemsOut: 2, failures: 1 });
    expect({ ...separate, chain: undefined }).toEqual({ ...fused, chain: undefined });
  });

  it("stops fusing where a node has another consumer, so fan-out still sees every item", async () => {
    const g = new Graph("fan");
    const a = g.input<number>("a");
    const m = a.map((x) => x + 1);
    const left = m.filter((x) => x % 2 === 0).capture();
    const right = m.capture();
    const exec = g.run();
    await a.send([1, 2, 3, 4]);
    a.close();
    await exec.done;
    expect(left.items()).toEqual([2, 4]);
    expect(right.items()).toEqual([2, 3, 4, 5]);
  });
});

describe("whole batches sent at once", () => {
  it("are lent to per-item operators and copied for anything that keeps them", async () => {
    const g = new Graph("lend", { batchSize: 4 });
    const a = g.input<number>("a");
    const direct = a.capture();
    const mapped = a.map((x) => x * 10).capture();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: number[][] = [];
    g.node("slow", { inputs: ["in"] }, async (ctx) => {
      await gate;
      for await (const ev of ctx.input<number>("in")) if (ev.kind === "data") slow.push(ev.items);
    });
    g.connect(a, "slow.in");
    const exec = g.run();
    await new Promise((r) => setImmediate(r));
    const buf = [1, 2, 3, 4];
    await a.send(buf);
    buf.fill(0);
    await a.send(buf);
    buf.fill(7);
    release();
    a.close();
    await within(exec.done, 1000, "run");
    expect(direct.items()).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
    expect(mapped.items()).toEqual([10, 20, 30, 40, 0, 0, 0, 0]);
    expect(slow).toEqual([[1, 2, 3, 4], [0, 0, 0, 0]]);
  });
});

describe("a fused chain whose stage fails and ends the run", () => {
  it("sends nothing on and raises no uncaught exception", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      const g = new Graph("fail-fused");
      const a = g.input<number>("a");
      const seen: number[] = [];
      a.map((x) => {
        if (x > 1) throw new Error("too big");
        return x;
      }).inspect((x) => void seen.push(x)).capture();
      const exec = g.run();
      await new Promise((r) => setImmediate(r));
      a.push([1, 2, 3]);
      await exec.done.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
      expect(exec.status).toBe("failed");
      expect(uncaught).toEqual([]);
      expect(seen.every((x) => x === 1)).toBe(true);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});
