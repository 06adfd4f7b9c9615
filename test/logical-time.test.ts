import { describe, expect, it } from "vitest";
import { Graph, type InputEvent, type Mode } from "../src/internals.js";
import { rng, within } from "./helpers.js";

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/**
 * A fan-in: two inputs, each through a stream node that waits a random number of event-loop turns
 * (from `jitter`) before forwarding, merged into one port and numbered in the order they arrive.
 */
async function fanIn(mode: Mode, jitter: () => number): Promise<string> {
  const g = new Graph("fan-in");
  const a = g.input<string>("a");
  const b = g.input<string>("b");
  for (const [name, src] of [["slowA", a], ["slowB", b]] as const) {
    g.node(name, { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input<string>("in")) {
        if (ev.kind !== "data") continue;
        await turns(Math.floor(jitter() * 3));
        await ctx.output("out").send(ev.time, ev.items);
      }
    });
    g.connect(src, `${name}.in`);
  }
  let n = 0;
  const merged = g.stream<string>("slowA.out").concat(g.stream<string>("slowB.out"));
  const out = merged.map((x) => `${n++}:${x}`).capture();
  const exec = g.run({ mode });
  for (let t = 0; t < 4; t++) {
    for (let i = 0; i < 3; i++) {
      await a.send(`a${t}.${i}`, t);
      await b.send(`b${t}.${i}`, t);
    }
    a.advanceTo(t + 1);
    b.advanceTo(t + 1);
  }
  a.close();
  b.close();
  await within(exec.done, 3000, `${mode} run`);
  return JSON.stringify([...out.byTime()]);
}

describe("logical-time mode", () => {
  it("makes a fan-in whose concurrent output order varies between runs give identical output", async () => {
    const concurrent = new Set<string>();
    const logical = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      concurrent.add(await fanIn("concurrent", rng(seed)));
      logical.add(await fanIn("logical-time", rng(seed)));
    }
    expect(concurrent.size).toBeGreaterThan(1);
    expect(logical.size).toBe(1);
    // Per time: port order, then edge order (slowA's edge was connected first), then arrival.
    expect(JSON.parse([...logical][0]!)[0]).toEqual([0, ["0:a0.0", "1:a0.1", "2:a0.2", "3:b0.0", "4:b0.1", "5:b0.2"]]);
  });

  it("and under the seeded randomized scheduler (chaos) too", async () => {
    const run = async (mode: Mode, chaos: number): Promise<string> => {
      const g = new Graph("chaos", { capacity: 4 });
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      let n = 0;
      const out = a.map((x) => x).concat(b.map((x) => -x)).map((x) => [n++, x]).capture();
      const exec = g.run({ mode, chaos });
      for (let t = 0; t < 3; t++) for (let i = 1; i <= 4; i++) {
        await a.send(10 * t + i, t);
        await b.send(10 * t + i, t);
      }
      a.close();
      b.close();
      await within(exec.done, 3000, `${mode} run`);
      return JSON.stringify(out.items());
    };
    const concurrent = new Set<string>();
    const logical = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      concurrent.add(await run("concurrent", seed));
      logical.add(await run("logical-time", seed));
    }
    expect(concurrent.size).toBeGreaterThan(1);
    expect(logical.size).toBe(1);
  });

  it("hands a node with two ports each time once both frontiers passed it, in (time, port, edge, arrival) order", async () => {
    const g = new Graph("ports");
    const x = g.input<string>("x");
    const y = g.input<string>("y");
    const z = g.input<string>("z");
    const log: string[] = [];
    g.node("two", { inputs: ["p0", "p1"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.events<string>() as AsyncIterable<InputEvent<string>>) {
        if (ev.kind === "frontier") {
          log.push(`${ev.port} ${ev.frontier}`);
          continue;
        }
        const live = ctx.frontier(ev.port);
        log.push(`${String(ev.time)}/${ev.port}/${ev.items.join("")}${live.lessEqual(ev.time) ? "" : " (frontier passed!)"}`);
        await ctx.output("out").send(ev.time, ev.items);
      }
    });
    g.connect(y, "two.p1");
    g.connect(z, "two.p0");
    g.connect(x, "two.p0");
    const probe = g.stream("two.out").probe();
    const exec = g.run({ mode: "logical-time" });
    await y.send("y1", 1);
    await x.send("x0", 0);
    await y.send("y0", 0);
    await z.send("z1", 1);
    await x.send("x1", 1);
    await z.send("z0", 0);
    await new Promise((r) => setTimeout(r, 5));
    expect(log.filter((l) => l.includes("/"))).toEqual([]); // nothing is complete yet
    x.advanceTo(2);
    y.advanceTo(2);
    await new Promise((r) => setTimeout(r, 5));
    expect(log.filter((l) => l.includes("/"))).toEqual([]); // z still holds time 0
    expect(probe.lessThan(1)).toBe(true); // and the node holds capabilities for what it stashed
    const obs = g.observe();
    const two = obs.snapshot().nodes.find((n) => n.name === "two")!;
    expect(two.inputs.map((p) => p.queuedItems)).toEqual([4, 2]); // views still show the stashed batches as waiting
    expect(two.capabilities).toEqual([{ time: 0, count: 3 }, { time: 1, count: 3 }]);
    obs.close();
    z.advanceTo(1);
    await within(probe.until(1), 1000, "time 0");
    expect(log.filter((l) => l.includes("/"))).toEqual(["0/p0/z0", "0/p0/x0", "0/p1/y0"]);
    z.close();
    x.close();
    y.close();
    await within(exec.done, 1000, "run");
    expect(log.filter((l) => l.includes("/"))).toEqual(["0/p0/z0", "0/p0/x0", "0/p1/y0", "1/p0/z1", "1/p0/x1", "1/p1/y1"]);
    // The node is told a port's frontier moved past a time only after it handled that time's data there.
    const i0 = log.indexOf("0/p0/x0");
    expect(log.findIndex((l) => l === "p0 [1]")).toBeGreaterThan(i0);
  });

  it("gives stateful operators the same results as deterministic mode", async () => {
    const run = async (mode: Mode) => {
      const g = new Graph("join");
      const l = g.input<{ k: string; v: number }>("l");
      const r = g.input<{ k: string; w: number }>("r");
      const joined = l.keyBy((x) => x.k).join(r.keyBy((x) => x.k)).capture();
      const counts = l.map((x) => x.k).concat(r.map((x) => x.k)).keyBy((k) => k).count().capture();
      const exec = g.run({ mode });
      for (let t = 0; t < 3; t++) {
        await l.send([{ k: "a", v: t }, { k: "b", v: t }], t);
        await r.send([{ k: "a", w: 10 * t }], t);
      }
      l.close();
      r.close();
      await within(exec.done, 2000, `${mode} run`);
      return JSON.stringify([[...joined.byTime()], [...counts.byTime()]]);
    };
    expect(await run("logical-time")).toBe(await run("deterministic"));
  });
});
