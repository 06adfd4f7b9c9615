import { describe, expect, it } from "vitest";
import { Graph, TimeStash, type LogicContext, type OperatorLogic } from "../src/index.js";
import { within } from "./helpers.js";

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
