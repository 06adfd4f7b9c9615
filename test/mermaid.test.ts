import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Graph, filterLogic, mapLogic, parseMermaid, type MermaidFactory } from "../src/internals.js";
import { within } from "./helpers.js";

function build(): Graph {
  const g = new Graph("shop");
  const orders = g.input<number>("orders");
  const refunds = g.input<number>("refunds");
  const all = orders.map((x) => x * 2, { name: "double" }).concat(refunds, { name: "all" });
  g.node("split", { inputs: ["in"], outputs: ["small", "big"] }, async (ctx) => {
    for await (const ev of ctx.input<number>("in")) {
      if (ev.kind !== "data") continue;
      await ctx.output("small").send(ev.time, ev.items.filter((x) => x < 10));
      await ctx.output("big").send(ev.time, ev.items.filter((x) => x >= 10));
    }
  });
  g.connect(all, "split.in");
  g.subgraph("tax", (s) => {
    s.output("out", s.input<number>("in").filter((x) => x % 2 === 0));
  });
  g.connect("split.big", "tax.in");
  return g;
}

const registry: Record<string, MermaidFactory> = {
  map: () => ({ logic: mapLogic((x: number) => x * 2) }),
  concat: () => ({ logic: { onData: (ctx, _p, t, items) => ctx.emit(0, t, items) } }),
  filter: () => ({ logic: filterLogic((x: number) => x % 2 === 0) }),
  node: (n) => ({
    run: async (ctx) => {
      for await (const ev of ctx.input<number>(n.inputs[0]!)) {
        if (ev.kind !== "data") continue;
        await ctx.output("small").send(ev.time, ev.items.filter((x) => x < 10));
        await ctx.output("big").send(ev.time, ev.items.filter((x) => x >= 10));
      }
    },
  }),
};

describe("Mermaid", () => {
  it("writes a flowchart with every node, kind, port and edge", () => {
    const text = build().toMermaid().text;
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(text).toContain('n_double["double"]:::map');
    expect(text).toContain('n_orders -->|"out → in"| n_double');
    expect(text).toContain('n_split -->|"big → in"| n_tax_in');
    expect(text).toContain('subgraph tax_box ["tax"]');
    expect(text).toContain('%% ports "split" {"kind":"node","inputs":["in"],"outputs":["small","big"]}');
    expect(text).toContain('%% alias "tax.out" "tax/filter.out"');
  });

  it("round-trips topology, kinds, port names and subgraph ports", () => {
    const g = build();
    const back = Graph.fromMermaid(g.toMermaid().text, registry);
    expect(back.name).toBe("shop");
    expect(back.nodeNames).toEqual(g.nodeNames);
    expect(back.edges).toEqual(g.edges);
    expect(back.toMermaid().text).toBe(g.toMermaid().text);
    expect(parseMermaid(g.toMermaid().text).nodes.map((n) => [n.name, n.kind])).toEqual([
      ["orders", "input"],
      ["refunds", "input"],
      ["double", "map"],
      ["all", "concat"],
      ["split", "node"],
      ["tax/in", "boundary"],
      ["tax/filter", "filter"],
    ]);
  });

  it("a graph read back runs like the original", async () => {
    const back = Graph.fromMermaid(build().toMermaid().text, registry);
    const out = back.stream<number>("tax.out").capture();
    const small = back.stream<number>("split.small").capture();
    const exec = back.run();
    const orders = back.df.inputs.get(back.df.node("orders"))!;
    const refunds = back.df.inputs.get(back.df.node("refunds"))!;
    await orders.send([1, 7, 12]);
    await refunds.send([20, 3, 31]);
    orders.close();
    refunds.close();
    await within(exec.done, 1000, "run");
    expect(out.items().sort((a, b) => a - b)).toEqual([14, 20, 24]);
    expect(small.items().sort((a, b) => a - b)).toEqual([2, 3]);
  });

  it("keeps hostile names intact", () => {
    const g = new Graph('we"ird');
    g.input('a "quoted" <b>#1</b>');
    const back = Graph.fromMermaid(g.toMermaid().text, {});
    expect(back.name).toBe('we"ird');
    expect(back.nodeNames).toEqual(['a "quoted" <b>#1</b>']);
  });

  it("names an unknown kind and lists the registry's kinds", () => {
    const text = build().toMermaid().text;
    expect(() => Graph.fromMermaid(text, { map: registry.map! })).toThrow(/node "all" has kind "concat", which the registry does not know; its kinds are: map \(inputs and subgraph boundaries are made without one\)/);
  });

  it("says which line it cannot read", () => {
    expect(() => Graph.fromMermaid("flowchart LR\n  this is not mermaid\n", {})).toThrow(/cannot read line 2 \("this is not mermaid"\)/);
    expect(() => Graph.fromMermaid('flowchart LR\n  n_x["x"]:::map\n', {})).toThrow(/node "x" has no "%% ports" line/);
  });

  it("returns a diagram that prints as its text and shows as a picture in notebooks", () => {
    const d = build().toMermaid();
    expect(String(d)).toBe(d.text);
    expect(inspect(d)).toBe(d.text.trimEnd());
    const bundle = (d as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")]!();
    expect(bundle["text/vnd.mermaid"]).toBe(d.text);
    expect(bundle["text/markdown"]).toBe("```mermaid\n" + d.text + "```\n");
    expect(Graph.fromMermaid(d, registry).toMermaid().text).toBe(d.text);
    expect(d.picture().nodes.length).toBeGreaterThan(0);
  });
});
