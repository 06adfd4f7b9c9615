import { describe, expect, it } from "vitest";
import { Graph, TimeStash, type LogicContext, type OperatorLogic, type Time } from "../src/internals.js";
import { MODES, settle, within } from "./helpers.js";

/** Sums items per time with a TimeStash, emitting each sum once the frontier has passed its time. */
function perTimeSum(): OperatorLogic {
  const stash = new TimeStash<{ sum: number }>();
  return {
    onData(ctx, _p, time, items) {
      const slot = stash.at(ctx, time, () => ({ sum: 0 }));
      for (const x of items as number[]) slot.sum += x;
    },
    onFrontier(ctx, _p, frontier) {
      stash.ready((t: Time) => !frontier.lessEqual(t), (t, slot) => ctx.emit(0, t, [slot.sum]));
    },
  };
}

describe("TimeStash", () => {
  for (const mode of MODES) {
    it(`holds a capability per open time and hands times over, earliest first, once passed (${mode})`, async () => {
      const g = new Graph("stash");
      const a = g.input<number>("a");
      const sums = a.via<number>("sum", perTimeSum()).capture();
      const probe = g.stream("sum.out").probe();
      const exec = g.run({ mode });
      await a.send([1, 2], 3);
      await a.send([10], 1);
      await a.send([5], 3);
      await settle();
      expect(sums.items()).toEqual([]);
      expect(String(probe.frontier)).toBe("[0]");
      a.advanceTo(2);
      await within(probe.until(2), 1000, "time 1");
      expect([...sums.byTime()]).toEqual([[1, [10]]]);
      expect(String(probe.frontier)).toBe("[2]");
      a.close();
      await within(exec.done, 1000, "run");
      expect([...sums.byTime()]).toEqual([[1, [10]], [3, [8]]]);
    });
  }
});

describe("late items keep their event time", () => {
  for (const mode of MODES) {
    it(`through per-item operators, fused or not, to the stream-style nodes and captures downstream (${mode})`, async () => {
      const g = new Graph("late");
      const a = g.input<number>("a");
      // A stage that re-emits everything at the logical time 10 with the original time as event time.
      const relabel: OperatorLogic = {
        onData(ctx, _p, time, items) {
          const cap = ctx.retain();
          cap.downgrade(Math.max(10, time as number));
          ctx.emit(0, cap.time, items, time);
          cap.drop();
        },
      };
      const late = a.via<number>("relabel", relabel).map((x) => x * 2).filter((x) => x > 2);
      const seen: Array<[unknown, unknown]> = [];
      g.node("watch", { inputs: ["in"] }, async (ctx) => {
        for await (const ev of ctx.input("in")) if (ev.kind === "data") seen.push([ev.time, ev.eventTime]);
      });
      g.connect(late, "watch.in");
      const out = late.capture();
      const exec = g.run({ mode });
      await a.send([1, 2, 3], 4);
      a.close();
      await within(exec.done, 1000, "run");
      expect(out.batches().map((b) => [b.time, b.eventTime, b.items])).toEqual([[10, 4, [4, 6]]]);
      expect(seen).toEqual([[10, 4]]);
    });
  }
});

describe("keyBy", () => {
  it("adds a keyBy node and a stream that knows each item's key", async () => {
    const g = new Graph("keys");
    const a = g.input<{ user: string }>("a");
    const keyed = a.keyBy((c) => c.user);
    expect(g.nodeNames).toEqual(["a", "keyBy"]);
    expect(keyed.keyOf({ user: "ada" })).toBe("ada");
    const out = keyed.capture();
    const exec = g.run();
    await a.send([{ user: "x" }]);
    a.close();
    await exec.done;
    expect(out.items()).toEqual([{ user: "x" }]);
    // @ts-expect-error keyBy needs a function
    expect(() => a.keyBy("user")).toThrow(/keyBy\(\) needs a function, got string/);
  });
});


describe("TimeStash", () => {
  it("hands over due slots earliest first, including slots added at a due time while another is handled", async () => {
    const g = new Graph("stash");
    const a = g.input<number>("a");
    const seen: string[] = [];
    const stash = new TimeStash<number[]>();
    const logic: OperatorLogic = {
      onData(ctx, _port, time, items) {
        stash.at(ctx, time, () => []).push(...(items as number[]));
      },
      onFrontier(ctx: LogicContext, _port, frontier) {
        stash.ready((t) => !frontier.lessEqual(t), (t, xs) => {
          seen.push(`${String(t)}:${xs.join(",")}`);
          // A timer at the time being handled, and one later: both are handled in this call once due.
          if (xs.includes(5)) stash.at(ctx, t, () => []).push(50);
          if (xs.includes(50)) stash.at(ctx, (t as number) + 2, () => []).push(500);
          ctx.emit(0, t, xs);
        });
      },
    };
    const out = a.via<number>("s", logic).capture();
    const exec = g.run();
    await a.send([7], 7);
    await a.send([5], 3);
    await a.send([1], 1);
    a.close();
    await within(exec.done, 2000, "run (a slot left unhandled would hold its capability forever)");
    expect(seen).toEqual(["1:1", "3:5", "3:50", "5:500", "7:7"]);
    expect(out.items()).toEqual([1, 5, 50, 500, 7]);
    expect(stash.size).toBe(0);
  });
});
