import { describe, expect, it } from "vitest";
import { Graph, GraphError, Product, ProductSummary } from "../src/index.js";

describe("operators refuse bad arguments with a message naming the operator and what it expected", () => {
  const g = new Graph("errors");
  const a = g.input<number>("a");

  const cases: Array<[string, () => unknown, string]> = [
    ["take(-1)", () => a.take(-1), "take(n): n must be a non-negative integer, got -1"],
    ["take(1.5)", () => a.take(1.5), "take(n): n must be a non-negative integer, got 1.5"],
    ["take('3')", () => a.take("3" as never), 'take(n): n must be a non-negative integer, got "3"'],
    ["skip(-2)", () => a.skip(-2), "skip(n): n must be a non-negative integer, got -2"],
    ["buffer(0)", () => a.buffer(0), "buffer(n): n must be a positive integer, got 0"],
    ["partition(0, f)", () => a.partition(0, () => 0), "partition(0, f): the number of outputs must be a positive integer, got 0"],
    ["partition(2, not a function)", () => a.partition(2, 1 as never), "partition() needs a function, got number"],
    ["exchange(key, 0)", () => a.exchange((x) => x, 0), "exchange(key, 0): the number of outputs must be a positive integer, got 0"],
    ["throttle(NaN)", () => a.throttle(NaN), "throttle(ms): ms must be a non-negative finite number of milliseconds, got NaN"],
    ["throttle(-5)", () => a.throttle(-5), "throttle(ms): ms must be a non-negative finite number of milliseconds, got -5"],
    ["debounce(Infinity)", () => a.debounce(Infinity), "debounce(ms): ms must be a non-negative finite number of milliseconds, got Infinity"],
    ["delay(-1)", () => a.delay(-1), "delay(summary): summary must be a non-negative integer or a PathSummary (summaries never move time backwards), got -1"],
    ["sum(not a function)", () => a.sum("x" as never), "sum() needs a function, got string"],
    ["scan(not a function)", () => a.scan(null as never, 0), "scan() needs a function, got null"],
    ["aggregate(without add)", () => a.aggregate({ init: () => 0 } as never), "aggregate: add() needs a function, got undefined"],
    ["merge(not a stream)", () => a.merge(7 as never), "merge() takes streams (and an options object last), got 7"],
    ["zip(not a stream)", () => a.zip({} as never), "zip() needs a stream, got object"],
  ];
  for (const [what, f, message] of cases) {
    it(what, () => {
      expect(f).toThrow(message);
    });
  }

  it("delay with a summary that does not fit the graph's times", () => {
    const p = new Graph("products", { minimum: new Product(0, 0) }).input<number>("p");
    expect(() => p.delay(5)).toThrow("delay(+5): the summary does not fit this graph's times, such as (0, 0) (integer summary +5 cannot apply to the time (0, 0)); use a ProductSummary for product times");
    expect(() => a.delay(new ProductSummary(0, 1))).toThrow("delay((+0, +1)): the summary does not fit this graph's times, such as 0");
  });

  it("join with a stream that is not keyed", () => {
    const keyed = a.keyBy((x) => x % 2);
    expect(() => keyed.join(a as never)).toThrow(GraphError);
    expect(() => keyed.join(a as never)).toThrow("join(): the other stream Input(a @ 0) is not keyed; key it first with .keyBy(item => key)");
  });

  it("join on a stream that is not keyed", () => {
    const b = g.input<number>("b-unkeyed");
    // @ts-expect-error join() needs a keyed stream: the call does not typecheck on a plain one
    expect(() => a.join(b.keyBy((x) => x))).toThrow(GraphError);
    // @ts-expect-error join() needs a keyed stream: the call does not typecheck on a plain one
    expect(() => a.join(b.keyBy((x) => x))).toThrow("join(): this stream is not keyed; key it first with .keyBy(fn)");
  });

  it("a refused operator adds no node", () => {
    const before = g.nodeNames.length;
    expect(() => a.partition(-1, () => 0)).toThrow(RangeError);
    expect(() => a.take(-1)).toThrow(RangeError);
    expect(g.nodeNames.length).toBe(before);
  });
});
