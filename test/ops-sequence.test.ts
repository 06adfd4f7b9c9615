import { describe, expect, it } from "vitest";
import { Graph, type InputHandle, type Stream } from "../src/index.js";
import { MODES, perTime, settle, within } from "./helpers.js";

type Mode = (typeof MODES)[number];

/**
 * Sends 1..9 spread over times 0..2, out of time order (time 2 first), then closes; returns the
 * output per time, and what had come out before the input closed.
 */
async function numbers(mode: Mode, build: (s: InputHandle<number>) => Stream<unknown>) {
  const g = new Graph("seq");
  const s = g.input<number>("s");
  const out = build(s).capture();
  const exec = g.run({ mode });
  await s.send([7, 8, 9], 2);
  await s.send([1, 2, 3]);
  await s.send([4, 5, 6], 1);
  s.advanceTo(1);
  await settle();
  const afterZero = out.items();
  s.advanceTo(3);
  await settle();
  const beforeClose = perTime(out);
  s.close();
  await within(exec.done, 2000, "run");
  return { afterZero, beforeClose, result: perTime(out), items: out.items() };
}

describe("sequence operators: the whole stream in logical-time order", () => {
  for (const mode of MODES) {
    it(`take, skip and first see items in time order, each at its own time (${mode})`, async () => {
      const take = await numbers(mode, (s) => s.take(5));
      expect(take.afterZero).toEqual([1, 2, 3]);
      expect(take.result).toEqual({ 0: [1, 2, 3], 1: [4, 5] });
      expect((await numbers(mode, (s) => s.skip(5))).result).toEqual({ 1: [6], 2: [7, 8, 9] });
      expect((await numbers(mode, (s) => s.first())).result).toEqual({ 0: [1] });
      expect((await numbers(mode, (s) => s.take(0))).result).toEqual({});
      expect((await numbers(mode, (s) => s.skip(0))).result).toEqual({ 0: [1, 2, 3], 1: [4, 5, 6], 2: [7, 8, 9] });
      expect((await numbers(mode, (s) => s.take(100))).items).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it(`last waits for the input to close and emits at the last item's time (${mode})`, async () => {
      const last = await numbers(mode, (s) => s.last());
      expect(last.beforeClose).toEqual({});
      expect(last.result).toEqual({ 2: [9] });
    });

    it(`buffer groups n items across times, each group at its last item's time, the rest on close (${mode})`, async () => {
      const buf = await numbers(mode, (s) => s.buffer(4));
      expect(buf.beforeClose).toEqual({ 1: [[1, 2, 3, 4]], 2: [[5, 6, 7, 8]] });
      expect(buf.result).toEqual({ 1: [[1, 2, 3, 4]], 2: [[5, 6, 7, 8], [9]] });
      expect((await numbers(mode, (s) => s.buffer(3))).beforeClose).toEqual({ 0: [[1, 2, 3]], 1: [[4, 5, 6]], 2: [[7, 8, 9]] });
    });

    it(`scan emits the running value after every item, in time order (${mode})`, async () => {
      const scan = await numbers(mode, (s) => s.scan((acc, x) => acc + x, 0));
      expect(scan.items).toEqual([1, 3, 6, 10, 15, 21, 28, 36, 45]);
      expect(scan.result).toEqual({ 0: [1, 3, 6], 1: [10, 15, 21], 2: [28, 36, 45] });
      const keyed = await numbers(mode, (s) => s.keyBy((x) => (x % 2 === 0 ? "even" : "odd")).scan((acc, x) => acc + x, 100));
      expect(keyed.items.filter((r) => (r as { key: string }).key === "even")).toEqual([102, 106, 112, 120].map((value) => ({ key: "even", value })));
      expect(keyed.items.filter((r) => (r as { key: string }).key === "odd")).toEqual([101, 104, 109, 116, 125].map((value) => ({ key: "odd", value })));
    });
  }

  it("first stops once it has its item: it drops what it kept and holds nothing back", async () => {
    const g = new Graph("release");
    const s = g.input<number>("s");
    const probe = s.first().probe();
    const exec = g.run();
    await s.send(1, 5);
    await s.send([2, 3], 9);
    await settle();
    expect(g.df.node("first").caps.size).toBe(2);
    s.advanceTo(6);
    await within(probe.until(6), 1000, "frontier past 5");
    expect(g.df.node("first").caps.size).toBe(0);
    expect(String(probe.frontier)).toBe("[6]");
    s.close();
    await exec.done;
  });

  it("last holds the time of the latest item until the input closes", async () => {
    const g = new Graph("hold");
    const s = g.input<number>("s");
    const probe = s.last().probe();
    const exec = g.run({ mode: "deterministic" });
    await s.send(1, 3);
    s.advanceTo(10);
    await settle();
    expect(String(probe.frontier)).toBe("[3]");
    s.close();
    await within(exec.done, 1000, "run");
    expect(probe.done).toBe(true);
  });

  it("a throwing scan function sends the item to the error port and keeps the accumulator", async () => {
    const g = new Graph("scanerr");
    const s = g.input<number>("s");
    const out = s.scan((acc, x) => {
      if (x === 2) throw new Error("no 2s");
      return acc + x;
    }, 0).capture();
    const errs = g.stream<{ message: string }>("scan.error").capture();
    const exec = g.run();
    await s.send([1, 2, 3]);
    s.close();
    await exec.done;
    expect(out.items()).toEqual([1, 4]);
    expect(errs.items().map((e) => e.message)).toEqual(["no 2s"]);
  });
});
