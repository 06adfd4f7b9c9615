import { describe, expect, it } from "vitest";
import { Graph, NodeFailureError, type Failure } from "../src/index.js";
import { MODES, within } from "./helpers.js";

describe("a node that throws", () => {
  for (const mode of MODES) {
    it(`sends node, port, time, item and message to its error port and carries on (${mode})`, async () => {
      const g = new Graph("err");
      const a = g.input<number>("a");
      const m = a.map((x) => {
        if (x === 3) throw new Error("three is bad");
        return x * 10;
      });
      const ok = m.capture();
      const errs = g.stream<Failure>("map.error").capture();
      const exec = g.run({ mode });
      await a.send([1, 2, 3, 4], 2);
      a.close();
      const r = await within(exec.done, 2000, "run");
      expect(r.status).toBe("completed");
      expect(ok.items()).toEqual([10, 20, 40]);
      expect(errs.items()).toHaveLength(1);
      const f = errs.items()[0]!;
      expect(f).toMatchObject({ node: "map", port: "in", time: 2, item: 3, message: "three is bad" });
      expect(errs.batches()[0]!.time).toBe(2);
      expect(r.failures).toHaveLength(1);
    });
  }

  it("fails the run with that information when the error port is not connected", async () => {
    const g = new Graph("err");
    const a = g.input<{ id: number }>("a");
    a.filter((x) => {
      if (x.id === 7) throw new TypeError("no sevens");
      return true;
    }).capture();
    const exec = g.run();
    await a.send([{ id: 1 }, { id: 7 }], 4);
    const e = await exec.done.then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(NodeFailureError);
    expect((e as Error).message).toContain('node "filter" failed (port filter.in, time 4, item { id: 7 }): no sevens');
    expect((e as Error).message).toContain('connect "filter.error"');
    expect((e as NodeFailureError).failure.item).toEqual({ id: 7 });
    expect(exec.status).toBe("failed");
    expect(exec.error).toBe(e);
    expect(() => a.push({ id: 2 })).toThrow(/the execution failed \(node "filter" failed/);
  });

  it("records only the failure that ended the run, not the sends the end cut off", async () => {
    const g = new Graph("err");
    const a = g.input<number>("a");
    a.map((x) => {
      if (x === 3) throw new Error("bad item");
      return x;
    }).probe();
    const exec = g.run();
    for (let i = 0; i < 5 && exec.status === "running"; i++) {
      await a.send(i).catch(() => undefined);
      if (exec.status === "running") a.advanceTo(i + 1);
      await new Promise((r) => setTimeout(r, 5));
    }
    await exec.done.catch(() => undefined);
    expect(exec.status).toBe("failed");
    expect(exec.failures.map((f) => f.message)).toEqual(["bad item"]);
  });

  it("with onError: continue, an unconsumed failure is recorded and the run goes on", async () => {
    const g = new Graph("err");
    const a = g.input<number>("a");
    const out = a.map((x) => {
      if (x < 0) throw new RangeError("negative");
      return Math.sqrt(x);
    }).capture();
    const exec = g.run({ onError: "continue" });
    await a.send([4, -1, 9]);
    a.close();
    const r = await exec.done;
    expect(out.items()).toEqual([2, 3]);
    expect(r.failures.map((f) => [f.node, f.item, f.message])).toEqual([["map", -1, "negative"]]);
    expect(exec.failures).toHaveLength(1);
  });

  it("a stream-style node that throws reports its last event's port and time", async () => {
    const g = new Graph("err");
    const a = g.input<number>("a");
    g.node("boom", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input<number>("in")) {
        if (ev.kind === "data" && ev.items.includes(13)) throw new Error("unlucky");
      }
    });
    g.connect(a, "boom.in");
    const errs = g.stream<Failure>("boom.error").capture();
    const exec = g.run();
    await a.send([1, 2]);
    await a.send([13], 6);
    await a.send([14], 7);
    a.close();
    await within(exec.done, 2000, "run");
    expect(errs.items().map((f) => [f.node, f.port, f.time, f.message])).toEqual([["boom", "in", 6, "unlucky"]]);
    expect(g.df.node("boom").stats.dropped).toBe(1);
  });

  it("a throwing inspect, flatMap and filter each report the item", async () => {
    const g = new Graph("err");
    const a = g.input<number>("a");
    const boom = (x: number): void => {
      if (x === 2) throw new Error(`bad ${x}`);
    };
    const i = a.inspect(boom).capture();
    const fm = a.flatMap((x) => {
      boom(x);
      return [x, x];
    }).capture();
    const errsI = g.stream<Failure>("inspect.error").capture();
    const errsF = g.stream<Failure>("flatMap.error").capture();
    const exec = g.run();
    await a.send([1, 2, 3]);
    a.close();
    await exec.done;
    expect(i.items()).toEqual([1, 2, 3]);
    expect(fm.items()).toEqual([1, 1, 3, 3]);
    expect(errsI.items().map((f) => f.item)).toEqual([2]);
    expect(errsF.items().map((f) => f.message)).toEqual(["bad 2"]);
  });

  it("flatMap that returns a non-iterable reports a clear error", async () => {
    const g = new Graph("err");
    const a = g.input<number>("a");
    // @ts-expect-error returns a number
    a.flatMap((x) => x).capture();
    const exec = g.run();
    await a.send(1);
    a.close();
    await expect(exec.done).rejects.toThrow(/flatMap's function must return an iterable \(such as an array\), got number/);
  });

  it("a failed run that nobody awaits raises no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const g = new Graph("err");
      const a = g.input<number>("a");
      a.map(() => {
        throw new Error("ignored");
      });
      const exec = g.run();
      await a.send(1);
      await new Promise((r) => setTimeout(r, 20));
      expect(exec.status).toBe("failed");
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
