import { describe, expect, it } from "vitest";
import { Graph, Product, type Failure, type InputHandle, type Stream } from "../src/index.js";
import { MODES, perTime, settle, within } from "./helpers.js";

interface Sale {
  readonly shop: string;
  readonly amount: number;
}

type Mode = (typeof MODES)[number];

/**
 * Sends sales at times 0..2, out of time order, through `build`; records what came out before any
 * time completed, the times out after time 0 completed, and everything per time at the end.
 */
async function sales(mode: Mode, build: (s: InputHandle<Sale>) => Stream<unknown>) {
  const g = new Graph("sales");
  const s = g.input<Sale>("sales");
  const out = build(s).capture();
  const exec = g.run({ mode });
  await s.send([{ shop: "a", amount: 5 }, { shop: "b", amount: 1 }]);
  await s.send({ shop: "a", amount: 2 }, 2);
  await s.send({ shop: "a", amount: 7 });
  await s.send([{ shop: "b", amount: 4 }, { shop: "b", amount: 6 }], 1);
  await settle();
  const early = out.size;
  s.advanceTo(1);
  await settle();
  const afterZero = Object.keys(perTime(out));
  s.close();
  await within(exec.done, 2000, "run");
  return { early, afterZero, result: perTime(out) };
}

const A5 = { shop: "a", amount: 5 };
const B1 = { shop: "b", amount: 1 };
const A7 = { shop: "a", amount: 7 };
const B4 = { shop: "b", amount: 4 };
const B6 = { shop: "b", amount: 6 };
const A2 = { shop: "a", amount: 2 };

describe("per-time aggregates of the whole stream", () => {
  for (const mode of MODES) {
    it(`emit one result per time, at that time, only once the frontier passes it (${mode})`, async () => {
      const count = await sales(mode, (s) => s.count());
      expect(count.early).toBe(0);
      expect(count.afterZero).toEqual(["0"]);
      expect(count.result).toEqual({ 0: [3], 1: [2], 2: [1] });
      expect((await sales(mode, (s) => s.sum((x) => x.amount))).result).toEqual({ 0: [13], 1: [10], 2: [2] });
      expect((await sales(mode, (s) => s.avg((x) => x.amount))).result).toEqual({ 0: [13 / 3], 1: [5], 2: [2] });
      expect((await sales(mode, (s) => s.min((x) => x.amount))).result).toEqual({ 0: [B1], 1: [B4], 2: [A2] });
      expect((await sales(mode, (s) => s.max((x) => x.amount))).result).toEqual({ 0: [A7], 1: [B6], 2: [A2] });
      expect((await sales(mode, (s) => s.map((x) => x.amount).reduce((a, b) => a + b))).result).toEqual({ 0: [13], 1: [10], 2: [2] });
      expect((await sales(mode, (s) => s.distinct((x) => x.shop).map((x) => x.shop))).result).toEqual({ 0: ["a", "b"], 1: ["b"], 2: ["a"] });
      const agg = await sales(mode, (s) => s.aggregate({ init: () => [] as number[], add: (acc, x) => [...acc, x.amount], result: (acc) => acc.sort((p, q) => p - q).join("+") }));
      expect(agg.result).toEqual({ 0: ["1+5+7"], 1: ["4+6"], 2: ["2"] });
    });

    it(`per key and time on a keyed stream, as { key, value } (${mode})`, async () => {
      const byShop = (s: InputHandle<Sale>) => s.keyBy((x) => x.shop);
      const count = await sales(mode, (s) => byShop(s).count());
      expect(count.early).toBe(0);
      expect(count.result).toEqual({ 0: [{ key: "a", value: 2 }, { key: "b", value: 1 }], 1: [{ key: "b", value: 2 }], 2: [{ key: "a", value: 1 }] });
      expect((await sales(mode, (s) => byShop(s).sum((x) => x.amount))).result).toEqual({
        0: [{ key: "a", value: 12 }, { key: "b", value: 1 }],
        1: [{ key: "b", value: 10 }],
        2: [{ key: "a", value: 2 }],
      });
      expect((await sales(mode, (s) => byShop(s).max((x) => x.amount))).result).toEqual({
        0: [{ key: "a", value: A7 }, { key: "b", value: B1 }],
        1: [{ key: "b", value: B6 }],
        2: [{ key: "a", value: A2 }],
      });
      expect((await sales(mode, (s) => byShop(s).avg((x) => x.amount))).result[0]).toEqual([{ key: "a", value: 6 }, { key: "b", value: 1 }]);
      expect((await sales(mode, (s) => byShop(s).reduce((p, q) => ({ shop: p.shop, amount: p.amount * q.amount })))).result[0]).toEqual([
        { key: "a", value: { shop: "a", amount: 35 } },
        { key: "b", value: B1 },
      ]);
      expect((await sales(mode, (s) => byShop(s).distinct((x) => x.amount > 3))).result[1]).toEqual([{ key: "b", value: B4 }]);
      expect((await sales(mode, (s) => byShop(s).min((x) => x.amount))).result[0]).toEqual([{ key: "a", value: A5 }, { key: "b", value: B1 }]);
    });
  }

  it("a keyed aggregate is keyed by its results' keys, so keyed operators chain", async () => {
    const g = new Graph("chain");
    const s = g.input<Sale>("s");
    const counted = s.keyBy((x) => x.shop).count();
    expect(counted.keyOf({ key: "z", value: 3 })).toBe("z");
    const out = counted.sum((r) => r.value).capture();
    const exec = g.run({ mode: "deterministic" });
    await s.send([A5, B1, A7]);
    s.close();
    await exec.done;
    expect(perTime(out)).toEqual({ 0: [{ key: "a", value: 2 }, { key: "b", value: 1 }] });
  });

  it("results of one time come out in the order their groups were first seen (deterministic mode)", async () => {
    const g = new Graph("order");
    const s = g.input<string>("s");
    const out = s.keyBy((x) => x).count().map((r) => r.key).capture();
    const exec = g.run({ mode: "deterministic" });
    await s.send(["c", "a", "c", "b", "a"]);
    s.close();
    await exec.done;
    expect(out.items()).toEqual(["c", "a", "b"]);
  });

  it("distinct by default compares items by value (objects by their JSON)", async () => {
    const g = new Graph("distinct");
    const s = g.input<unknown>("s");
    const out = s.distinct().capture();
    const exec = g.run();
    await s.send([1, "1", 1, { a: 1 }, { a: 1 }, [1], null, null]);
    s.close();
    await exec.done;
    expect(out.items()).toEqual([1, "1", { a: 1 }, [1], null]);
  });

  it("times that are products complete in the product order", async () => {
    const g = new Graph("products", { minimum: new Product(0, 0) });
    const s = g.input<number>("s");
    const out = s.count().capture();
    const exec = g.run({ mode: "deterministic" });
    await s.send([1, 2], new Product(0, 1));
    await s.send(3, new Product(1, 1));
    s.advanceTo(new Product(1, 0));
    await settle();
    // Only times >= (1, 0) can still arrive: (0, 1) is complete, (1, 1) is not.
    expect(perTime(out)).toEqual({ "(0, 1)": [2] });
    s.close();
    await exec.done;
    expect(perTime(out)).toEqual({ "(0, 1)": [2], "(1, 1)": [1] });
  });

  it("an item whose function throws goes to the error port and is left out", async () => {
    const g = new Graph("errs");
    const s = g.input<unknown>("s");
    const out = s.sum().capture();
    const errors = g.stream<Failure>("sum.error").capture();
    const exec = g.run();
    await s.send([1, "two", 3]);
    s.close();
    await exec.done;
    expect(out.items()).toEqual([4]);
    expect(errors.items().map((f) => f.message)).toEqual(['sum(): expected a number item (or pass a function that picks one), got "two"']);
  });
});
