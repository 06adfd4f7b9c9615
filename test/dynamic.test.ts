import { describe, expect, it } from "vitest";
import { Graph } from "../src/index.js";
import { MODES, settle, within } from "./helpers.js";

describe("graphs grow while they run", () => {
  for (const mode of MODES) {
    it(`a node added later starts at its upstream's frontier and sees data sent from then on (${mode})`, async () => {
      const g = new Graph("grow");
      const a = g.input<number>("a");
      const first = a.capture();
      const exec = g.run({ mode });
      await a.send([1, 2]);
      a.advanceTo(3);
      await settle();
      const later = a.map((x) => x * 100).capture();
      const probe = g.stream("map.out").probe();
      expect(String(exec.frontier("map.in"))).toBe("[3]");
      expect(probe.lessThan(3)).toBe(false);
      expect(probe.lessEqual(3)).toBe(true);
      await a.send([3, 4]);
      a.close();
      await within(exec.done, 2000, "run");
      expect(first.items()).toEqual([1, 2, 3, 4]);
      expect(later.items()).toEqual([300, 400]);
    });

    it(`a stream-style node defined now and connected in a later step works (${mode})`, async () => {
      const g = new Graph("cells");
      const clicks = g.input<string>("clicks");
      const exec = g.run({ mode });
      await clicks.send("early");
      await settle();
      g.node("upper", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
        for await (const ev of ctx.input<string>("in")) {
          if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items.map((s) => s.toUpperCase()));
        }
      });
      await settle();
      g.connect("clicks.out", "upper.in");
      const out = g.stream<string>("upper.out").capture();
      await clicks.send(["late", "later"]);
      clicks.close();
      await within(exec.done, 2000, "run");
      expect(out.items()).toEqual(["LATE", "LATER"]);
    });
  }

  it("an unconnected input port waits (it might be connected) and ends when the inputs do", async () => {
    const g = new Graph("open");
    const a = g.input<number>("a");
    const events: string[] = [];
    g.node("waiting", { inputs: ["in"] }, async (ctx) => {
      for await (const ev of ctx.input("in")) if (ev.kind === "frontier") events.push(String(ev.frontier));
    });
    const exec = g.run();
    await settle();
    expect(String(exec.frontier("waiting.in"))).toBe("[0]");
    a.advanceTo(4);
    await settle();
    expect(String(exec.frontier("waiting.in"))).toBe("[4]");
    a.close();
    await within(exec.done, 1000, "run");
    expect(events).toEqual(["[0]", "[4]", "[]"]);
  });

  it("an input added while running starts at the inputs' current time", async () => {
    const g = new Graph("late-input");
    const a = g.input<number>("a");
    const exec = g.run();
    a.advanceTo(6);
    await settle();
    const b = g.input<number>("b");
    expect(b.time).toBe(6);
    const out = a.concat(b).capture();
    await b.send(1);
    a.close();
    b.close();
    await within(exec.done, 1000, "run");
    expect([...out.byTime()]).toEqual([[6, [1]]]);
  });

  it("removing a node releases its capabilities, so downstream frontiers move on", async () => {
    const g = new Graph("remove");
    const a = g.input<number>("a");
    g.node("holder", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input("in")) if (ev.kind === "data") ev.retain();
    });
    g.connect(a, "holder.in");
    const probe = g.stream("holder.out").probe();
    const exec = g.run();
    await a.send(1);
    a.advanceTo(5);
    await settle();
    expect(String(probe.frontier)).toBe("[0]");
    g.remove("holder");
    await settle();
    expect(probe.done).toBe(true);
    expect(g.nodeNames).not.toContain("holder");
    a.close();
    await within(exec.done, 1000, "run");
  });

  it("removing a node drops only what was waiting for it; data already sent downstream still arrives", async () => {
    const g = new Graph("remove2");
    const a = g.input<number>("a");
    const m = a.map((x) => x + 1, { name: "inc" });
    const out = m.capture();
    const exec = g.run();
    await a.send([1, 2, 3]);
    await settle();
    g.remove("inc");
    await a.send([10]);
    a.close();
    await within(exec.done, 1000, "run");
    expect(out.items()).toEqual([2, 3, 4]);
  });

  it("a new edge that would move back a frontier a node has seen is refused, naming both frontiers", async () => {
    const g = new Graph("regress");
    const a = g.input<number>("a");
    const b = g.input<number>("b");
    const merged = a.map((x) => x, { name: "m" }).capture();
    const exec = g.run();
    a.advanceTo(5);
    await settle();
    expect(String(merged.frontier)).toBe("[5]");
    expect(() => g.connect("b.out", "m.in")).toThrow(/cannot connect b.out → m.in while the graph runs: the frontier of m.in would move back from \[5\] to \[0\]/);
    b.advanceTo(5);
    await settle();
    g.connect("b.out", "m.in");
    await b.send(9);
    a.close();
    b.close();
    await within(exec.done, 1000, "run");
    expect(merged.items()).toEqual([9]);
  });

  it("a finished graph refuses to grow", async () => {
    const g = new Graph("over");
    const a = g.input<number>("a");
    const exec = g.run();
    a.close();
    await exec.done;
    expect(() => g.input("b")).toThrow(/cannot add node "b": graph "over" has completed its run; build a new Graph/);
  });
});

describe("cycles", () => {
  it("a cycle without a timestamp advance is refused, naming the cycle", () => {
    const g = new Graph("cycle");
    g.node("x", { inputs: ["in"], outputs: ["out"] }, async () => {});
    g.node("y", { inputs: ["in"], outputs: ["out"] }, async () => {});
    g.connect("x.out", "y.in");
    expect(() => g.connect("y.out", "x.in")).toThrow(
      /connecting y.out → x.in would close a cycle that does not advance time: x.in → x.out → y.in → y.out → x.in|y.out → x.in → x.out → y.in → y.out/,
    );
  });

  for (const mode of MODES) {
    it(`a loop through a node with summary +1 iterates and terminates (${mode})`, async () => {
      const g = new Graph("loop");
      const seed = g.input<number>("seed");
      g.node("body", { inputs: ["in"], outputs: ["again", "exit"] }, async (ctx) => {
        for await (const ev of ctx.input<number>("in")) {
          if (ev.kind !== "data") continue;
          await ctx.output("exit").send(ev.time, ev.items);
          const next = ev.items.filter((x) => x < 5).map((x) => x + 1);
          if (next.length > 0) await ctx.output("again").send(ev.time, next);
        }
      });
      g.node("feedback", { inputs: ["in"], outputs: ["out"], summary: 1 }, async (ctx) => {
        for await (const ev of ctx.input("in")) if (ev.kind === "data") await ctx.output("out").send((ev.time as number) + 1, ev.items);
      });
      g.connect(seed, "body.in");
      g.connect("body.again", "feedback.in");
      g.connect("feedback.out", "body.in");
      const out = g.stream<number>("body.exit").capture();
      const exec = g.run({ mode });
      await seed.send([0, 3]);
      seed.close();
      await within(exec.done, 2000, "loop");
      expect([...out.byTime()]).toEqual([
        [0, [0, 3]],
        [1, [1, 4]],
        [2, [2, 5]],
        [3, [3]],
        [4, [4]],
        [5, [5]],
      ]);
    });
  }

  it("a node in a loop may not send at its input's time when its summary is +1", async () => {
    const g = new Graph("loop");
    const seed = g.input<number>("seed");
    g.node("fb", { inputs: ["in"], outputs: ["out"], summary: 1 }, async (ctx) => {
      for await (const ev of ctx.input("in")) if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items);
    });
    g.connect(seed, "fb.in");
    const exec = g.run();
    await seed.send(1, 3);
    seed.close();
    await expect(exec.done).rejects.toThrow(/node "fb" cannot send at time 3 on fb.out: it holds no capability at or before 3/);
  });
});

describe("product timestamps", () => {
  it("a graph can run on (outer, inner) times; frontiers are antichains in the product order", async () => {
    const { Product, ProductSummary } = await import("../src/index.js");
    const P = (a: number, b: number) => new Product(a, b);
    const g = new Graph("prod", { minimum: P(0, 0) });
    const x = g.input<string>("x");
    const y = g.input<string>("y");
    const merged = x.concat(y).capture();
    const exec = g.run();
    x.advanceTo(P(1, 0));
    y.advanceTo(P(0, 1));
    await new Promise((r) => setImmediate(r));
    expect(String(exec.frontier("concat.in"))).toBe("[(0, 1), (1, 0)]");
    expect(exec.frontier("concat.in").lessEqual(P(0, 5))).toBe(true);
    expect(exec.frontier("concat.in").lessEqual(P(0, 0))).toBe(false);
    await x.send("a", P(1, 3));
    expect(() => x.advanceTo(P(0, 4))).toThrow(/cannot advance to time \(0, 4\), which is before its current time \(1, 0\)/);
    x.close();
    y.advanceTo(P(2, 2));
    await new Promise((r) => setImmediate(r));
    expect(String(exec.frontier("concat.in"))).toBe("[(2, 2)]");
    y.close();
    await exec.done;
    expect(merged.batches().map((b) => String(b.time))).toEqual(["(1, 3)"]);
    expect(new ProductSummary(0, 1).apply(P(3, 4))!.toString()).toBe("(3, 5)");
  });

  it("a loop in product time advances the inner coordinate through a (+0, +1) feedback", async () => {
    const { Product, ProductSummary } = await import("../src/index.js");
    const g = new Graph("prodloop", { minimum: new Product(0, 0) });
    const seed = g.input<number>("seed");
    g.node("body", { inputs: ["in"], outputs: ["again", "exit"] }, async (ctx) => {
      for await (const ev of ctx.input<number>("in")) {
        if (ev.kind !== "data") continue;
        await ctx.output("exit").send(ev.time, ev.items);
        const next = ev.items.filter((v) => v < 3).map((v) => v + 1);
        if (next.length) await ctx.output("again").send(ev.time, next);
      }
    });
    g.node("fb", { inputs: ["in"], outputs: ["out"], summary: new ProductSummary(0, 1) }, async (ctx) => {
      for await (const ev of ctx.input<number>("in")) {
        if (ev.kind === "data") await ctx.output("out").send(new ProductSummary(0, 1).apply(ev.time)!, ev.items);
      }
    });
    g.connect(seed, "body.in");
    g.connect("body.again", "fb.in");
    g.connect("fb.out", "body.in");
    const out = g.stream<number>("body.exit").capture();
    const exec = g.run();
    await seed.send(0);
    seed.advanceTo(new Product(1, 0));
    await seed.send(2);
    seed.close();
    await exec.done;
    expect(out.batches().map((b) => `${String(b.time)}:${b.items.join(",")}`).sort()).toEqual(["(0, 0):0", "(0, 1):1", "(0, 2):2", "(0, 3):3", "(1, 0):2", "(1, 1):3"]);
  });
});

describe("removed inputs", () => {
  it("refuse further calls, and what they sent before still arrives", async () => {
    const g = new Graph("rm-input");
    const a = g.input<number>("a");
    const b = g.input<number>("b");
    const out = a.concat(b).capture();
    const exec = g.run();
    await a.send([1, 2]);
    await settle();
    g.remove("a");
    expect(() => a.push(3)).toThrow(/cannot send to input "a": it was removed from the graph/);
    expect(() => a.advanceTo(1)).toThrow(/it was removed from the graph/);
    await b.send(4);
    b.close();
    await within(exec.done, 1000, "run");
    expect(out.items().sort()).toEqual([1, 2, 4]);
  });
});
