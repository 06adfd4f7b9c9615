import { describe, expect, it } from "vitest";
import { Graph, GraphError } from "../src/index.js";
import { MODES, sorted, within } from "./helpers.js";

describe("wiring", () => {
  it("names operator nodes after the operator, numbering repeats, and honours given names", () => {
    const g = new Graph("names");
    const a = g.input<number>("a");
    a.map((x) => x + 1).map((x) => x * 2, { name: "double" }).map((x) => x).filter(() => true);
    expect(g.nodeNames).toEqual(["a", "map", "double", "map2", "filter"]);
    expect(g.edges).toEqual([
      ["a.out", "map.in"],
      ["map.out", "double.in"],
      ["double.out", "map2.in"],
      ["map2.out", "filter.in"],
    ]);
  });

  it("gives every node an error output port", () => {
    const g = new Graph("errs");
    const a = g.input<number>("a");
    a.map((x) => x);
    g.node("custom", { inputs: ["in"], outputs: ["out"] }, async () => {});
    for (const n of ["a", "map", "custom"]) expect(() => g.stream(`${n}.error`)).not.toThrow();
  });

  for (const mode of MODES) {
    it(`fan-out broadcasts every batch to every edge (${mode})`, async () => {
      const g = new Graph("fanout");
      const a = g.input<number>("a");
      const left = a.map((x) => x * 10).capture();
      const right = a.map((x) => -x).capture();
      const both = a.capture();
      const exec = g.run({ mode });
      await a.send([1, 2, 3]);
      a.close();
      await within(exec.done, 2000, "run");
      expect(left.items()).toEqual([10, 20, 30]);
      expect(right.items()).toEqual([-1, -2, -3]);
      expect(both.items()).toEqual([1, 2, 3]);
    });

    it(`fan-in merges every edge into one port (${mode})`, async () => {
      const g = new Graph("fanin");
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      const c = g.input<number>("c");
      g.node("sink", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
        for await (const ev of ctx.input<number>("in")) if (ev.kind === "data") await ctx.output("out").send(ev.time, ev.items);
      });
      g.connect("a.out", "sink.in");
      g.connect("b.out", "sink.in");
      g.connect(c, "sink.in");
      const out = g.stream<number>("sink.out").capture();
      const exec = g.run({ mode });
      await a.send([1, 2]);
      await b.send([3]);
      await c.send([4, 5], 2);
      for (const i of [a, b, c]) i.close();
      await within(exec.done, 2000, "run");
      expect(sorted(out.items())).toEqual([1, 2, 3, 4, 5]);
      expect(out.byTime().get(2)).toEqual([4, 5]);
    });
  }

  it("concat merges any number of streams through one node", async () => {
    const g = new Graph("concat");
    const [a, b, c] = ["a", "b", "c"].map((n) => g.input<string>(n));
    const out = a!.concat(b!, c!, { name: "all" }).capture();
    expect(g.edges.filter(([, to]) => to === "all.in")).toHaveLength(3);
    const exec = g.run();
    await a!.send("x");
    await b!.send("y");
    await c!.send("z");
    [a, b, c].forEach((i) => i!.close());
    await within(exec.done, 2000, "run");
    expect(out.items().sort()).toEqual(["x", "y", "z"]);
  });

  it("flatMap emits every element of the returned iterable at the item's time", async () => {
    const g = new Graph("flat");
    const a = g.input<string>("a");
    const out = a.flatMap((s) => s.split("")).capture();
    const gen = a.flatMap(function* (s) {
      yield s.length;
    }).capture();
    const exec = g.run();
    await a.send("ab");
    a.advanceTo(3);
    await a.send("cde");
    a.close();
    await exec.done;
    expect([...out.byTime()]).toEqual([[0, ["a", "b"]], [3, ["c", "d", "e"]]]);
    expect(gen.items()).toEqual([2, 3]);
  });

  it("inspect sees every item with its time and passes the stream on", async () => {
    const g = new Graph("inspect");
    const a = g.input<number>("a");
    const seen: Array<[number, unknown]> = [];
    const out = a.inspect((x, t) => seen.push([x, t])).capture();
    const exec = g.run();
    await a.send(1);
    a.advanceTo(5);
    await a.send(2);
    a.close();
    await exec.done;
    expect(seen).toEqual([[1, 0], [2, 5]]);
    expect(out.items()).toEqual([1, 2]);
  });

  it("capture keeps times: items() in arrival order, byTime() grouped", async () => {
    const g = new Graph("cap");
    const a = g.input<string>("a");
    const out = a.capture();
    const exec = g.run();
    await a.send("x");
    await a.send("y", 4);
    a.advanceTo(2);
    await a.send("z");
    a.close();
    await exec.done;
    expect(out.items()).toEqual(["x", "y", "z"]);
    expect([...out.byTime()]).toEqual([[0, ["x"]], [4, ["y"]], [2, ["z"]]]);
    expect(out.batches().map((b) => b.time)).toEqual([0, 4, 2]);
  });
});

describe("bad wiring is refused with messages that name what exists", () => {
  const g = new Graph("bad");
  const a = g.input<number>("a");
  a.map((x) => x);
  g.node("two", { inputs: ["left", "right"], outputs: ["out"] }, async () => {});

  it("unknown node", () => {
    expect(() => g.connect("mapp.out", "two.left")).toThrow(/no node "mapp" \(did you mean "map"\?\); its nodes are: a, map, two/);
  });
  it("unknown output port lists the outputs", () => {
    expect(() => g.connect("map.outt", "two.left")).toThrow(/node "map" has no output port "outt" \(did you mean "out"\?\); its outputs are: out, error/);
  });
  it("unknown input port lists the inputs", () => {
    expect(() => g.connect("map.out", "two.middle")).toThrow(/node "two" has no input port "middle"; its inputs are: left, right/);
  });
  it("an input port used as a source (and the reverse) says so", () => {
    expect(() => g.connect("two.left", "map.in")).toThrow(/"two.left" is an input port; an output port is needed; its outputs are: out, error/);
    expect(() => g.connect("map.out", "two.out")).toThrow(/"two.out" is an output port; an input port is needed; its inputs are: left, right/);
  });
  it("a malformed port id", () => {
    expect(() => g.connect("map", "two.left")).toThrow(/must look like "node.port", got "map"/);
  });
  it("duplicate node names", () => {
    expect(() => g.input("a")).toThrow(GraphError);
    expect(() => g.input("a")).toThrow(/already has a node named "a" \(a input\)/);
    expect(() => g.node("map", {}, async () => {})).toThrow(/already has a node named "map" \(a map\)/);
  });
  it("reserved and duplicate port names", () => {
    expect(() => g.node("e", { outputs: ["error"] }, async () => {})).toThrow(/"error" is reserved/);
    expect(() => g.node("d", { inputs: ["x", "x"] }, async () => {})).toThrow(/port names must be distinct/);
  });
  it("bad node names and a missing function", () => {
    expect(() => g.input("a.b")).toThrow(/may not contain "\."/);
    expect(() => g.input("")).toThrow(/non-empty string/);
    // @ts-expect-error the function is required
    expect(() => g.node("nofn", {})).toThrow(/third argument must be the node's function/);
    // @ts-expect-error map needs a function
    expect(() => a.map(3)).toThrow(/map\(\) needs a function, got number/);
  });
  it("the same edge twice", () => {
    g.connect("map.out", "two.left");
    expect(() => g.connect("map.out", "two.left")).toThrow(/map.out is already connected to two.left/);
  });
  it("a stream of an unknown port", () => {
    expect(() => g.stream("two.nope")).toThrow(/node "two" has no output port "nope"; its outputs are: out, error/);
  });
  it("bad graph options", () => {
    expect(() => new Graph("x", { capacity: 0 })).toThrow(/capacity must be a positive integer, got 0/);
    // @ts-expect-error not a mode
    expect(() => new Graph("x", { mode: "fast" })).toThrow(/unknown mode "fast"; modes are: concurrent, logical-time, deterministic, step/);
  });
});
