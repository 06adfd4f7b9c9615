import { describe, expect, it } from "vitest";
import { Graph, Product, type Failure, type Update } from "../../src/internals.js";
import { MODES, perTime, settle, within } from "../helpers.js";

/** The example of SEMANTICS.md "Differential": t0: +a, +a, +b; t1: -a, +c; t2: -a, -b (sent out of time order). */
async function example(mode: (typeof MODES)[number]) {
  const g = new Graph("diff");
  const updates = g.input<Update<string>>("updates");
  const collection = updates.differential();
  const counts = collection.count().stream.capture();
  const distinct = collection.distinct().stream.capture();
  const exec = g.run({ mode });
  await updates.send([["a", -1], ["b", -1]], 2);
  await updates.send([["a", 1], ["a", 1]], 0);
  await updates.send([["a", -1], ["c", 1]], 1);
  await updates.send([["b", 1]], 0);
  await settle();
  const early = counts.size + distinct.size;
  updates.close();
  await within(exec.done, 2000, "run");
  return { early, counts: perTime(counts), distinct: perTime(distinct) };
}

describe("differential count and distinct (SEMANTICS.md, Differential)", () => {
  for (const mode of MODES) {
    it(`reproduce the reference example exactly, as multisets per time (${mode})`, async () => {
      const r = await example(mode);
      expect(r.early).toBe(0);
      const sortUpdates = (xs: Array<Update<unknown>>) => perTime({ byTime: () => new Map([[0, xs]]) })[0];
      expect(r.counts).toEqual({
        0: sortUpdates([[["a", 2], 1], [["b", 1], 1]]),
        1: sortUpdates([[["a", 2], -1], [["a", 1], 1], [["c", 1], 1]]),
        2: sortUpdates([[["a", 1], -1], [["b", 1], -1]]),
      });
      expect(r.distinct).toEqual({
        0: sortUpdates([["a", 1], ["b", 1]]),
        1: [["c", 1]],
        2: sortUpdates([["a", -1], ["b", -1]]),
      });
    });
  }

  it("chain: distinct then count, and changes that cancel within a time emit nothing", async () => {
    const g = new Graph("chain");
    const u = g.input<Update<{ id: number }>>("u");
    const counted = u.differential().distinct().count().stream.capture();
    const exec = g.run({ mode: "deterministic" });
    await u.send([[{ id: 1 }, 2], [{ id: 2 }, 1], [{ id: 2 }, -1]], 0);
    await u.send([[{ id: 1 }, -1]], 1);
    await u.send([[{ id: 1 }, -1], [{ id: 3 }, 1]], 2);
    u.close();
    await exec.done;
    expect(perTime(counted)).toEqual({
      0: [[[{ id: 1 }, 1], 1]],
      2: [[[{ id: 1 }, 1], -1], [[{ id: 3 }, 1], 1]],
    });
  });

  it("a malformed update goes to the error port; product times are refused", async () => {
    const g = new Graph("bad");
    const u = g.input<Update<unknown>>("u");
    const out = u.differential().count().stream.capture();
    const errors = g.stream<Failure>("diffCount.error").capture();
    const exec = g.run();
    await u.send([["a", 1], "oops" as never, ["b", 0.5], ["a", 1]]);
    u.close();
    await exec.done;
    expect(out.items()).toEqual([[["a", 2], 1]]);
    expect(errors.items().map((f) => f.message)).toEqual([
      'the differential count() expected an update [data, diff] with an integer diff, got "oops"',
      'the differential count() expected an update [data, diff] with an integer diff, got ["b",0.5]',
    ]);

    const g2 = new Graph("products", { minimum: new Product(0, 0) });
    const p = g2.input<Update<string>>("p");
    p.differential().distinct();
    const exec2 = g2.run();
    await p.send(["a", 1]);
    await expect(exec2.done).rejects.toThrow(/the differential distinct\(\) needs integer times \(a running count per datum is only right for totally ordered times\), got \(0, 0\)/);
  });
});
