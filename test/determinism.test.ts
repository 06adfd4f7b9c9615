import { describe, expect, it } from "vitest";
import { Graph, type InputEvent } from "../src/internals.js";
import { rng, within } from "./helpers.js";

/** One run of a fan-in program; `jitter` varies the timing between input calls, never the calls. */
async function program(jitter: () => number): Promise<string> {
  const g = new Graph("det", { batchSize: 3 });
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  const merged = a.map((x) => x * 10).concat(b.filter((x) => x % 2 === 0), a.map((x) => -x));
  const seen: string[] = [];
  g.node("two", { inputs: ["left", "right"], outputs: ["out"] }, async (ctx) => {
    for await (const ev of ctx.events<number>()) {
      if (ev.kind === "data") {
        seen.push(`${ev.port}@${String(ev.time)}:${ev.items.join(",")}`);
        await ctx.output("out").send(ev.time, ev.items);
      }
    }
  });
  g.connect(merged, "two.left");
  g.connect(b, "two.right");
  const out = g.stream<number>("two.out").capture();
  const all = merged.capture();
  const exec = g.run({ mode: "deterministic" });
  const pause = async (): Promise<void> => {
    const r = jitter();
    if (r < 0.3) await new Promise((res) => setTimeout(res, 1));
    else if (r < 0.6) await new Promise((res) => setImmediate(res));
  };
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 5; i++) {
      await a.send(round * 10 + i);
      await pause();
      await b.send([round * 10 + i, round * 10 + i + 1]);
      await pause();
    }
    if (round % 2 === 1) await a.send(999, round + 3);
    a.advanceTo(round + 1);
    await pause();
    b.advanceTo(round + 1);
  }
  a.close();
  b.close();
  await within(exec.done, 5000, "deterministic run");
  const times = (m: Map<unknown, number[]>): Array<[string, number[]]> => [...m].map(([t, xs]) => [String(t), xs]);
  return JSON.stringify({ out: out.items(), outByTime: times(out.byTime()), all: all.items(), seen: seen.map((s) => s.replace(/:.*/, "")), order: out.items() });
}

describe("deterministic mode", () => {
  it("gives byte-identical captures for the same input calls, whatever the timing between them", async () => {
    const results = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) results.add(await program(rng(seed)));
    expect(results.size).toBe(1);
    const r = JSON.parse([...results][0]!) as { out: number[] };
    expect(r.out.length).toBeGreaterThan(50);
  });

  it("delivers a node's queued inputs in (time, port index, arrival) order", async () => {
    const g = new Graph("order");
    const go = g.input<string>("go");
    // One activation of "split" queues batches at "n" out of time order, on both ports.
    g.node("split", { inputs: ["in"], outputs: ["o0", "o1"] }, async (ctx) => {
      for await (const ev of ctx.input("in")) {
        if (ev.kind !== "data") continue;
        const send = (port: string, t: number, x: string): Promise<void> => ctx.output(port).send(t, x);
        await send("o1", 2, "a");
        await send("o0", 2, "b");
        await send("o1", 1, "c");
        await send("o0", 1, "d");
        await send("o0", 2, "e");
        await send("o1", 1, "f");
      }
    });
    const log: string[] = [];
    g.node("n", { inputs: ["p0", "p1"] }, async (ctx) => {
      for await (const ev of ctx.events<string>()) if (ev.kind === "data") log.push(`${String(ev.time)}/${ev.port}/${ev.items.join("")}`);
    });
    g.connect(go, "split.in");
    g.connect("split.o0", "n.p0");
    g.connect("split.o1", "n.p1");
    const exec = g.run({ mode: "deterministic" });
    await go.send("now");
    go.close();
    await within(exec.done, 1000, "run");
    expect(log).toEqual(["1/p0/d", "1/p1/c", "1/p1/f", "2/p0/b", "2/p0/e", "2/p1/a"]);
  });

  it("applies input calls one at a time, in the order they were made", async () => {
    const g = new Graph("calls");
    const x = g.input<string>("x");
    const y = g.input<string>("y");
    const out = x.concat(y).capture();
    await x.send("a", 2);
    await y.send("b", 1);
    await x.send("c", 1);
    x.close();
    y.close();
    const exec = g.run({ mode: "deterministic" });
    await within(exec.done, 1000, "run");
    expect(out.items()).toEqual(["a", "b", "c"]);
  });

  it("gives the same order where paths meet again, whether or not consecutive sends were gathered into one batch", async () => {
    // i → double → join, and i → join directly: join receives both paths over two edges.
    const run = async (mode: "deterministic" | "step", pause: boolean): Promise<number[]> => {
      const g = new Graph("diamond");
      const i = g.input<number>("i");
      const out = i.map((x) => 2 * x + 1, { name: "double" }).concat(i).map((x) => x + 1, { name: "join" }).capture();
      const exec = g.run({ mode });
      i.push(0);
      if (pause) await new Promise((r) => setImmediate(r)); // the gathered batch is sealed on its own
      i.push(200);
      i.close();
      if (mode === "step") await exec.stepToQuiescence();
      await within(exec.done, 1000, `${mode} run`);
      return out.items();
    };
    const expected = await run("deterministic", true);
    expect(expected).toEqual([1, 2, 201, 402]); // each send reaches join over both paths before the next
    for (let k = 0; k < 5; k++) {
      expect(await run("deterministic", false)).toEqual(expected);
      expect(await run("deterministic", true)).toEqual(expected);
    }
    expect(await run("step", false)).toEqual(expected);
    expect(await run("step", true)).toEqual(expected);
  });

  it("reports frontier events at the same points every run", async () => {
    const runOnce = async (): Promise<string[]> => {
      const g = new Graph("fr");
      const a = g.input<number>("a");
      const events: string[] = [];
      g.node("watch", { inputs: ["in"] }, async (ctx) => {
        for await (const ev of ctx.input<number>("in") as AsyncIterable<InputEvent<number>>) events.push(ev.kind === "data" ? `d${String(ev.time)}` : `f${ev.frontier}`);
      });
      g.connect(a, "watch.in");
      const exec = g.run({ mode: "deterministic" });
      for (let t = 0; t < 5; t++) {
        await a.send([t, t]);
        a.advanceTo(t + 1);
        if (t % 2 === 0) await new Promise((r) => setTimeout(r, 2));
      }
      a.close();
      await exec.done;
      return events;
    };
    const first = await runOnce();
    expect(await runOnce()).toEqual(first);
    expect(first).toEqual(["f[0]", "d0", "f[1]", "d1", "f[2]", "d2", "f[3]", "d3", "f[4]", "d4", "f[5]", "f[]"]);
  });
});

describe("stream-style nodes that await a macrotask", () => {
  /** i → slow1, slow2, map; fwd(slow1); two(a: slow2, b: fwd): what `two` sees, in order, in `mode` (a case the progress property test found). */
  async function seenBy(mode: "deterministic" | "step"): Promise<string[]> {
    const g = new Graph("slow", { capacity: 2, batchSize: 2 });
    const i = g.input<number>("i");
    const macrotask = () => new Promise<void>((r) => setImmediate(r));
    const forward = (name: string, inputs: string[], slow: boolean, seen?: string[]) =>
      g.node(name, { inputs, outputs: ["out"] }, async (ctx) => {
        for await (const ev of ctx.events<number>()) {
          if (ev.kind !== "data") continue;
          seen?.push(`${ev.port}:${ev.items.join(",")}`);
          if (slow) await macrotask();
          await ctx.output<number>("out").send(ev.time, ev.items.map((x) => x + 1000));
        }
      });
    const seen: string[] = [];
    forward("slow1", ["in"], true);
    forward("slow2", ["in"], true);
    const doubled = i.map((x) => 2 * x + 3).capture();
    forward("fwd", ["in"], false);
    forward("two", ["a", "b"], false, seen);
    g.connect(i, "slow1.in");
    g.connect(i, "slow2.in");
    g.connect("slow1.out", "fwd.in");
    g.connect("slow2.out", "two.a");
    g.connect("fwd.out", "two.b");
    const exec = g.run({ mode });
    i.push([0]);
    i.close();
    if (mode === "step") await exec.stepToQuiescence();
    await within(exec.done, 5000, `${mode} run`);
    expect(doubled.items()).toEqual([3]);
    return seen;
  }

  it("keep their place in the schedule: step mode sees what deterministic mode sees, in the same order", async () => {
    // A node's turn lasts until it parks again (up to a few event-loop turns), so what a node sends after awaiting
    // a setImmediate lands at the same point of the schedule in both modes (step mode's caller spends turns
    // between units; deterministic mode does not).
    const det = await seenBy("deterministic");
    expect(det).toEqual(["a:1000", "b:2000"]);
    for (let k = 0; k < 5; k++) expect(await seenBy("step")).toEqual(det);
  });
});

describe("deterministic mode, watched", () => {
  it("gives the same node views whether or not anyone reads frontiers or snapshots while it runs", async () => {
    const once = async (watched: boolean): Promise<string> => {
      const g = new Graph("watched", { batchSize: 2 });
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      const events: string[] = [];
      g.node("watch", { inputs: ["l", "r"], outputs: ["out"] }, async (ctx) => {
        for await (const ev of ctx.events<number>()) {
          events.push(ev.kind === "data" ? `${ev.port}@${String(ev.time)}:${ev.items.join(",")}` : `${ev.port} ${ev.frontier}`);
          if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items);
        }
      });
      g.connect(a.map((x) => x + 1), "watch.l");
      g.connect(b.filter((x) => x % 2 === 0), "watch.r");
      const counts = g.stream<number>("watch.out").keyBy((x) => x % 3).count().capture();
      const obs = watched ? g.observe() : undefined;
      obs?.subscribe((o) => void o.snapshot());
      const exec = g.run({ mode: "deterministic" });
      const peek = (): void => {
        if (watched) for (const p of ["watch.l", "watch.r", "count.in"]) void String(exec.frontier(p));
      };
      for (let t = 0; t < 6; t++) {
        await a.send([t, t + 1, t + 2], t);
        peek();
        await b.send([t, 2 * t], t);
        if (t % 2 === 0) await new Promise((r) => setImmediate(r));
        peek();
        a.advanceTo(t + 1);
        peek();
        b.advanceTo(t + 1);
      }
      a.close();
      b.close();
      await within(exec.done, 2000, "run");
      obs?.close();
      return JSON.stringify({ events, counts: [...counts.byTime()] });
    };
    const plain = await once(false);
    expect(await once(true)).toBe(plain);
  });
});
