import { describe, expect, it } from "vitest";
import { Graph, Product, ProductSummary, partitionOf, type Failure } from "../src/internals.js";
import { MODES, perTime, settle, within } from "./helpers.js";

describe("filterMap, merge, partition, branch, exchange", () => {
  for (const mode of MODES) {
    it(`route items at their own times (${mode})`, async () => {
      const g = new Graph("route");
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      const halves = a.filterMap((x) => (x % 2 === 0 ? x / 2 : undefined)).capture();
      const merged = a.merge(b).capture();
      const [small, mid, big] = a.partition(3, (x) => (x < 3 ? 0 : x < 6 ? 1 : 2));
      const parts = [small!.capture(), mid!.capture(), big!.capture()];
      const [even, odd] = a.branch((x) => x % 2 === 0);
      const evens = even.capture();
      const odds = odd.capture();
      const exec = g.run({ mode });
      await a.send([0, 1, 2, 3, 4, 5, 6, 7]);
      await a.send(8, 1);
      await b.send([100, 101], 1);
      a.close();
      b.close();
      await within(exec.done, 2000, "run");
      expect(perTime(halves)).toEqual({ 0: [0, 1, 2, 3], 1: [4] });
      expect(perTime(merged)).toEqual({ 0: [0, 1, 2, 3, 4, 5, 6, 7], 1: [100, 101, 8] });
      expect(parts.map((p) => perTime(p))).toEqual([{ 0: [0, 1, 2] }, { 0: [3, 4, 5] }, { 0: [6, 7], 1: [8] }]);
      expect(perTime(evens)).toEqual({ 0: [0, 2, 4, 6], 1: [8] });
      expect(perTime(odds)).toEqual({ 0: [1, 3, 5, 7] });
    });
  }

  it("partition and branch have one node with outputs out0.. / true, false", () => {
    const g = new Graph("ports");
    const a = g.input<number>("a");
    expect(a.partition(2, () => 0).map(String)).toEqual(["Stream(partition.out0)", "Stream(partition.out1)"]);
    expect(a.branch(() => true, { name: "split" }).map(String)).toEqual(["Stream(split.true)", "Stream(split.false)"]);
    expect(a.merge(g.input<number>("b"), { name: "m" }).node).toBe("m");
  });

  it("a partition function that returns no valid output number sends the item to the error port", async () => {
    const g = new Graph("bad-route");
    const a = g.input<number>("a");
    const [p0, p1] = a.partition(2, (x) => x);
    const outs = [p0!.capture(), p1!.capture()];
    const errors = g.stream<Failure>("partition.error").capture();
    const exec = g.run();
    await a.send([0, 1, 2, 1.5]);
    a.close();
    await exec.done;
    expect(outs.map((o) => o.items())).toEqual([[0], [1]]);
    expect(errors.items().map((f) => `${String(f.item)}: ${f.message}`)).toEqual([
      "2: partition(2, f): the function must return an output number from 0 to 1, got 2",
      "1.5: partition(2, f): the function must return an output number from 0 to 1, got 1.5",
    ]);
  });

  for (const mode of MODES) {
    it(`exchange splits by a stable hash of the key into keyed streams (${mode})`, async () => {
      const g = new Graph("exchange");
      const a = g.input<{ user: string; n: number }>("a");
      const parts = a.exchange((x) => x.user, 3);
      expect(parts).toHaveLength(3);
      expect(parts[0]!.keyOf({ user: "zed", n: 0 })).toBe("zed");
      const caps = parts.map((p) => p.capture());
      const single = a.exchange((x) => x.user);
      const passed = single.capture();
      const exec = g.run({ mode });
      const items = ["ada", "bo", "cy", "dee", "ada", "bo", "eve"].map((user, n) => ({ user, n }));
      await a.send(items);
      a.close();
      await within(exec.done, 2000, "run");
      caps.forEach((c, i) => {
        for (const x of c.items()) expect(partitionOf(x.user, 3)).toBe(i);
      });
      expect(caps.reduce((n, c) => n + c.size, 0)).toBe(items.length);
      expect(passed.items()).toEqual(items);
      expect(single.keyOf(items[0]!)).toBe("ada");
      expect(g.df.node("exchange").spec.meta).toEqual({ partitions: 3 });
      expect(g.df.node("exchange2").spec.meta).toEqual({ partitions: 1 });
    });
  }

  it("the exchange hash is stable (the same partitions in every run and process)", () => {
    expect(["ada", "bo", "cy", 1, "1", { a: 1 }].map((k) => partitionOf(k, 4))).toEqual([2, 1, 2, 1, 1, 0]);
  });
});

describe("delay", () => {
  for (const mode of MODES) {
    it(`re-stamps t as t + k, and the frontier after it moves by k too (${mode})`, async () => {
      const g = new Graph("delay");
      const a = g.input<string>("a");
      const delayed = a.delay(5);
      const out = delayed.capture();
      const probe = delayed.probe();
      const exec = g.run({ mode });
      await a.send("x");
      await a.send("y", 2);
      a.advanceTo(3);
      await settle();
      expect(String(probe.frontier)).toBe("[8]");
      a.close();
      await within(exec.done, 2000, "run");
      expect(perTime(out)).toEqual({ 5: ["x"], 7: ["y"] });
    });
  }

  it("takes product summaries for product times", async () => {
    const g = new Graph("products", { minimum: new Product(0, 0) });
    const a = g.input<string>("a");
    const out = a.delay(new ProductSummary(0, 1)).capture();
    const exec = g.run();
    await a.send("x", new Product(2, 3));
    a.close();
    await exec.done;
    expect([...out.byTime().keys()].map(String)).toEqual(["(2, 4)"]);
  });

  it("closes a loop: a delay(1) is the feedback that advances time", async () => {
    const g = new Graph("loop");
    const a = g.input<number>("a");
    const body = a.merge({ name: "body" });
    const next = body.filter((x) => x < 3).map((x) => x + 1).delay(1);
    next.connectTo("body.in");
    const out = body.capture();
    const exec = g.run({ mode: "deterministic" });
    await a.send(0);
    a.close();
    await within(exec.done, 2000, "run");
    expect(perTime(out)).toEqual({ 0: [0], 1: [1], 2: [2], 3: [3] });
  });
});
