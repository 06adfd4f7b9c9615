import { describe, expect, it } from "vitest";
import {
  Graph,
  ManualClock,
  Product,
  TestStream,
  beamWatermark,
  flinkWatermark,
  frontierOfFlinkWatermark,
  timestamped,
  tumbling,
  type Failure,
  type Stream,
} from "../src/index.js";
import { MODES, within } from "./helpers.js";

interface Click {
  readonly user: string;
  readonly ts: number;
}

const click = (user: string, ts: number): Click => ({ user, ts });
const byTs = { timestamp: (c: Click) => c.ts };

/** The batches of a capture as [time, event time or undefined, timestamps]. */
function stamps(batches: ReadonlyArray<{ time: unknown; eventTime?: unknown; items: Click[] }>): Array<[unknown, unknown, number[]]> {
  return batches.map((b) => [b.time, b.eventTime, b.items.map((c) => c.ts)]);
}

describe("watermark conventions", () => {
  it("Beam's watermark is the frontier, Flink's is one less; done is +Infinity", () => {
    expect(beamWatermark([3000])).toBe(3000);
    expect(flinkWatermark([3000])).toBe(2999);
    expect(flinkWatermark([])).toBe(Infinity);
    expect(beamWatermark([])).toBe(Infinity);
    expect(frontierOfFlinkWatermark(2999)).toBe(3000);
    expect(() => flinkWatermark([new Product(1, 2)] as never)).toThrow(/needs integer \(event\) times/);
  });
});

describe("the event-time stage", () => {
  for (const mode of MODES) {
    it(`holds the watermark maxSeen - B as its frontier and stamps items with their event time (${mode})`, async () => {
      const g = new Graph("et");
      const clicks = g.input<Click>("clicks");
      const timed = clicks.eventTime({ ...byTs, maxOutOfOrderness: 2 });
      const out = timed.capture();
      expect(String(timed.frontier)).toBe("[0]");
      const exec = g.run({ mode });
      await clicks.send([click("a", 5), click("b", 3)]);
      await exec.quiet();
      expect(String(timed.frontier)).toBe("[3]");
      expect(flinkWatermark(timed.frontier)).toBe(2);
      await clicks.send(click("a", 4)); // behind maxSeen but not behind the watermark: on time
      await clicks.send(click("c", 9));
      await exec.quiet();
      expect(String(timed.frontier)).toBe("[7]");
      await clicks.send(click("d", 1)); // behind the watermark: late, at 7 with event time 1
      await clicks.send(click("e", 8)); // never moves back
      await exec.quiet();
      expect(String(timed.frontier)).toBe("[7]");
      clicks.close();
      await within(exec.done, 2000, "run");
      expect(String(timed.frontier)).toBe("[]");
      const batches = stamps(out.batches()).sort((x, y) => (x[0] as number) - (y[0] as number) || (x[2][0]! - y[2][0]!));
      expect(batches).toEqual([
        [3, undefined, [3]],
        [4, undefined, [4]],
        [5, undefined, [5]],
        [7, 1, [1]],
        [8, undefined, [8]],
        [9, undefined, [9]],
      ]);
    });
  }

  it("decides lateness item by item, so batch boundaries do not change the result", async () => {
    const items = [5, 1, 9, 4, 6, 2, 12, 11, 3].map((t) => click("u", t));
    const run = async (batched: boolean): Promise<unknown> => {
      const g = new Graph("b", { batchSize: batched ? 1024 : 1 });
      const clicks = g.input<Click>("clicks");
      const out = clicks.eventTime({ ...byTs, maxOutOfOrderness: 3 }).capture();
      const exec = g.run({ mode: "deterministic" });
      if (batched) await clicks.send(items);
      else for (const c of items) await clicks.send(c);
      clicks.close();
      await exec.done;
      return stamps(out.batches()).sort((x, y) => (x[0] as number) - (y[0] as number) || Number(x[1] ?? -1) - Number(y[1] ?? -1));
    };
    const one = await run(true);
    expect(await run(false)).toEqual(one);
    // 5 1(late? W=2: 1<2 yes) 9 4(W=6: late) 6(on time) 2(late) 12 11(W=9: on time) 3(late)
    expect(one).toEqual([
      [2, 1, [1]],
      [5, undefined, [5]],
      [6, 2, [2]],
      [6, 4, [4]],
      [6, undefined, [6]],
      [9, undefined, [9]],
      [9, 3, [3]],
      [11, undefined, [11]],
      [12, undefined, [12]],
    ].sort((x, y) => (x[0] as number) - (y[0] as number) || Number(x[1] ?? -1) - Number(y[1] ?? -1)));
  });

  it("sends an item whose timestamp is NaN, not a number, negative or throws to its error port with the reason", async () => {
    const g = new Graph("bad");
    const a = g.input<{ ts: unknown }>("a");
    const timed = a.eventTime({
      timestamp: (x) => {
        if (x.ts === "boom") throw new Error("no timestamp here");
        return x.ts as number;
      },
      maxOutOfOrderness: 0,
    });
    const ok = timed.capture();
    const errs = g.stream<Failure>("eventTime.error").capture();
    const exec = g.run();
    await a.send([{ ts: 3 }, { ts: NaN }, { ts: "7" }, { ts: -1 }, { ts: 2.5 }, { ts: "boom" }, { ts: 4 }]);
    a.close();
    await within(exec.done, 2000, "run");
    expect(ok.items()).toEqual([{ ts: 3 }, { ts: 4 }]);
    expect(errs.items().map((f) => [f.item, f.message])).toEqual([
      [{ ts: NaN }, "eventTime(): the timestamp function returned NaN"],
      [{ ts: "7" }, 'eventTime(): the timestamp function returned the string "7", not a number'],
      [{ ts: -1 }, "eventTime(): the timestamp function returned -1, not a non-negative integer"],
      [{ ts: 2.5 }, "eventTime(): the timestamp function returned 2.5, not a non-negative integer"],
      [{ ts: "boom" }, "no timestamp here"],
    ]);
    expect(errs.items()[0]).toMatchObject({ node: "eventTime", time: 3 });
  });

  it("refuses bad options when the graph is built", () => {
    const g = new Graph("opts");
    const a = g.input<Click>("a");
    expect(() => a.eventTime({ ...byTs, maxOutOfOrderness: -5 })).toThrow("eventTime(): maxOutOfOrderness must be a non-negative integer (event-time units, e.g. ms), got -5; out-of-orderness cannot be negative");
    expect(() => a.eventTime({ ...byTs, maxOutOfOrderness: 1.5 })).toThrow(/maxOutOfOrderness must be a non-negative integer .* got 1.5/);
    expect(() => a.eventTime({ timestamp: 3 as never, maxOutOfOrderness: 0 })).toThrow("eventTime(): timestamp must be a function item => event time, got number");
    expect(() => a.eventTime({ ...byTs, maxOutOfOrderness: 0, idleTimeout: 0 })).toThrow("eventTime(): idleTimeout must be a positive number of ms of processing time, got 0");
    const p = new Graph("products", { minimum: new Product(0, 0) });
    expect(() => p.input<Click>("a").eventTime({ ...byTs, maxOutOfOrderness: 0 })).toThrow(/eventTime\(\) needs integer times \(event time\), but this graph's times start at \(0, 0\)/);
  });

  for (const mode of MODES) {
    it(`makes every frontier downstream the watermark: fan-out, fan-in (the minimum), subgraphs (${mode})`, async () => {
      const g = new Graph("fan");
      const a = g.input<Click>("a");
      const b = g.input<Click>("b");
      const ta = a.eventTime({ ...byTs, maxOutOfOrderness: 0, name: "ta" });
      const tb = b.eventTime({ ...byTs, maxOutOfOrderness: 0, name: "tb" });
      const left = ta.map((c) => c, { name: "left" });
      const right = ta.filter(() => true, { name: "right" });
      const merged = left.concat(tb, { name: "merged" });
      const sub = g.subgraph("inner", (s) => {
        s.output("out", s.input<Click>("in").map((c) => c, { name: "m" }));
      });
      merged.connectTo(sub.input("in"));
      const subOut = sub.output<Click>("out");
      const exec = g.run({ mode });
      await a.send(click("x", 10));
      await b.send(click("y", 4));
      await exec.quiet();
      expect(String(exec.frontier("left.in"))).toBe("[10]");
      expect(String(exec.frontier("right.in"))).toBe("[10]");
      expect(String(exec.frontier("merged.in"))).toBe("[4]");
      expect(String(exec.frontier("inner/m.in"))).toBe("[4]");
      expect(String(subOut.frontier)).toBe("[4]");
      await b.send(click("y", 20));
      await exec.quiet();
      expect(String(exec.frontier("merged.in"))).toBe("[10]");
      a.close();
      await exec.quiet();
      expect(String(exec.frontier("left.in"))).toBe("[]");
      expect(String(exec.frontier("merged.in"))).toBe("[20]");
      b.close();
      await within(exec.done, 2000, "run");
    });
  }
});

describe("idle inputs", () => {
  /** Two event-time inputs with idle timeouts meeting at a concat; returns the run and a frontier reader. */
  function twoInputs(mode: "concurrent" | "deterministic") {
    const g = new Graph("idle");
    const a = g.input<Click>("a");
    const b = g.input<Click>("b");
    const ta = a.eventTime({ ...byTs, maxOutOfOrderness: 0, idleTimeout: 100, name: "ta" });
    const tb = b.eventTime({ ...byTs, maxOutOfOrderness: 0, idleTimeout: 100, name: "tb" });
    const merged = ta.concat(tb, { name: "merged" });
    const out = merged.capture();
    const clock = new ManualClock();
    const exec = g.run({ mode, clock });
    const at = (): string => String(exec.frontier("merged.in"));
    return { a, b, exec, clock, at, out, g };
  }

  for (const mode of MODES) {
    it(`an input that has sent nothing for idleTimeout stops holding the watermark, and counts again once it sends (${mode})`, async () => {
      const { a, b, exec, clock, at, out } = twoInputs(mode);
      await a.send(click("a", 50));
      await b.send(click("b", 10));
      await exec.quiet();
      expect(at()).toBe("[10]");
      clock.advance(60);
      await a.send(click("a", 80)); // a stays active
      await exec.quiet();
      clock.advance(60); // b has been quiet for 120 ms: idle; a for 60 ms
      await exec.quiet();
      expect(at()).toBe("[80]");
      await a.send(click("a", 95)); // the idle input follows the active one
      await exec.quiet();
      expect(at()).toBe("[95]");
      expect(String(exec.frontier("tb.out"))).toBe("[95]");
      await b.send([click("b", 30), click("b", 97)]); // b is back: 30 is late (at 95), 97 on time
      await exec.quiet();
      expect(at()).toBe("[95]");
      await a.send(click("a", 120));
      await exec.quiet();
      expect(at()).toBe("[97]"); // b holds the minimum again
      a.close();
      b.close();
      await within(exec.done, 2000, "run");
      const late = out.batches().filter((x) => x.eventTime !== undefined);
      expect(late.map((x) => [x.time, x.eventTime, x.items.map((c) => c.ts)])).toEqual([[95, 30, [30]]]);
    });
  }

  it("when every input is idle, or an idle input meets no other, the watermark stays where it is", async () => {
    const { a, b, exec, clock, at } = twoInputs("concurrent");
    await a.send(click("a", 50));
    await b.send(click("b", 10));
    await exec.quiet();
    clock.advance(60);
    await b.send(click("b", 12));
    await exec.quiet();
    clock.advance(60); // a is idle; b (active) holds the minimum
    await exec.quiet();
    expect(at()).toBe("[12]");
    clock.advance(60); // b is idle too: nothing moves by itself
    await exec.quiet();
    expect(at()).toBe("[12]");
    a.close();
    clock.advance(500); // b alone, idle: it meets no active input
    await exec.quiet();
    expect(at()).toBe("[12]");
    b.close();
    await within(exec.done, 2000, "run");
  });

  for (const mode of MODES) {
    it(`an idle input holds back no place where an active input meets it: each sees the minimum of its active inputs (${mode})`, async () => {
      // Sources a, b, c; X = a + b, Y = a + c, Z = a alone. a goes idle while b is at 100, c at 10.
      const g = new Graph("idle3");
      const [a, b, c] = [g.input<Click>("a"), g.input<Click>("b"), g.input<Click>("c")];
      const [ta, tb, tc] = [a, b, c].map((s) => s.eventTime({ ...byTs, maxOutOfOrderness: 0, idleTimeout: 100, name: `t${s.node}` })) as [Stream<Click>, Stream<Click>, Stream<Click>];
      ta.concat(tb, { name: "X" }).capture();
      ta.concat(tc, { name: "Y" }).capture();
      ta.map((x) => x, { name: "Z" }).capture();
      const clock = new ManualClock();
      const exec = g.run({ mode, clock });
      const at = (n: string): string => String(exec.frontier(`${n}.in`));
      await a.send(click("a", 2));
      await b.send(click("b", 5));
      await c.send(click("c", 5));
      await exec.quiet();
      expect([at("X"), at("Y"), at("Z")]).toEqual(["[2]", "[2]", "[2]"]);
      clock.advance(60);
      await b.send(click("b", 100));
      await c.send(click("c", 10));
      await exec.quiet();
      clock.advance(60); // a has been quiet for 120 ms: idle; b and c for 60 ms
      await exec.quiet();
      expect(at("X")).toBe("[100]"); // only b is active here
      expect(at("Y")).toBe("[10]"); // only c is active here
      expect(at("Z")).toBe("[100]"); // a alone: it follows the latest place where it meets an active input
      await c.send(click("c", 40));
      await exec.quiet();
      expect([at("X"), at("Y")]).toEqual(["[100]", "[40]"]);
      for (const s of [a, b, c]) s.close();
      await within(exec.done, 2000, "run");
    });
  }

  it("an input that never sends anything goes idle too", async () => {
    const { a, exec, clock, at, b } = twoInputs("deterministic");
    await a.send(click("a", 40));
    await exec.quiet();
    expect(at()).toBe("[0]");
    clock.advance(50);
    await a.send(click("a", 45));
    await exec.quiet();
    clock.advance(50);
    await exec.quiet();
    expect(at()).toBe("[45]");
    a.close();
    b.close();
    await within(exec.done, 2000, "run");
  });
});

describe("test streams", () => {
  for (const mode of MODES) {
    it(`play elements, Beam and Flink watermarks and the end of the script (${mode})`, async () => {
      const script = TestStream.create<string>()
        .addElements(timestamped("a", 3), timestamped("b", 1))
        .advanceWatermarkTo(5)
        .addElements(timestamped("late", 2), "at-watermark")
        .flinkWatermark(9)
        .flinkWatermark(4)
        .addElements(timestamped("c", 12))
        .advanceWatermarkToInfinity();
      expect(script.watermark).toBe(Infinity);
      const g = new Graph("ts");
      const s = g.testStream(script);
      const seen: string[] = [];
      const out = s.capture();
      s.inspect(() => seen.push(String(s.frontier)));
      const exec = g.run({ mode });
      await within(exec.done, 2000, "run");
      const order = (x: [number, unknown, unknown], y: [number, unknown, unknown]): number => x[0] - y[0] || Number(y[1] !== undefined) - Number(x[1] !== undefined);
      expect(out.batches().map((x) => [x.time as number, x.eventTime, x.items] as [number, unknown, unknown]).sort(order)).toEqual([
        [1, undefined, ["b"]],
        [3, undefined, ["a"]],
        [5, 2, ["late"]],
        [5, undefined, ["at-watermark"]],
        [12, undefined, ["c"]],
      ]);
      expect(seen.length).toBe(5);
    });
  }

  it("move a manual clock only after what was sent before was handled", async () => {
    const script = TestStream.create<number>().addElements(timestamped(1, 0)).advanceProcessingTime(250).addElements(timestamped(2, 0));
    const g = new Graph("pt");
    const clock = new ManualClock(1000);
    const seen: Array<[number, number]> = [];
    g.testStream(script).inspect((x) => seen.push([x, clock.now()]));
    const exec = g.run({ clock });
    await within(exec.done, 2000, "run");
    expect(seen).toEqual([[1, 1000], [2, 1250]]);
  });

  it("refuse a script that advances processing time without a manual clock", async () => {
    const g = new Graph("pt");
    g.testStream(TestStream.create<number>().advanceProcessingTime(5)).capture();
    const exec = g.run();
    await expect(exec.done).rejects.toThrow('test stream "testStream": its script advances processing time, so the run needs a manual clock: g.run({ clock: new ManualClock() })');
  });

  it("refuse bad scripts as they are written", () => {
    const s = TestStream.create<number>().advanceWatermarkTo(10);
    expect(() => s.advanceWatermarkTo(5)).toThrow("TestStream.advanceWatermarkTo(5): the watermark is already 10; it only moves forward");
    expect(() => s.addElements(timestamped(1, -3))).toThrow("timestamped(value, timestamp) must be a non-negative integer (event time), got -3");
    expect(() => s.addElements()).toThrow("TestStream.addElements() needs at least one element");
    expect(() => s.advanceProcessingTime(-1)).toThrow("TestStream.advanceProcessingTime(ms): ms must be a non-negative number, got -1");
    expect(() => s.advanceWatermarkToInfinity().addElements(1)).toThrow("TestStream.addElements(): the script has ended (its watermark is at infinity)");
    expect(s.flinkWatermark(3).watermark).toBe(10);
    expect(s.flinkWatermark(20).watermark).toBe(21);
    expect(() => new Graph("x").testStream({} as never)).toThrow(/testStream\(script\) needs a TestStream/);
  });

  it("a Flink operator test maps onto a script: 'watermark w' is frontier w + 1 and results come at end - 1", async () => {
    // Flink's WindowOperatorTest.testTumblingEventTimeWindows (3 s windows, sum per key).
    const e = (key: string, ts: number) => timestamped<[string, number]>([key, 1], ts);
    const script = TestStream.create<[string, number]>()
      .addElements(e("key2", 3999), e("key2", 3000), e("key1", 20), e("key1", 0), e("key1", 999), e("key2", 1998), e("key2", 1999), e("key2", 1000))
      .flinkWatermark(999)
      .flinkWatermark(1999)
      .flinkWatermark(2999)
      .flinkWatermark(3999)
      .flinkWatermark(4999)
      .flinkWatermark(5999);
    const g = new Graph("flink");
    const sums = g
      .testStream(script)
      .keyBy(([k]) => k)
      .window(tumbling(3000))
      .reduce(([k, a], [, b]) => [k, a + b])
      .map((r) => r.value)
      .capture();
    const exec = g.run({ mode: "deterministic" });
    await within(exec.done, 2000, "run");
    expect([...sums.byTime()]).toEqual([
      [2999, [["key1", 3], ["key2", 3]]],
      [5999, [["key2", 2]]],
    ]);
  });
});

describe("late items through a stream-style node", () => {
  /**
   * eventTime (B = 0) → a stream-style node → keyBy → tumbling(10) count, fed ts 1, 30, 2: the ts-2
   * item is late (the watermark is 30) and must reach the windows as late, as through a built-in map.
   */
  async function throughNode(mode: "concurrent" | "deterministic", body: (ev: { time: unknown; items: Click[]; eventTime?: unknown }, out: { send(time: never, items: Click[], options?: { eventTime?: number }): Promise<void> }) => Promise<void>) {
    const g = new Graph("late-node");
    const clicks = g.input<Click>("clicks");
    const timed = clicks.eventTime({ ...byTs, maxOutOfOrderness: 0 });
    g.node("pass", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input<Click>("in")) {
        if (ev.kind === "data") await body(ev, ctx.output<Click>("out") as never);
      }
    });
    g.connect(timed, "pass.in");
    const counts = g.stream<Click>("pass.out").keyBy((c) => c.user).window(tumbling(10)).count();
    const panes = counts.capture();
    const late = counts.late().capture();
    const exec = g.run({ mode });
    for (const ts of [1, 30, 2]) {
      await clicks.send(click("u", ts));
      await exec.quiet();
    }
    clicks.close();
    await within(exec.done, 2000, "run");
    return {
      panes: panes.items().map((r) => [r.start, r.value, r.pane.timing]).sort((x, y) => (x[0] as number) - (y[0] as number)),
      late: late.items().map((c) => c.ts),
    };
  }

  for (const mode of MODES) {
    it(`what a node sends at the time of the event it handles keeps that event's event time (${mode})`, async () => {
      const r = await throughNode(mode, (ev, out) => out.send(ev.time as never, ev.items));
      expect(r.panes).toEqual([[0, 1, "ON_TIME"], [30, 1, "ON_TIME"]]);
      expect(r.late).toEqual([2]);
    });

    it(`send(time, items, { eventTime }) says the event time explicitly; { eventTime: undefined } sends on time (${mode})`, async () => {
      const explicit = await throughNode(mode, (ev, out) => out.send(ev.time as never, ev.items, { eventTime: ev.eventTime as number | undefined }));
      expect(explicit.panes).toEqual([[0, 1, "ON_TIME"], [30, 1, "ON_TIME"]]);
      expect(explicit.late).toEqual([2]);
      const onTime = await throughNode(mode, (ev, out) => out.send(ev.time as never, ev.items, { eventTime: undefined }));
      expect(onTime.panes).toEqual([[0, 1, "ON_TIME"], [30, 2, "ON_TIME"]]);
      expect(onTime.late).toEqual([]);
    });
  }

  it("refuses an event time later than the time it is sent at", async () => {
    const g = new Graph("bad-event-time");
    const a = g.input<number>("a");
    const errors: string[] = [];
    g.node("n", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input<number>("in")) {
        if (ev.kind !== "data") continue;
        try {
          await ctx.output<number>("out").send(ev.time, ev.items, { eventTime: 9 });
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    });
    g.connect(a, "n.in");
    const exec = g.run({ mode: "deterministic" });
    await a.send(5, 3);
    a.close();
    await within(exec.done, 2000, "run");
    expect(errors).toEqual(['node "n" cannot send at time 3 on n.out with event time 9: an item\'s event time is never later than the time it travels at']);
  });
});
