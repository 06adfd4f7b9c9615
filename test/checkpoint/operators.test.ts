// Every built-in operator can be checkpointed (the ones that keep state restore it), and the only
// nodes refused are the ones whose state a checkpoint cannot see.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolders } from "../helpers.js";
import { Graph, ManualClock, TestStream, afterCount, afterDelay, every, onTime, session, sliding, sumOf, tumbling, tumblingProcessingTime, type Stream } from "../../src/internals.js";

const folder = tempFolders("sw-ckops-");
const store = (): string => join(folder(), "s.db");

describe("which nodes a checkpoint can keep", () => {
  /** A graph using every built-in operator; its captures, in order. */
  const everything = () => {
    const g = new Graph("all", { mode: "deterministic" });
    const i = g.input<number>("in");
    const c = g.input<number>("clock");
    const k = i.keyBy((x) => x % 2);
    const uses: Array<Stream<unknown>> = [
      i.map((x) => x + 1), i.filter((x) => x > 0), i.flatMap((x) => [x]), i.filterMap((x) => x), i.inspect(() => undefined),
      i.concat(c), i.merge(c), i.delay(1), i.take(5), i.skip(3), i.first(), i.last(), i.buffer(4), i.scan((a: number, x) => a + x, 0),
      i.count(), i.sum(), i.min(), i.max(), i.avg(), i.distinct(), i.reduce((a, b) => a + b), k.count(), k.join(c.keyBy((x) => x % 2)),
      i.zip(c), i.reclock(c), i.sample(c), i.throttle(5), i.debounce(5), i.branch((x) => x > 1)[0], i.partition(2, (x) => x % 2)[0]!,
      i.exchange((x) => x, 2)[1]!,
      i.map((x): [number, number] => [x % 3, 1]).differential().count().stream, i.map((x): [number, number] => [x % 3, 1]).differential().distinct().stream,
      i.eventTime({ timestamp: (x) => x, maxOutOfOrderness: 1, idleTimeout: 1000 }).keyBy((x) => x % 2).window(tumbling(4), { allowedLateness: 2 }).count() as never,
      i.keyBy((x) => x % 2).window(tumblingProcessingTime(10)).aggregateWith(sumOf()) as never,
      // Triggers that act before the end: elements added on arrival, late ones waiting for the windows past their end.
      i.eventTime({ timestamp: (x) => x, maxOutOfOrderness: 1 }).keyBy((x) => x % 2).window(sliding(4, 2), { allowedLateness: 3, trigger: every(2) }).count() as never,
      i.eventTime({ timestamp: (x) => x, maxOutOfOrderness: 1 }).keyBy((x) => x % 3).window(session(3), { allowedLateness: 2, trigger: onTime({ early: afterDelay(5), late: afterCount(1) }) }).count() as never,
    ] as never;
    const caps = uses.map((u) => u.capture());
    i.probe();
    return { g, i, c, caps };
  };
  type Everything = ReturnType<typeof everything>;
  const steps: Array<(j: Everything, clock: ManualClock) => Promise<void> | void> = [];
  for (let e = 0; e < 12; e++) {
    steps.push(async (j) => {
      j.i.advanceTo(e);
      j.c.advanceTo(e);
      await j.i.send([e * 2, e * 2 + 1, (e * 7) % 5]);
      if (e % 3 === 0) await j.c.send([e]);
    });
    steps.push(async (j, clock) => {
      await j.g.execution!.quiet();
      clock.advance(e % 2 === 0 ? 3 : 7);
      await j.g.execution!.quiet();
    });
  }
  const play = async (j: Everything, clock: ManualClock, from: number, to: number): Promise<void> => {
    for (let n = from; n < to; n++) await steps[n]!(j, clock);
  };
  const end = async (j: Everything): Promise<void> => {
    j.i.close();
    j.c.close();
    await j.g.execution!.done;
  };
  /** Each capture's batches in arrival order (a deterministic run delivers them in one order). */
  const batches = (j: Everything): Array<Array<[unknown, unknown[]]>> => j.caps.map((c) => c.batches().filter((b) => b.items.length > 0).map((b) => [b.time, b.items]));

  it("every built-in operator is checkpointed, restored, and goes on as the run that never stopped", async () => {
    const clean = everything();
    const cleanClock = new ManualClock();
    clean.g.run({ clock: cleanClock });
    await play(clean, cleanClock, 0, steps.length);
    await end(clean);
    // The arrival-order windows (the last two) made early panes, and the sliding one late panes: their restore is put to the test.
    const timings = clean.caps.slice(-2).map((c) => new Set((c.items() as Array<{ pane: { timing: string } }>).map((r) => r.pane.timing)));
    expect(timings.map((t) => [...t].sort())).toEqual([["EARLY", "LATE"], ["EARLY", "ON_TIME"]]);
    for (const cut of [3, 5, 12, 17]) {
      const path = store();
      const first = everything();
      const clock1 = new ManualClock();
      const e1 = first.g.run({ checkpoints: { store: path }, clock: clock1 });
      await play(first, clock1, 0, cut);
      await e1.checkpoint();
      const before = batches(first);
      e1.stop();
      await e1.done;
      const second = everything();
      const clock2 = new ManualClock();
      second.g.run({ checkpoints: { store: path }, restore: "latest", clock: clock2 });
      expect(clock2.now()).toBe(clock1.now());
      await play(second, clock2, cut, steps.length);
      await end(second);
      const after = batches(second);
      batches(clean).forEach((want, n) => expect([...before[n]!, ...after[n]!], `output ${n} (cut after step ${cut})`).toEqual(want));
    }
  });

  it("refuses test streams and channels, naming them", () => {
    const g = new Graph("g");
    g.testStream(TestStream.create<number>().addElements(1).advanceWatermarkToInfinity()).capture({ name: "c" });
    const i = g.input<number>("in");
    i.channel({ name: "ch" });
    expect(() => g.run({ checkpoints: { store: store() } })).toThrow(/this graph cannot be checkpointed: "testStream" \(testStream\) keeps state but has no restore\(ctx, data\).*; "ch" \(channel\) hands its items to a reader outside the graph/);
  });
});
