import { describe, it, expect } from "vitest";
import { Graph } from "../src/index.js";

describe("scratch", () => {
  for (const mode of ["concurrent", "deterministic"] as const) {
    it(`fan-in / fan-out / stream node (${mode})`, async () => {
      const g = new Graph("x");
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      const both = a.map((x) => x * 10).concat(b);
      const c1 = both.capture();
      const c2 = both.filter((x) => x > 5).capture();
      g.node("dedupe", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
        const seen = new Set<number>();
        for await (const ev of ctx.input<number>("in")) {
          if (ev.kind === "data") {
            const fresh: number[] = [];
            for (const x of ev.items) if (!seen.has(x)) { seen.add(x); fresh.push(x); }
            await ctx.output("out").send(ev.time, fresh);
          }
        }
      });
      g.connect(both, "dedupe.in");
      const d = g.stream<number>("dedupe.out").capture();
      const p = g.stream<number>("dedupe.out").probe();
      const exec = g.run({ mode });
      await a.send([1, 2, 3]);
      await b.send([4, 5, 4]);
      a.advanceTo(1);
      b.advanceTo(1);
      await p.until(1);
      expect(String(exec.frontier("dedupe.in"))).toBe("[1]");
      await a.send(7);
      a.close();
      b.close();
      const r = await exec.done;
      expect(r.status).toBe("completed");
      expect(c1.items().sort((x, y) => x - y)).toEqual([4, 4, 5, 10, 20, 30, 70]);
      expect(c2.items().sort((x, y) => x - y)).toEqual([10, 20, 30, 70]);
      expect(d.items().sort((x, y) => x - y)).toEqual([4, 5, 10, 20, 30, 70]);
      expect(p.done).toBe(true);
    });
  }
});
