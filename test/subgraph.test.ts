import { describe, expect, it } from "vitest";
import { Graph } from "../src/index.js";
import { MODES, settle, within } from "./helpers.js";

describe("subgraphs", () => {
  for (const mode of MODES) {
    it(`expose inner ports under outer names and stream through (${mode})`, async () => {
      const g = new Graph("outer");
      const clicks = g.input<number>("clicks");
      const sub = g.subgraph("enrich", (s) => {
        const inp = s.input<number>("in");
        s.output("out", inp.map((x) => x * 2).filter((x) => x > 2));
      });
      expect(sub.ports).toEqual({ inputs: ["in"], outputs: ["out"] });
      clicks.connectTo(sub.input("in"));
      const out = sub.output<number>("out").capture();
      const probe = sub.output("out").probe();
      expect(g.nodeNames).toEqual(["clicks", "enrich/in", "enrich/map", "enrich/filter", "capture", "probe"]);
      const exec = g.run({ mode });
      await clicks.send([1, 2, 3]);
      clicks.advanceTo(1);
      // Results come out while the input is still open: the subgraph does not wait for its inner graph to end.
      await within(probe.until(1), 1000, "first round through the subgraph");
      expect(out.items()).toEqual([4, 6]);
      expect(String(exec.frontier("enrich.out"))).toBe("[1]");
      clicks.close();
      await within(exec.done, 1000, "run");
    });
  }

  it("port mappings name inner ports directly; nested subgraphs prefix names", async () => {
    const g = new Graph("outer");
    const a = g.input<string>("a");
    const sub = g.subgraph("s", (s) => {
      s.node("up", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
        for await (const ev of ctx.input<string>("in")) if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items.map((x) => x.toUpperCase()));
      });
      const inner = s.subgraph("t", (t) => {
        const i = t.input<string>("in");
        t.output("out", i.map((x) => `<${x}>`));
      });
      s.connect("up.out", inner.input());
      return { inputs: { in: "up.in" }, outputs: { out: "t.out" } };
    });
    g.connect("a.out", "s.in");
    const out = sub.output<string>("out").capture();
    expect(g.nodeNames).toContain("s/t/map");
    const exec = g.run();
    await a.send(["x", "y"]);
    a.close();
    await within(exec.done, 1000, "run");
    expect(out.items()).toEqual(["<X>", "<Y>"]);
  });

  it("has no fixed small buffer: many items pass through a small-capacity subgraph", async () => {
    const g = new Graph("outer", { capacity: 16, batchSize: 8 });
    const a = g.input<number>("a");
    const sub = g.subgraph("pass", (s) => {
      s.output("out", s.input<number>("in").map((x) => x + 1));
    });
    a.connectTo("pass.in");
    let n = 0;
    let sum = 0;
    sub.output<number>("out").inspect((x) => {
      n++;
      sum += x;
    });
    const exec = g.run();
    for (let i = 0; i < 100_000; i++) if (!a.push(i)) await a.ready();
    a.close();
    await within(exec.done, 10_000, "run");
    expect(n).toBe(100_000);
    expect(sum).toBe((100_000 * 99_999) / 2 + 100_000);
  });

  it("bad mappings and duplicate ports are refused clearly", () => {
    const g = new Graph("outer");
    expect(() => g.subgraph("s", () => ({ inputs: { in: "nope.in" } }))).toThrow(/subgraph "s" input "in": graph "outer" has no node "s\/nope"/);
    const sub = g.subgraph("u", (s) => {
      s.input("in");
    });
    expect(() => sub.output("out")).toThrow(/subgraph "u" has no output "out"; its outputs are: \(none\)/);
    expect(() => sub.input("x")).toThrow(/subgraph "u" has no input "x"; its inputs are: in/);
    expect(() => g.subgraph("u", () => {})).toThrow(/already has a node or subgraph named "u"/);
  });

  it("removing a subgraph removes every inner node", async () => {
    const g = new Graph("outer");
    const a = g.input<number>("a");
    g.subgraph("s", (s) => {
      s.output("out", s.input<number>("in").map((x) => x));
    });
    a.connectTo("s.in");
    g.remove("s");
    expect(g.nodeNames).toEqual(["a"]);
    await settle();
  });
});
