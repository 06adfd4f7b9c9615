/**
 * Conformance of event-time windows with Apache Flink's and Apache Beam's published behaviour.
 *
 * Each case restates a published behaviour (named in its comment) in this project's API. Mapping
 * used throughout (SEMANTICS.md): Flink's `Watermark(w)` is the frontier `w + 1`
 * (`TestStream.flinkWatermark(w)`), Beam's watermark `W` is the frontier `W`; the window operator
 * handles the data at logical time `t` while the (Flink) watermark is `t - 1`; window results go out
 * at `end - 1` (Flink's `window.maxTimestamp()`), except LATE panes, which go out at the time of the
 * late element that caused them (a late element travels at its source's watermark). Flink's
 * `PurgingTrigger` corresponds to `accumulation: "discarding"`; Flink's `EventTimeTrigger` to the
 * default trigger `onTime({ late: afterCount(1) })`.
 *
 * Every scripted case runs in both execution modes and must give the same panes.
 */
import { describe, expect, it } from "vitest";
import {
  Graph,
  ManualClock,
  MemoryState,
  TestStream,
  afterCount,
  afterDelay,
  afterEach,
  assignWindows,
  beamWatermark,
  every,
  flinkWatermark,
  globalWindow,
  never,
  onTime,
  orFinally,
  session,
  sliding,
  timestamped,
  tumbling,
  type Stream,
  type WindowAssigner,
  type WindowResult,
  type WindowResults,
} from "../src/internals.js";
import { MODES, within } from "./helpers.js";

type Mode = (typeof MODES)[number];
const MIN = 60_000;

/** A pane as a row: [time it was sent at, key, start, end, value, timing, index, isLast]. */
type Row = [number, unknown, number, number, unknown, string, number, boolean];
/** Elements sent to `late()`: [time, event time carried by the batch, items]. */
type LateRow<T> = [number, unknown, T[]];

const order = (x: unknown): string => (typeof x === "string" ? x : JSON.stringify(x) ?? "undefined");

function rows(batches: ReadonlyArray<{ time: unknown; items: ReadonlyArray<WindowResult<unknown, unknown>> }>): Row[] {
  const out: Row[] = [];
  for (const b of batches) for (const r of b.items) out.push([b.time as number, r.key, r.start, r.end, r.value, r.pane.timing, r.pane.index, r.pane.isLast]);
  // Within one time the order of different windows is not part of the contract; a window's panes keep their index order.
  return out.sort((a, b) => a[0] - b[0] || (order(a[1]) < order(b[1]) ? -1 : order(a[1]) > order(b[1]) ? 1 : 0) || a[2] - b[2] || a[6] - b[6]);
}

function lateRows<T>(batches: ReadonlyArray<{ time: unknown; eventTime?: unknown; items: readonly T[] }>): Array<LateRow<T>> {
  return batches.map((b): LateRow<T> => [b.time as number, b.eventTime, [...b.items]]).sort((a, b) => a[0] - b[0] || Number(a[1] ?? -1) - Number(b[1] ?? -1));
}

/** Plays `script` into the windows `build` makes; returns their panes and late elements. */
async function play<T, R, L>(
  script: TestStream<T>,
  build: (s: Stream<T>) => WindowResults<unknown, R, L>,
  mode: Mode,
  clock: ManualClock = new ManualClock(),
): Promise<{ panes: Row[]; late: Array<LateRow<L>>; state: number }> {
  const g = new Graph("conformance");
  const w = build(g.testStream(script));
  const panes = w.capture();
  const late = w.late().capture();
  const exec = g.run({ mode, clock });
  await within(exec.done, 5000, `run (${mode})`);
  return { panes: rows(panes.batches()), late: lateRows(late.batches()), state: w.state.size };
}

/** Plays in both modes, checks they agree, and returns the result. */
async function both<T, R, L>(script: TestStream<T>, build: (s: Stream<T>) => WindowResults<unknown, R, L>, clock?: () => ManualClock): Promise<{ panes: Row[]; late: Array<LateRow<L>> }> {
  const d = await play(script, build, "deterministic", clock?.());
  const c = await play(script, build, "concurrent", clock?.());
  expect(c.panes).toEqual(d.panes);
  expect(c.late).toEqual(d.late);
  // Every window was dropped in the end: nothing is left in the state.
  expect(d.state).toBe(0);
  expect(c.state).toBe(0);
  return d;
}

/** A keyed element `[key, value]` at `ts`, as in Flink's WindowOperatorTest. */
const kv = (key: string, value: number, ts: number) => timestamped<[string, number]>([key, value], ts);
const byKey = ([k]: [string, number]): string => k;
const valueOf = ([, v]: [string, number]): number => v;

describe("window assignment (Flink's TumblingEventTimeWindowsTest / SlidingEventTimeWindowsTest)", () => {
  const set = (ws: Array<{ start: number; end: number }>): string[] => ws.map((w) => `[${w.start},${w.end})`).sort();

  it("sliding with a positive and a negative offset gives Flink's windows", () => {
    // SlidingEventTimeWindowsTest.testWindowAssignmentWithOffset: of(5000, 1000, 100)
    const pos = sliding(5000, 1000, 100);
    expect(set(assignWindows(pos, 100))).toEqual(set([{ start: -3900, end: 1100 }, { start: -2900, end: 2100 }, { start: -1900, end: 3100 }, { start: -900, end: 4100 }, { start: 100, end: 5100 }]));
    expect(set(assignWindows(pos, 5099))).toEqual(set([{ start: 100, end: 5100 }, { start: 1100, end: 6100 }, { start: 2100, end: 7100 }, { start: 3100, end: 8100 }, { start: 4100, end: 9100 }]));
    expect(set(assignWindows(pos, 5100))).toEqual(set([{ start: 1100, end: 6100 }, { start: 2100, end: 7100 }, { start: 3100, end: 8100 }, { start: 4100, end: 9100 }, { start: 5100, end: 10100 }]));
    // SlidingEventTimeWindowsTest.testWindowAssignmentWithNegativeOffset: of(5000, 1000, -100)
    const neg = sliding(5000, 1000, -100);
    expect(set(assignWindows(neg, 0))).toEqual(set([{ start: -4100, end: 900 }, { start: -3100, end: 1900 }, { start: -2100, end: 2900 }, { start: -1100, end: 3900 }, { start: -100, end: 4900 }]));
    expect(set(assignWindows(neg, 4899))).toEqual(set([{ start: -100, end: 4900 }, { start: 900, end: 5900 }, { start: 1900, end: 6900 }, { start: 2900, end: 7900 }, { start: 3900, end: 8900 }]));
    expect(set(assignWindows(neg, 4900))).toEqual(set([{ start: 900, end: 5900 }, { start: 1900, end: 6900 }, { start: 2900, end: 7900 }, { start: 3900, end: 8900 }, { start: 4900, end: 9900 }]));
    // SlidingEventTimeWindowsTest.testTimeUnits: of(5 s, 1 s, 500 ms)
    expect(set(assignWindows(sliding(5000, 1000, 500), 100))).toEqual(set([{ start: -4500, end: 500 }, { start: -3500, end: 1500 }, { start: -2500, end: 2500 }, { start: -1500, end: 3500 }, { start: -500, end: 4500 }]));
  });

  it("an offset that is not below the slide (sliding) or size (tumbling) is refused, as Flink refuses it", () => {
    // SlidingEventTimeWindowsTest.testInvalidParameters: "abs(offset) < slide and size > 0"
    expect(() => sliding(20, 10, -11)).toThrow(/below the slide/);
    expect(() => sliding(20, 10, 11)).toThrow(/below the slide/);
    expect(() => sliding(-20, 10, -1)).toThrow(/size must be a positive integer/);
    expect(() => tumbling(10, -10)).toThrow(/below the size/);
  });
});

describe("tumbling and sliding windows in the operator", () => {
  for (const mode of MODES) {
    it(`offsets: windows with a positive or negative offset fire at end - 1 of the shifted window (${mode})`, async () => {
      // TumblingEventTimeWindowsTest.testWindowAssignmentWithOffset / ...WithNegativeOffset, run through the operator.
      const script = TestStream.create<number>().addElements(...[0, 99, 100, 4899, 4900, 5099, 5100].map((t) => timestamped(t, t))).advanceWatermarkToInfinity();
      const pos = await play(script, (s) => s.windowAll(tumbling(5000, 100)).collect(), mode);
      expect(pos.panes).toEqual([
        [99, undefined, -4900, 100, [0, 99], "ON_TIME", 0, true],
        [5099, undefined, 100, 5100, [100, 4899, 4900, 5099], "ON_TIME", 0, true],
        [10099, undefined, 5100, 10100, [5100], "ON_TIME", 0, true],
      ]);
      const neg = await play(script, (s) => s.windowAll(tumbling(5000, -100)).collect(), mode);
      expect(neg.panes).toEqual([
        [4899, undefined, -100, 4900, [0, 99, 100, 4899], "ON_TIME", 0, true],
        [9899, undefined, 4900, 9900, [4900, 5099, 5100], "ON_TIME", 0, true],
      ]);
      // SlidingEventTimeWindowsTest.testWindowAssignmentWithNegativeOffset: element 0 is in 5 windows, each fires once.
      const sl = await play(TestStream.create<number>().addElements(timestamped(0, 0)), (s) => s.windowAll(sliding(5000, 1000, -100)).count(), mode);
      expect(sl.panes.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
        [899, -4100, 900, 1],
        [1899, -3100, 1900, 1],
        [2899, -2100, 2900, 1],
        [3899, -1100, 3900, 1],
        [4899, -100, 4900, 1],
      ]);
    });
  }

  it("Flink testDropDueToLatenessTumbling: lateness 0, an element at exactly the watermark end - 1 is dropped", async () => {
    // WindowOperatorTest.testDropDueToLatenessTumbling (2 s windows, allowed lateness 0, EventTimeTrigger, sum):
    // 1000; wm 1985; 1980 (kept: 1999 + 0 > 1985); wm 1999 -> (key2, 2) @1999; 1998 dropped; 2001; wm 2999; wm 3999 -> (key2, 1) @3999.
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 1000))
      .flinkWatermark(1985)
      .addElements(kv("key2", 1, 1980))
      .flinkWatermark(1999)
      .addElements(kv("key2", 1, 1998), kv("key2", 1, 2001))
      .flinkWatermark(2999)
      .flinkWatermark(3999);
    const r = await both(script, (s) => s.keyBy(byKey).window(tumbling(2000)).sum(valueOf));
    expect(r.panes).toEqual([
      [1999, "key2", 0, 2000, 2, "ON_TIME", 0, true],
      [3999, "key2", 2000, 4000, 1, "ON_TIME", 0, true],
    ]);
    expect(r.late).toEqual([[2000, 1998, [["key2", 1]]]]);
  });

  it("Flink testLateness: lateness 500 with a purging trigger (discarding): a LATE pane of only the late element, then drop", async () => {
    // WindowOperatorTest.testLateness (2 s windows, allowed lateness 500, PurgingTrigger.of(EventTimeTrigger)):
    // 500; wm 1500; 1300; wm 2300 -> 2 @1999; 1997 (kept, 1999 + 500 > 2300) ; wm 6000 -> 1 ("1 and not 3 because the
    // trigger fires and purges"); 1998 dropped (1999 + 500 < 6000); wm 7000.
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 500))
      .flinkWatermark(1500)
      .addElements(kv("key2", 1, 1300))
      .flinkWatermark(2300)
      .addElements(kv("key2", 1, 1997))
      .flinkWatermark(6000)
      .addElements(kv("key2", 1, 1998))
      .flinkWatermark(7000);
    const r = await both(script, (s) => s.keyBy(byKey).window(tumbling(2000), { allowedLateness: 500, accumulation: "discarding" }).sum(valueOf));
    expect(r.panes).toEqual([
      [1999, "key2", 0, 2000, 2, "ON_TIME", 0, false],
      [2301, "key2", 0, 2000, 1, "LATE", 1, false], // Flink stamps it 1999; here it goes out when the late element came
    ]);
    expect(r.late).toEqual([[6001, 1998, [["key2", 1]]]]);
  });

  it("Flink testDropDueToLatenessSliding: an element is kept by the windows not yet dropped and is late only if all are", async () => {
    // WindowOperatorTest.testDropDueToLatenessSliding (3 s windows every 1 s, lateness 0): "the following 2 elements
    // (2400) are assigned to windows ending at 2999, 3999, 4999. The 2999 is dropped because it is already late
    // (WM = 2999) but the rest are kept"; the last 3001 is dropped due to lateness.
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 1000))
      .flinkWatermark(1999)
      .addElements(kv("key2", 1, 2000))
      .flinkWatermark(3000)
      .addElements(kv("key1", 1, 3001), kv("key2", 1, 2400), kv("key2", 1, 2400), kv("key1", 1, 3001), kv("key2", 1, 3900))
      .flinkWatermark(6000)
      .addElements(kv("key1", 1, 3001))
      .flinkWatermark(25000);
    const r = await both(script, (s) => s.keyBy(byKey).window(sliding(3000, 1000)).sum(valueOf));
    expect(r.panes.map(([t, k, s, e, v]) => [t, k, s, e, v])).toEqual([
      [1999, "key2", -1000, 2000, 1],
      [2999, "key2", 0, 3000, 2],
      [3999, "key1", 1000, 4000, 2],
      [3999, "key2", 1000, 4000, 5],
      [4999, "key1", 2000, 5000, 2],
      [4999, "key2", 2000, 5000, 4],
      [5999, "key1", 3000, 6000, 2],
      [5999, "key2", 3000, 6000, 1],
    ]);
    expect(r.late).toEqual([[6001, 3001, [["key1", 1]]]]);
  });

  it("allowed lateness boundary: end - 1 + L == watermark drops; one less makes a LATE pane (tumbling and sliding)", async () => {
    // Flink WindowOperator.isWindowLate: window.maxTimestamp() + allowedLateness <= currentWatermark (SEMANTICS: dropped
    // once end - 1 + L <= watermark). Window [0, 2000) with L = 500 is dropped at watermark 2499, not at 2498.
    const tumblingScript = TestStream.create<string>()
      .addElements(timestamped("x", 100))
      .flinkWatermark(2498)
      .addElements(timestamped("y", 1000)) // 1999 + 500 > 2498: kept, LATE pane
      .flinkWatermark(2499)
      .addElements(timestamped("z", 1000)); // 1999 + 500 <= 2499: dropped
    const t = await both(tumblingScript, (s) => s.windowAll(tumbling(2000), { allowedLateness: 500 }).collect());
    expect(t.panes).toEqual([
      [1999, undefined, 0, 2000, ["x"], "ON_TIME", 0, false],
      [2499, undefined, 0, 2000, ["x", "y"], "LATE", 1, false],
    ]);
    expect(t.late).toEqual([[2500, 1000, ["z"]]]);

    // Sliding [0, 2000) and [1000, 3000): an element at 1500 is late output only once both are dropped.
    const slidingScript = TestStream.create<string>()
      .addElements(timestamped("x", 1500))
      .flinkWatermark(2498)
      .addElements(timestamped("y", 1500)) // both windows kept
      .flinkWatermark(2499)
      .addElements(timestamped("z", 1500)) // [0, 2000) dropped, [1000, 3000) kept: not late output
      .flinkWatermark(3498)
      .addElements(timestamped("w", 1500)) // [1000, 3000) kept (2999 + 500 > 3498)
      .flinkWatermark(3499)
      .addElements(timestamped("v", 1500)); // both dropped: late output
    const s = await both(slidingScript, (st) => st.windowAll(sliding(2000, 1000), { allowedLateness: 500 }).collect());
    expect(s.panes).toEqual([
      [1999, undefined, 0, 2000, ["x"], "ON_TIME", 0, false],
      [2499, undefined, 0, 2000, ["x", "y"], "LATE", 1, false],
      [2999, undefined, 1000, 3000, ["x", "y", "z"], "ON_TIME", 0, false],
      [3499, undefined, 1000, 3000, ["x", "y", "z", "w"], "LATE", 1, false],
    ]);
    expect(s.late).toEqual([[3500, 1500, ["v"]]]);
  });

  it("sliding windows with gaps (size < slide): an on-time element in no window is not late; a late one is", async () => {
    // Flink WindowOperator.processElement: an element no window took goes to the late side output only
    // `if (isSkippedElement && isElementLate(element))`, with isElementLate = timestamp + allowedLateness <= watermark.
    // sliding(3, 5): windows [0, 3), [5, 8), [10, 13), ...; 4 and 9 fall in gaps.
    const script = TestStream.create<number>()
      .addElements(timestamped(4, 4), timestamped(6, 6))
      .flinkWatermark(20)
      .addElements(timestamped(9, 9)); // 9 + 0 <= 20: late, in no window
    const r = await both(script, (s) => s.windowAll(sliding(3, 5)).collect());
    expect(r.panes).toEqual([[7, undefined, 5, 8, [6], "ON_TIME", 0, true]]);
    expect(r.late).toEqual([[21, 9, [9]]]);
  });

  it("late firings: one LATE pane per late element (also within one batch), indexes count on, discarding emits only the new element", async () => {
    // Flink EventTimeTrigger.onElement: FIRE when window.maxTimestamp() <= watermark (every late element fires);
    // Beam's default trigger with allowed lateness: a LATE pane per late element; PaneInfo index counts every pane.
    const script = TestStream.create<number>()
      .addElements(timestamped(1, 1), timestamped(2, 2))
      .advanceWatermarkTo(10)
      .addElements(timestamped(3, 3))
      .advanceWatermarkTo(20)
      .addElements(timestamped(4, 4), timestamped(5, 5)) // two late elements in one step: two panes
      .advanceWatermarkTo(110) // Flink watermark 109 = 9 + 100: the window is dropped
      .addElements(timestamped(6, 6));
    const build = (accumulation: "accumulating" | "discarding") => (s: Stream<number>) => s.windowAll(tumbling(10), { allowedLateness: 100, accumulation }).collect();
    const acc = await both(script, build("accumulating"));
    expect(acc.panes).toEqual([
      [9, undefined, 0, 10, [1, 2], "ON_TIME", 0, false],
      [10, undefined, 0, 10, [1, 2, 3], "LATE", 1, false],
      [20, undefined, 0, 10, [1, 2, 3, 4], "LATE", 2, false],
      [20, undefined, 0, 10, [1, 2, 3, 4, 5], "LATE", 3, false],
    ]);
    expect(acc.late).toEqual([[110, 6, [6]]]);
    const dis = await both(script, build("discarding"));
    expect(dis.panes.map((r) => [r[0], r[4], r[5], r[6]])).toEqual([
      [9, [1, 2], "ON_TIME", 0],
      [10, [3], "LATE", 1],
      [20, [4], "LATE", 2],
      [20, [5], "LATE", 3],
    ]);
    expect(dis.late).toEqual([[110, 6, [6]]]);
  });

  it("isLast: a final pane when the window closes with elements not yet emitted, none when there are none", async () => {
    // Beam ReduceFnRunner at garbage collection: emits a final pane (isLast) only if the pane is not empty
    // (ClosingBehavior.FIRE_IF_NON_EMPTY); onTime() without late firings finishes the trigger on time (isLast).
    const script = TestStream.create<number>().addElements(timestamped(1, 1)).advanceWatermarkTo(12).addElements(timestamped(2, 2)).advanceWatermarkTo(30);
    const lateEveryTwo = await both(script, (s) => s.windowAll(tumbling(10), { allowedLateness: 10, trigger: onTime({ late: afterCount(2) }) }).collect());
    expect(lateEveryTwo.panes).toEqual([
      [9, undefined, 0, 10, [1], "ON_TIME", 0, false],
      [19, undefined, 0, 10, [1, 2], "LATE", 1, true], // the window expires with 2 not yet emitted
    ]);
    const closed = await both(script, (s) => s.windowAll(tumbling(10), { allowedLateness: 10, trigger: onTime() }).collect());
    expect(closed.panes).toEqual([[9, undefined, 0, 10, [1], "ON_TIME", 0, true]]);
    expect(closed.late).toEqual([[12, 2, [2]]]);
  });
});

describe("trigger algebra: afterEach, orFinally, never, retracting panes, and bad triggers", () => {
  const letters = (n: number) => TestStream.create<string>().addElements(..."abcdefg".slice(0, n).split("").map((c, i) => timestamped(c, i)));

  it("afterEach(afterCount(2), afterCount(3)): fires at 2 elements, then after 3 more, then the window is closed (Beam's AfterEach.inOrder)", async () => {
    const r = await both(letters(7).advanceWatermarkToInfinity(), (s) => s.windowAll(globalWindow(), { trigger: afterEach(afterCount(2), afterCount(3)) }).collect());
    expect(r.panes.map((x) => [x[0], x[4], x[5], x[6], x[7]])).toEqual([
      [1, ["a", "b"], "EARLY", 0, false],
      [4, ["a", "b", "c", "d", "e"], "EARLY", 1, true],
    ]);
    // The closed window takes nothing more: f and g count as dropped.
    expect(r.late).toEqual([[5, undefined, ["f"]], [6, undefined, ["g"]]]);
  });

  it("orFinally(every(2), afterCount(5)): fires every 2 elements until the fifth, which fires once more and finishes (Beam's orFinally)", async () => {
    const r = await both(letters(7).advanceWatermarkToInfinity(), (s) => s.windowAll(globalWindow(), { trigger: orFinally(every(2), afterCount(5)) }).collect());
    expect(r.panes.map((x) => [x[0], (x[4] as string[]).join(""), x[6], x[7]])).toEqual([
      [1, "ab", 0, false],
      [3, "abcd", 1, false],
      [4, "abcde", 2, true],
    ]);
    expect(r.late.map((x) => x[2])).toEqual([["f"], ["g"]]);
  });

  it("never(): no pane until the window expires; as the early trigger of onTime it changes nothing", async () => {
    const script = TestStream.create<number>().addElements(timestamped(1, 1), timestamped(2, 2)).advanceWatermarkTo(20).advanceWatermarkToInfinity();
    const kept = await both(script, (s) => s.windowAll(tumbling(10), { trigger: never(), allowedLateness: 5 }).sum());
    expect(kept.panes).toEqual([[14, undefined, 0, 10, 3, "LATE", 0, true]]);
    const none = await both(script, (s) => s.windowAll(tumbling(10), { trigger: never() }).sum());
    expect(none.panes).toEqual([[9, undefined, 0, 10, 3, "ON_TIME", 0, true]]);
    const early = await both(script, (s) => s.windowAll(tumbling(10), { trigger: onTime({ early: never() }) }).sum());
    const plain = await both(script, (s) => s.windowAll(tumbling(10), { trigger: onTime() }).sum());
    expect(early.panes).toEqual(plain.panes);
  });

  for (const mode of MODES) {
    it(`accumulation "retracting": each pane that replaces one comes right after its retraction; a session merged away is retracted (${mode})`, async () => {
      const run = async (script: TestStream<number>, assigner: WindowAssigner) => {
        const g = new Graph("retract");
        const w = g.testStream(script).windowAll(assigner, { trigger: onTime({ early: every(1), late: every(1) }), accumulation: "retracting", allowedLateness: 10 }).sum();
        const out = w.capture();
        const exec = g.run({ mode });
        await within(exec.done, 5000, "run");
        return out.batches().flatMap((b) => b.items.map((r) => [b.time, r.start, r.end, r.value, r.pane.timing, r.pane.index, r.retraction === true]));
      };
      const fixed = TestStream.create<number>().addElements(timestamped(1, 1)).addElements(timestamped(2, 2)).advanceWatermarkTo(10).addElements(timestamped(3, 3)).advanceWatermarkToInfinity();
      expect(await run(fixed, tumbling(10))).toEqual([
        [9, 0, 10, 1, "EARLY", 0, false],
        [9, 0, 10, 1, "EARLY", 0, true],
        [9, 0, 10, 3, "EARLY", 1, false],
        [9, 0, 10, 3, "EARLY", 1, true],
        [9, 0, 10, 3, "ON_TIME", 2, false],
        [10, 0, 10, 3, "ON_TIME", 2, true],
        [10, 0, 10, 6, "LATE", 3, false],
      ]);
      const merging = TestStream.create<number>().addElements(timestamped(1, 0)).addElements(timestamped(2, 3)).advanceWatermarkToInfinity();
      expect(await run(merging, session(5))).toEqual([
        [4, 0, 5, 1, "EARLY", 0, false],
        [4, 0, 5, 1, "EARLY", 0, true], // [0, 5) merged into [0, 8): its pane is taken back, at its own time
        [7, 0, 8, 3, "EARLY", 0, false], // a new window: its panes count from 0
        [7, 0, 8, 3, "EARLY", 0, true],
        [7, 0, 8, 3, "ON_TIME", 1, false],
      ]);
    });
  }

  it("refuses bad triggers and accumulation with errors that name the window option, and processing time in a fixed-order run without a manual clock", () => {
    const g = new Graph("bad");
    const s = g.input<number>("a");
    expect(() => s.windowAll(tumbling(5), { trigger: { kind: "count", n: 0 } as never })).toThrow('windowAll(assigner, options): trigger {"kind":"count","n":0}: afterCount(n): n must be a positive integer, got 0');
    expect(() => s.windowAll(tumbling(5), { trigger: onTime({ early: { kind: "delay", ms: -5 } as never }) })).toThrow("afterDelay(ms): ms must be a non-negative number of ms of processing time, got -5");
    expect(() => afterCount(0)).toThrow("afterCount(n): n must be a positive integer, got 0");
    expect(() => afterDelay(-1)).toThrow("afterDelay(ms): ms must be a non-negative number");
    expect(() => afterEach()).toThrow("afterEach(...triggers) needs at least one trigger");
    expect(() => afterDelay(0, { alignedTo: 0 })).toThrow("afterDelay(ms, { alignedTo }): alignedTo must be a positive number of ms (the period), got 0");
    expect(() => orFinally(every(2), "soon" as never)).toThrow("orFinally(trigger, until): until needs a trigger");
    expect(() => s.windowAll(tumbling(5), { accumulation: ["discarding", "retracting"] as never })).toThrow(
      'windowAll(assigner, options): accumulation must be "accumulating", "discarding" or "retracting" (accumulating and retracting), got ["discarding","retracting"]; choose one',
    );
    const timed = new Graph("timed");
    timed.input<number>("a").windowAll(tumbling(5), { trigger: onTime({ early: afterDelay(100) }), name: "speculative" }).count();
    expect(() => timed.run({ mode: "deterministic" })).toThrow(
      'window "speculative": its trigger onTime(early: afterDelay(100)) acts on processing time, and a deterministic run moves processing time only by call: run it with { clock: new ManualClock() }',
    );
    // With a manual clock it runs.
    const ok = new Graph("ok");
    const a = ok.input<number>("a");
    a.windowAll(tumbling(5), { trigger: onTime({ early: afterDelay(100) }) }).count();
    const exec = ok.run({ mode: "step", clock: new ManualClock() });
    a.close();
    return exec.stepToQuiescence().then(() => undefined);
  });
});

describe("triggers and accumulation (Beam)", () => {
  it("Beam programming guide: fixed 10-minute windows firing every 3 elements, per key, with the watermark moving inside the window", async () => {
    // SEMANTICS.md (Beam programming guide, "accumulation mode"): 5, 8, 3, 15, 19, 23, 9, 13, 10 ->
    // accumulating [5,8,3], [5,8,3,15,19,23], [5,8,3,15,19,23,9,13,10]; discarding [5,8,3], [15,19,23], [9,13,10].
    const values = [5, 8, 3, 15, 19, 23, 9, 13, 10];
    let script = TestStream.create<[string, number]>();
    values.forEach((v, i) => {
      // two keys interleaved, same arrival order per key; the watermark moves but stays inside the window
      script = script.addElements(kv("a", v, i * MIN), kv("b", v, i * MIN));
      if (i % 3 === 2) script = script.advanceWatermarkTo(i * MIN);
    });
    const build = (accumulation: "accumulating" | "discarding") => (s: Stream<[string, number]>) => s.keyBy(byKey).window(tumbling(10 * MIN), { trigger: every(3), accumulation }).aggregate({
      createAccumulator: (): number[] => [],
      add: ([, v]: [string, number], a: number[]) => [...a, v],
      getResult: (a: number[]) => a,
    });
    const acc = await both(script, build("accumulating"));
    const dis = await both(script, build("discarding"));
    for (const key of ["a", "b"]) {
      expect(acc.panes.filter((r) => r[1] === key).map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
        [10 * MIN - 1, [5, 8, 3], "EARLY", 0, false],
        [10 * MIN - 1, [5, 8, 3, 15, 19, 23], "EARLY", 1, false],
        [10 * MIN - 1, [5, 8, 3, 15, 19, 23, 9, 13, 10], "EARLY", 2, false],
      ]);
      expect(dis.panes.filter((r) => r[1] === key).map((r) => [r[4], r[5], r[6]])).toEqual([
        [[5, 8, 3], "EARLY", 0],
        [[15, 19, 23], "EARLY", 1],
        [[9, 13, 10], "EARLY", 2],
      ]);
    }
    // A tenth value is left over when the window closes: a final pane with it (Beam: FIRE_IF_NON_EMPTY at GC).
    const ten = await both(script.addElements(kv("a", 7, 9 * MIN)), build("discarding"));
    expect(ten.panes.filter((r) => r[1] === "a").map((r) => [r[4], r[5], r[6], r[7]])).toEqual([
      [[5, 8, 3], "EARLY", 0, false],
      [[15, 19, 23], "EARLY", 1, false],
      [[9, 13, 10], "EARLY", 2, false],
      [[7], "ON_TIME", 3, true],
    ]);
  });

  it("early firings a processing-time delay after the first element of each pane, then on time, then late (ManualClock)", async () => {
    // Beam: AfterWatermark.pastEndOfWindow()
    //   .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(1 min))
    //   .withLateFirings(AfterPane.elementCountAtLeast(1)); the delay starts at the first element of each pane.
    // Here an element joins its pane once the watermark has passed its time (SEMANTICS: data is handled in
    // logical-time order once the frontier has passed it), so the script moves the watermark just past each batch.
    const script = TestStream.create<number>()
      .addElements(timestamped(5, 1 * MIN), timestamped(8, 2 * MIN))
      .advanceWatermarkTo(2 * MIN + 1) // handled at processing time 0: the delay runs to 60 s
      .advanceProcessingTime(30_000)
      .addElements(timestamped(3, 3 * MIN))
      .advanceWatermarkTo(3 * MIN + 1)
      .advanceProcessingTime(30_000) // 60 s: EARLY pane
      .addElements(timestamped(15, 4 * MIN))
      .advanceWatermarkTo(4 * MIN + 1) // first element of the next pane at 60 s: due at 120 s
      .advanceProcessingTime(59_000) // 119 s: not yet
      .advanceWatermarkTo(10 * MIN) // ON_TIME pane; the early delay no longer applies
      .advanceProcessingTime(10_000) // 129 s: nothing more
      .addElements(timestamped(19, 5 * MIN)) // late: LATE pane
      .advanceWatermarkTo(15 * MIN) // Flink watermark 15 min - 1 = end - 1 + 5 min: dropped
      .addElements(timestamped(23, 6 * MIN)); // late output
    const build = (accumulation: "accumulating" | "discarding") => (s: Stream<number>) =>
      s.windowAll(tumbling(10 * MIN), { trigger: onTime({ early: afterDelay(MIN), late: afterCount(1) }), allowedLateness: 5 * MIN, accumulation }).collect();
    const acc = await both(script, build("accumulating"), () => new ManualClock());
    expect(acc.panes).toEqual([
      [10 * MIN - 1, undefined, 0, 10 * MIN, [5, 8, 3], "EARLY", 0, false],
      [10 * MIN - 1, undefined, 0, 10 * MIN, [5, 8, 3, 15], "ON_TIME", 1, false],
      [10 * MIN, undefined, 0, 10 * MIN, [5, 8, 3, 15, 19], "LATE", 2, false],
    ]);
    expect(acc.late).toEqual([[15 * MIN, 6 * MIN, [23]]]);
    const dis = await both(script, build("discarding"), () => new ManualClock());
    expect(dis.panes.map((r) => [r[4], r[5], r[6]])).toEqual([
      [[5, 8, 3], "EARLY", 0],
      [[15], "ON_TIME", 1],
      [[19], "LATE", 2],
    ]);
  });

  it("Beam TestStreamTest.testProcessingTimeTrigger: early panes 3 and 6 in the global window (accumulating)", async () => {
    // Beam: elements 1@1000, 2@2000; advanceProcessingTime(12 min); 3@3000; advanceProcessingTime(6 min); watermark to
    // infinity; trigger AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime...plusDelayOf(5 min)),
    // accumulating -> inEarlyGlobalWindowPanes contains 3 and 6.
    // As above, the watermark moves just past each batch so that its elements are in the pane.
    const script = TestStream.create<number>()
      .addElements(timestamped(1, 1000), timestamped(2, 2000))
      .advanceWatermarkTo(2001)
      .advanceProcessingTime(12 * MIN)
      .addElements(timestamped(3, 3000))
      .advanceWatermarkTo(3001)
      .advanceProcessingTime(6 * MIN)
      .advanceWatermarkToInfinity();
    const r = await both(script, (s) => s.windowAll(globalWindow(), { trigger: onTime({ early: afterDelay(5 * MIN) }), accumulation: "accumulating" }).sum(), () => new ManualClock());
    expect(r.panes.filter((x) => x[5] === "EARLY").map((x) => x[4])).toEqual([3, 6]);
    // The global window fires only by its trigger, and once more with what is left when the input ends (README): here
    // nothing is left. (Beam's global window ends before +infinity, so Beam adds an ON_TIME pane of 6 there.)
    expect(r.panes.map((x) => [x[0], x[4], x[5], x[6], x[7]])).toEqual([
      [1000, 3, "EARLY", 0, false],
      [3000, 6, "EARLY", 1, false],
    ]);
  });

  it("global window with a count trigger (Flink testCountTrigger: GlobalWindows + PurgingTrigger.of(CountTrigger.of(4)))", async () => {
    // Flink: key2 gets 8 elements, key1 4 -> (key2, 4), (key1, 4), (key2, 4); timestamps do not matter: the global
    // window is never late (SEMANTICS), so elements behind the watermark are counted too, and nothing goes to late().
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 3000), kv("key2", 1, 3999), kv("key1", 1, 20), kv("key1", 1, 0), kv("key1", 1, 999), kv("key2", 1, 1998), kv("key2", 1, 1999))
      .flinkWatermark(5000)
      .addElements(kv("key2", 1, 1000)) // behind the watermark: still counted
      .addElements(kv("key1", 1, 10999), kv("key2", 1, 1000), kv("key2", 1, 1000), kv("key2", 1, 1000))
      .advanceWatermarkToInfinity();
    const r = await both(script, (s) => s.keyBy(byKey).window(globalWindow(), { trigger: every(4), accumulation: "discarding" }).sum(valueOf));
    // A pane goes out at the time of the element that completed it, counted in arrival order as Flink counts: key2's
    // fourth element is 1999 (Flink stamps GlobalWindow.maxTimestamp()).
    expect(r.panes).toEqual([
      [1999, "key2", -Infinity, Infinity, 4, "EARLY", 0, false],
      [5001, "key2", -Infinity, Infinity, 4, "EARLY", 1, false],
      [10999, "key1", -Infinity, Infinity, 4, "EARLY", 0, false],
    ]);
    expect(r.late).toEqual([]);
    // With every(3) elements are left over when the input ends: they come out in a final pane (isLast), at the time
    // of the capability the window kept for them (its first element not yet emitted).
    const three = await both(script, (s) => s.keyBy(byKey).window(globalWindow(), { trigger: every(3), accumulation: "discarding" }).sum(valueOf));
    expect(three.panes.map((x) => [x[0], x[1], x[4], x[5], x[6], x[7]])).toEqual([
      [999, "key1", 3, "EARLY", 0, false],
      [1998, "key2", 3, "EARLY", 0, false], // key2's third element to arrive
      [5001, "key2", 3, "EARLY", 1, false],
      [5001, "key2", 2, "ON_TIME", 2, true],
      [10999, "key1", 1, "ON_TIME", 1, true],
    ]);
  });
});

describe("session windows", () => {
  for (const mode of MODES) {
    it(`Flink, measured: gap 3 s, 2 s out-of-orderness, events at 1, 2, 10, 7, 20 s merge across a session's end (${mode})`, async () => {
      // Measured on Flink (SEMANTICS, "Session windows: merge on arrival"): sessions [1,5) x2, [7,13) x2, [20,23) x1.
      // 7 comes after 10 (watermark 8 - 1 = 7 by then, so 7 is behind it and goes out at 8 with event time 7); its
      // session [7,10) touches 10's [10,13), and 10 has arrived: they merge instead of [7,10) firing alone at 9.
      const g = new Graph("flink-sessions");
      const clicks = g.input<{ user: string; ts: number }>("clicks");
      const counts = clicks.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 2000 }).keyBy((x) => x.user).window(session(3000)).count();
      const out = counts.capture();
      const exec = g.run({ mode });
      for (const s of [1, 2, 10, 7, 20]) await clicks.send({ user: "u", ts: s * 1000 });
      clicks.close();
      await within(exec.done, 5000, "run");
      expect(out.items().map((r) => [r.start / 1000, r.end / 1000, r.value, r.pane.timing])).toEqual([
        [1, 5, 2, "ON_TIME"],
        [7, 13, 2, "ON_TIME"],
        [20, 23, 1, "ON_TIME"],
      ]);
    });
  }

  it("Flink testSessionWindows: sessions per key, gap 3000 (sum of values)", async () => {
    // WindowOperatorTest.testSessionWindows: key1-6 [10, 5500) @5499, key2-6 [0, 5500) @5499, key2-20 [5501, 9050)
    // @9049 (5501 is one past the end of [0, 5500): no merge), key2-30 [15000, 18000) @17999.
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 0), kv("key2", 2, 1000), kv("key2", 3, 2500), kv("key1", 1, 10), kv("key1", 2, 1000))
      .addElements(kv("key1", 3, 2500), kv("key2", 4, 5501), kv("key2", 5, 6000), kv("key2", 5, 6000), kv("key2", 6, 6050))
      .flinkWatermark(12000)
      .addElements(kv("key2", 10, 15000), kv("key2", 20, 15000))
      .flinkWatermark(17999);
    const r = await both(script, (s) => s.keyBy(byKey).window(session(3000)).sum(valueOf));
    expect(r.panes.map(([t, k, s, e, v, timing]) => [t, k, s, e, v, timing])).toEqual([
      [5499, "key1", 10, 5500, 6, "ON_TIME"],
      [5499, "key2", 0, 5500, 6, "ON_TIME"],
      [9049, "key2", 5501, 9050, 20, "ON_TIME"],
      [17999, "key2", 15000, 18000, 30, "ON_TIME"],
    ]);
  });

  it("overlapping and exactly touching sessions merge per key, never across keys", async () => {
    // Flink TimeWindow.intersects (start <= other.end && end >= other.start; EventTimeSessionWindowsTest
    // .testMergeConsecutiveWindows merges [0,1), [1,2), [2,3)); MergingWindowSet merges per key; a merged window is
    // checked for lateness after merging (WindowOperator.processElement), so a late element that touches an open
    // session joins it.
    const e = (k: string, ts: number) => timestamped(`${k}${ts}`, ts);
    const script = TestStream.create<string>()
      .addElements(e("a", 10), e("b", 12), e("a", 30), e("a", 35)) // a@30, a@35 overlap: [30, 45)
      .advanceWatermarkTo(12)
      .addElements(e("a", 0), e("b", 2), e("c", 0)); // late: [0,10) touches a's [10,20); [2,12) touches b's [12,22); c has none
    const r = await both(script, (s) => s.keyBy((x) => x[0]!).window(session(10)).collect());
    expect(r.panes).toEqual([
      [19, "a", 0, 20, ["a10", "a0"], "ON_TIME", 0, true],
      [21, "b", 2, 22, ["b12", "b2"], "ON_TIME", 0, true],
      [44, "a", 30, 45, ["a30", "a35"], "ON_TIME", 0, true],
    ]);
    // c's [0, 10) is dropped (9 + 0 <= 11): it must not merge with a's [10, 20).
    expect(r.late).toEqual([[12, 0, ["c0"]]]);
  });

  it("session gap edge: an element at exactly the end of a session, with and without allowed lateness", async () => {
    // An element at 10 touches [0, 10), so the session fires only once the frontier passes 10: the element
    // merges into it whether it was sent before or after the frontier moved to 10 (Watermark(9)), and [0, 20)
    // fires at 19. Flink gives this when 10 arrives before Watermark(9); when the watermark comes first it
    // fires [0, 10) alone. Here data at 10 and the frontier 10 are never ordered against each other (progress
    // travels apart from data), so both scripts give the merged session, in every mode and schedule.
    const e = (ts: number) => timestamped(`a${ts}`, ts);
    const withWatermark = TestStream.create<string>().addElements(e(0)).flinkWatermark(9).addElements(e(10));
    const together = TestStream.create<string>().addElements(e(0), e(10));
    for (const script of [withWatermark, together]) {
      const zero = await both(script, (s) => s.windowAll(session(10)).collect());
      expect(zero.panes).toEqual([[19, undefined, 0, 20, ["a0", "a10"], "ON_TIME", 0, true]]);
      const five = await both(script, (s) => s.windowAll(session(10), { allowedLateness: 5 }).collect());
      expect(five.panes).toEqual([[19, undefined, 0, 20, ["a0", "a10"], "ON_TIME", 0, false]]);
    }
    // Once the watermark is 10 (frontier 11), [0, 10) has fired and, with no allowed lateness, is gone; an element
    // at 10 then comes behind the watermark but its own session [10, 20) is not late: a new session (Flink too).
    const after = TestStream.create<string>().addElements(e(0)).flinkWatermark(10).addElements(e(10));
    const afterZero = await both(after, (s) => s.windowAll(session(10)).collect());
    expect(afterZero.panes).toEqual([
      [9, undefined, 0, 10, ["a0"], "ON_TIME", 0, true],
      [19, undefined, 10, 20, ["a10"], "ON_TIME", 0, true],
    ]);
    // One less than the end: inside the session.
    const inside = await both(TestStream.create<string>().addElements(e(0)).flinkWatermark(8).addElements(e(9)), (s) => s.windowAll(session(10)).collect());
    expect(inside.panes).toEqual([[18, undefined, 0, 19, ["a0", "a9"], "ON_TIME", 0, true]]);
  });

  it("allowed lateness boundary for sessions: end - 1 + L == watermark drops the session", async () => {
    // Flink isWindowLate / isCleanupTime (maxTimestamp + allowedLateness <= watermark) for merging windows too.
    // Session [0, 1000) with L = 500: still there at watermark 1498, gone at 1499.
    const script = TestStream.create<string>()
      .addElements(timestamped("x", 0))
      .flinkWatermark(1498)
      .addElements(timestamped("y", 0)) // joins [0, 1000): LATE pane
      .flinkWatermark(1499)
      .addElements(timestamped("z", 0)); // [0, 1000) was dropped; z's own [0, 1000) is late too
    const r = await both(script, (s) => s.windowAll(session(1000), { allowedLateness: 500 }).collect());
    expect(r.panes).toEqual([
      [999, undefined, 0, 1000, ["x"], "ON_TIME", 0, false],
      [1499, undefined, 0, 1000, ["x", "y"], "LATE", 1, false],
    ]);
    expect(r.late).toEqual([[1500, 0, ["z"]]]);
  });

  /** WindowOperatorTest.testDropDueToLatenessSession* script (gap 3 s, EventTimeTrigger, key2 only). */
  const flinkSessionScript = TestStream.create<[string, number]>()
    .addElements(kv("key2", 1, 1000))
    .flinkWatermark(1999)
    .addElements(kv("key2", 1, 2000))
    .flinkWatermark(4998)
    .addElements(kv("key2", 1, 4500), kv("key2", 1, 8500)) // 4500 is late but joins the session; 8500 a new session
    .flinkWatermark(7400)
    .addElements(kv("key2", 1, 7000)) // "this will merge the two sessions into one"
    .flinkWatermark(11501)
    .addElements(kv("key2", 1, 11600))
    .flinkWatermark(14600)
    .addElements(kv("key2", 1, 10000), kv("key2", 1, 10100), kv("key2", 1, 14500))
    .flinkWatermark(20000)
    .flinkWatermark(100000);
  const sessions = (allowedLateness: number, accumulation: "accumulating" | "discarding" = "accumulating") => (s: Stream<[string, number]>) =>
    s.keyBy(byKey).window(session(3000), { allowedLateness, accumulation }).sum(valueOf);

  for (const accumulation of ["accumulating", "discarding"] as const) {
    it(`Flink testSideOutputDueToLatenessSessionZeroLateness${accumulation === "discarding" ? "PurgingTrigger" : ""}`, async () => {
      // Expected by Flink (same with and without PurgingTrigger): key2-5 [1000, 11500) @11499; key2-1 [11600, 14600)
      // @14599; 10000 and 10100 side output as late ("we test that they are not accidentally merged");
      // key2-1 [14500, 17500) @17499 (not merged with the cleared [11600, 14600)).
      const r = await both(flinkSessionScript, sessions(0, accumulation));
      expect(r.panes.map(([t, , s, e, v, timing]) => [t, s, e, v, timing])).toEqual([
        [11499, 1000, 11500, 5, "ON_TIME"],
        [14599, 11600, 14600, 1, "ON_TIME"],
        [17499, 14500, 17500, 1, "ON_TIME"],
      ]);
      expect(r.late).toEqual([[14601, 10000, [["key2", 1]]], [14601, 10100, [["key2", 1]]]]);
    });
  }

  it("Flink testDropDueToLatenessSessionWithLateness (testNotSideOutputDueToLatenessSessionWithLateness): a late element bridges into a fired session and fires LATE", async () => {
    // Expected by Flink (lateness 10): key2-5 [1000, 11500) @11499; key2-1 [11600, 14600) @14599; 10000 "will be merged
    // into the session (11600-14600) and therefore will not be dropped" -> immediate firing key2-2 [10000, 14600);
    // 14500 extends it to [10000, 17500), fired at watermark 20000 as key2-3 @17499.
    // (10100 is added here: it falls inside [10000, 14600) and makes one more LATE pane.) A merged session is a new
    // window, so its panes count from 0 (Beam's pane info is per window): [10000, 14600) is late from its first pane;
    // [10000, 17500) fires when the watermark passes its end: ON_TIME.
    const r = await both(flinkSessionScript, sessions(10));
    expect(r.panes).toEqual([
      [11499, "key2", 1000, 11500, 5, "ON_TIME", 0, false],
      [14599, "key2", 11600, 14600, 1, "ON_TIME", 0, false],
      [14601, "key2", 10000, 14600, 2, "LATE", 0, false],
      [14601, "key2", 10000, 14600, 3, "LATE", 1, false],
      [17499, "key2", 10000, 17500, 4, "ON_TIME", 0, false],
    ]);
    expect(r.late).toEqual([]);
    // testSideOutputDueToLatenessSessionWithLatenessPurgingTrigger: with a purging trigger the merged window holds
    // only what came since its last firing: key2-1 [10000, 14600) @14599 and key2-1 [10000, 17500) @17499.
    const purged = await both(flinkSessionScript, sessions(10, "discarding"));
    expect(purged.panes.map(([t, , s, e, v, timing]) => [t, s, e, v, timing])).toEqual([
      [11499, 1000, 11500, 5, "ON_TIME"],
      [14599, 11600, 14600, 1, "ON_TIME"],
      [14601, 10000, 14600, 1, "LATE"],
      [14601, 10000, 14600, 1, "LATE"],
      [17499, 10000, 17500, 1, "ON_TIME"],
    ]);
  });

  it("Flink testDropDueToLatenessSessionWithHugeLateness: a late element bridges two fired sessions into one", async () => {
    // Expected by Flink (lateness 10000): key2-5 [1000, 11500); key2-1 [11600, 14600); 10000 merges both ("the
    // maxTimestamp of the merged session is already late, so we get an immediate firing") key2-7 [1000, 14600);
    // 14500 -> key2-8 [1000, 17500) @17499.
    const r = await both(flinkSessionScript, sessions(10000));
    expect(r.panes.map(([t, , s, e, v, timing]) => [t, s, e, v, timing])).toEqual([
      [11499, 1000, 11500, 5, "ON_TIME"],
      [14599, 11600, 14600, 1, "ON_TIME"],
      [14601, 1000, 14600, 7, "LATE"],
      [14601, 1000, 14600, 8, "LATE"], // 10100 (added here)
      [17499, 1000, 17500, 9, "ON_TIME"], // a new (merged) window, fired as the watermark passes its end
    ]);
    // testNotSideOutputDueToLatenessSessionWithHugeLatenessPurgingTrigger: key2-1 [1000, 14600), key2-1 [1000, 17500).
    const purged = await both(flinkSessionScript, sessions(10000, "discarding"));
    expect(purged.panes.map(([t, , s, e, v]) => [t, s, e, v])).toEqual([
      [11499, 1000, 11500, 5],
      [14599, 11600, 14600, 1],
      [14601, 1000, 14600, 1],
      [14601, 1000, 14600, 1],
      [17499, 1000, 17500, 1],
    ]);
    expect(purged.late).toEqual([]);
  });

  it("Flink testSessionWindowsWithCountTrigger: a merge adds up the counts and fires the merged session", async () => {
    // Flink (gap 3 s, PurgingTrigger.of(CountTrigger.of(4))): key2-10 [0, 6500) @6499; key1's two sessions [10, 5500)
    // and [6000, 10000) hold 3 elements each; "an element that merges the two key1 sessions, they should now have
    // count 6" (+1) "and therefore fire": key1-22 [10, 10000) @9999. Here windows are handled in event-time order, so
    // the bridging element comes late (allowed lateness keeps [10, 5500) open) to be seen after the others, as in Flink.
    const script = TestStream.create<[string, number]>()
      .addElements(kv("key2", 1, 0), kv("key2", 2, 1000), kv("key2", 3, 2500), kv("key2", 4, 3500))
      .addElements(kv("key1", 1, 10), kv("key1", 2, 1000), kv("key1", 3, 2500), kv("key1", 1, 6000), kv("key1", 2, 6500), kv("key1", 3, 7000))
      .flinkWatermark(7000)
      .addElements(kv("key1", 10, 4500));
    const r = await both(script, (s) => s.keyBy(byKey).window(session(3000), { trigger: every(4), accumulation: "discarding", allowedLateness: 3000 }).sum(valueOf));
    expect(r.panes).toEqual([
      [6499, "key2", 0, 6500, 10, "EARLY", 0, false],
      [9999, "key1", 10, 10000, 22, "EARLY", 0, false],
    ]);
  });

  it("keeps sessions of different keys apart even when their keys print alike", async () => {
    // Flink keys state by key; MergingWindowSet is per key. Object keys compare by value (README: keys compare by value).
    const script = TestStream.create<{ k: unknown; ts: number }>()
      .addElements(...[{ k: 1, ts: 0 }, { k: "1", ts: 5 }, { k: { id: 1 }, ts: 8 }, { k: { id: 1 }, ts: 14 }, { k: 1, ts: 9 }].map((x) => timestamped(x, x.ts)))
      .advanceWatermarkToInfinity();
    const r = await both(script, (s) => s.keyBy((x) => x.k).window(session(10)).count());
    // key 1: [0, 10) + [9, 19); key "1": [5, 15) alone; key { id: 1 }: [8, 18) + [14, 24).
    expect(r.panes.map(([t, k, s, e, v]) => [t, k, s, e, v])).toEqual([
      [14, "1", 5, 15, 1],
      [18, 1, 0, 19, 2],
      [23, { id: 1 }, 8, 24, 2],
    ]);
  });
});

describe("consecutive windowed operations", () => {
  it("results of a window go out at end - 1, so they fall into the same window of the next windowed operation", async () => {
    // Flink docs, "Consecutive windowed operations": resultsPerKey = input.keyBy(...).window(Tumbling 5 s).reduce(...);
    // globalResults = resultsPerKey.windowAll(Tumbling 5 s)...: "the results for time window [0, 5) of the first
    // operation will also end up in time window [0, 5) in the subsequent windowed operation".
    const script = TestStream.create<[string, number]>()
      .addElements(kv("a", 1, 0), kv("b", 2, 1000), kv("a", 3, 4999), kv("b", 4, 5000), kv("c", 5, 9999), kv("a", 6, 12000))
      .advanceWatermarkToInfinity();
    const r = await both(script, (s) =>
      s
        .keyBy(byKey)
        .window(tumbling(5000))
        .sum(valueOf)
        .windowAll(tumbling(5000))
        .aggregate({
          createAccumulator: (): string[] => [],
          add: (p: WindowResult<string, number>, acc: string[]) => [...acc, `${p.key}=${p.value}`].sort(),
          getResult: (acc: string[]) => acc,
        }),
    );
    expect(r.panes.map(([t, , s, e, v]) => [t, s, e, v])).toEqual([
      [4999, 0, 5000, ["a=4", "b=2"]],
      [9999, 5000, 10000, ["b=4", "c=5"]],
      [14999, 10000, 15000, ["a=6"]],
    ]);
  });
});

describe("watermarks from several inputs", () => {
  for (const mode of MODES) {
    it(`fan-in: windows fire by the minimum of the inputs' watermarks (${mode})`, async () => {
      // Flink: an operator with several inputs takes the minimum of their watermarks (StatusWatermarkValve;
      // "Watermarks in Parallel Streams"); Beam: the input watermark is the minimum over upstream watermarks.
      const g = new Graph("fanin");
      const a = g.input<{ k: string; ts: number }>("a");
      const b = g.input<{ k: string; ts: number }>("b");
      const ta = a.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 0, name: "ta" });
      const tb = b.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 0, name: "tb" });
      const w = ta.concat(tb, { name: "both" }).keyBy((x) => x.k).window(tumbling(10), { name: "win" }).count();
      const out = w.capture();
      const exec = g.run({ mode });
      await a.send([{ k: "x", ts: 3 }, { k: "x", ts: 25 }]);
      await b.send({ k: "x", ts: 5 });
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(5);
      expect(flinkWatermark(exec.frontier("win.in"))).toBe(4);
      expect(out.items()).toEqual([]);
      await b.send({ k: "y", ts: 12 }); // min(25, 12) = 12: [0, 10) fires
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(12);
      expect(out.batches().map((x) => [x.time, x.items.map((r) => [r.key, r.start, r.value])])).toEqual([[9, [["x", 0, 2]]]]);
      await b.send({ k: "y", ts: 40 }); // now a holds the minimum at 25: [10, 20) fires, [20, 30) does not
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(25);
      expect(out.items().map((r) => [r.key, r.start, r.value])).toEqual([["x", 0, 2], ["y", 10, 1]]);
      a.close();
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(40);
      b.close();
      await within(exec.done, 2000, "run");
      expect(out.items().map((r) => [r.key, r.start, r.value])).toEqual([["x", 0, 2], ["y", 10, 1], ["x", 20, 1], ["y", 40, 1]]);
    });
  }

  for (const mode of MODES) {
    it(`idle timeout: a quiet input stops holding windows back; when it sends again its old elements are late (${mode})`, async () => {
      // Flink WatermarkStrategy.withIdleness: a source without records for the timeout is idle and does not hold back
      // the watermark downstream; when it becomes active again its records count as usual (behind the watermark:
      // late). With lateness 20 the late element makes a LATE pane; beyond that it goes to late().
      const g = new Graph("idle");
      const a = g.input<{ k: string; ts: number }>("a");
      const b = g.input<{ k: string; ts: number }>("b");
      const ta = a.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 0, idleTimeout: 100, name: "ta" });
      const tb = b.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 0, idleTimeout: 100, name: "tb" });
      const w = ta.concat(tb).windowAll(tumbling(10), { allowedLateness: 20, name: "win" }).collect();
      const out = w.map((r) => [r.start, r.value.map((x) => `${x.k}${x.ts}`).sort(), r.pane.timing]).capture();
      const late = w.late().capture();
      const clock = new ManualClock();
      const exec = g.run({ mode, clock });
      await a.send({ k: "a", ts: 4 });
      await b.send({ k: "b", ts: 2 });
      await exec.quiet();
      clock.advance(60);
      await a.send({ k: "a", ts: 35 }); // a stays active; b holds the watermark at 2
      await exec.quiet();
      expect(out.items()).toEqual([]);
      clock.advance(60); // b quiet for 120 ms: idle; the watermark follows a (35)
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(35);
      expect(out.items()).toEqual([[0, ["a4", "b2"], "ON_TIME"]]);
      await b.send([{ k: "b", ts: 18 }, { k: "b", ts: 5 }]); // b is back: both are late (at 35, where b was taken)
      await b.send({ k: "b", ts: 36 });
      await a.send({ k: "a", ts: 60 });
      await exec.quiet();
      expect(beamWatermark(exec.frontier("win.in"))).toBe(36); // b holds the minimum again
      // 18: [10, 20) is kept (19 + 20 > 34): a LATE pane; 5: [0, 10) was dropped (9 + 20 <= 34): late output.
      expect(out.items()).toEqual([[0, ["a4", "b2"], "ON_TIME"], [10, ["b18"], "LATE"]]);
      expect(late.batches().map((x) => [x.time, x.eventTime, x.items.map((i) => i.ts)])).toEqual([[35, 5, [5]]]);
      a.close();
      b.close();
      await within(exec.done, 2000, "run");
      expect(out.items().slice(2)).toEqual([[30, ["a35", "b36"], "ON_TIME"], [60, ["a60"], "ON_TIME"]]);
    });
  }
});

describe("state, capabilities and completion", () => {
  it("drops window state and capabilities as windows expire, so results and frontiers move on before the input ends", async () => {
    // Flink clears window state at cleanup time (WindowOperator.clearAllState); nothing may keep a downstream
    // frontier behind once every window before it is done.
    for (const [label, assigner, options] of [
      ["tumbling", tumbling(10), { allowedLateness: 5 }],
      ["sliding", sliding(10, 5), { allowedLateness: 5 }],
      ["session", session(10), { allowedLateness: 5 }],
      ["session, late delay trigger", session(10), { allowedLateness: 5, trigger: onTime({ late: afterDelay(1000) }) }],
      ["tumbling, early delay trigger", tumbling(10), { allowedLateness: 5, trigger: onTime({ early: afterDelay(1000) }) }],
    ] as const) {
      const state = new MemoryState<never>();
      const g = new Graph("cleanup");
      const a = g.input<{ k: string; ts: number }>("a");
      const w = a.eventTime({ timestamp: (x) => x.ts, maxOutOfOrderness: 0 }).keyBy((x) => x.k).window(assigner, { ...options, state }).count();
      const out = w.capture();
      const clock = new ManualClock();
      const exec = g.run({ clock });
      await a.send([{ k: "a", ts: 1 }, { k: "b", ts: 3 }, { k: "a", ts: 12 }]);
      await a.send({ k: "a", ts: 2 }); // late (watermark 12): a LATE pane (possibly after a processing-time delay)
      await a.send({ k: "c", ts: 100 });
      await exec.quiet();
      clock.advance(5000);
      await a.send({ k: "c", ts: 200 });
      await exec.quiet();
      // Everything before 200 is done: only c's windows remain, and the results' frontier is not held back.
      expect([...state.entries()].map((e) => e.key).sort(), label).toEqual(["c"]);
      expect(String(out.frontier), label).toBe("[200]");
      a.close();
      await within(exec.done, 2000, `run ${label}`);
      expect(state.size, label).toBe(0);
    }
  });

  for (const mode of MODES) {
    it(`global window with fireAlways: the final pane is not sent before earlier panes, and the results' frontier moves on (${mode})`, async () => {
      // Beam ClosingBehavior.FIRE_ALWAYS: a final pane even when it is empty. Beam's watermark holds
      // (WatermarkHold) are kept for elements not yet emitted and released when their pane fires, so the
      // output watermark is not held at the window's first element for the whole run.
      const g = new Graph("fire-always");
      const a = g.input<number>("a");
      const w = a.eventTime({ timestamp: (x) => x, maxOutOfOrderness: 0 }).windowAll(globalWindow(), { trigger: every(2), closing: "fireAlways", accumulation: "discarding" }).collect();
      const out = w.capture();
      const exec = g.run({ mode });
      await a.send([1, 2, 3, 4]);
      await a.send(50);
      await exec.quiet();
      // Panes went out at 2 and 4; 50 is in the window (added on arrival), not emitted yet: the window holds the
      // results' frontier at 50 for it (Beam's watermark hold at the element's timestamp).
      expect(String(out.frontier)).toBe("[50]");
      await a.send(60);
      await exec.quiet();
      // 60 made the pane [50, 60] at once (at 60); with fireAlways the final pane is still to come, at the time of the last.
      expect(String(out.frontier)).toBe("[60]");
      a.close();
      await within(exec.done, 2000, "run");
      expect(rows(out.batches())).toEqual([
        [2, undefined, -Infinity, Infinity, [1, 2], "EARLY", 0, false],
        [4, undefined, -Infinity, Infinity, [3, 4], "EARLY", 1, false],
        [60, undefined, -Infinity, Infinity, [50, 60], "EARLY", 2, false],
        [60, undefined, -Infinity, Infinity, [], "ON_TIME", 3, true],
      ]);
    });
  }

  it("a processing-time firing still pending when the input ends does not keep the run from ending", async () => {
    // Beam/Flink: at the end of input the watermark goes to +infinity, windows fire and are cleaned up; pending
    // processing-time timers do not hold the job.
    for (const assigner of [tumbling(10), session(10), globalWindow()]) {
      const script = TestStream.create<number>().addElements(timestamped(1, 1), timestamped(2, 2)).advanceWatermarkTo(5);
      const r = await both(script, (s) => s.windowAll(assigner, { trigger: onTime({ early: afterDelay(1000), late: afterDelay(1000) }), allowedLateness: 3 }).collect(), () => new ManualClock());
      // (isLast only for the global window: the others are kept for their allowed lateness, and expire with nothing new.)
      expect(r.panes.map((x) => [x[4], x[5], x[7]])).toEqual([[[1, 2], "ON_TIME", assigner.kind === "global"]]);
    }
  });

  it("Flink testCleanupTimeOverflow: a window near the largest timestamp with allowed lateness still fires, and the run ends", async () => {
    // Flink: the cleanup time maxTimestamp + allowedLateness must not wrap around and clear the window early.
    const ts = Number.MAX_SAFE_INTEGER - 1750;
    const start = ts - (ts % 1000);
    const script = TestStream.create<number>().addElements(timestamped(1, ts)).flinkWatermark(Number.MAX_SAFE_INTEGER - 1500).flinkWatermark(start + 999);
    const r = await both(script, (s) => s.windowAll(tumbling(1000), { allowedLateness: 2000 }).sum());
    expect(r.panes).toEqual([[start + 999, undefined, start, start + 1000, 1, "ON_TIME", 0, false]]);
  });
});

describe("determinism", () => {
  it("a mixed scripted job gives identical panes in 10 concurrent runs and in deterministic mode", async () => {
    const script = TestStream.create<[string, number]>()
      .addElements(...Array.from({ length: 60 }, (_, i) => kv("abc"[i % 3]!, i, (i * 7) % 90)))
      .advanceWatermarkTo(40)
      .addElements(...Array.from({ length: 30 }, (_, i) => kv("abc"[i % 3]!, 100 + i, (i * 13) % 70)))
      .advanceWatermarkTo(75)
      .addElements(...Array.from({ length: 30 }, (_, i) => kv("abc"[(i + 1) % 3]!, 200 + i, 30 + ((i * 11) % 60))))
      .advanceWatermarkToInfinity();
    const job = async (mode: Mode): Promise<string> => {
      const g = new Graph("det", { batchSize: 3 });
      const s = g.testStream(script);
      const keyed = s.keyBy(byKey);
      const ws = [
        keyed.window(session(6), { allowedLateness: 10 }).sum(valueOf),
        keyed.window(sliding(20, 5), { allowedLateness: 7, accumulation: "discarding" }).count(),
        s.windowAll(tumbling(25), { trigger: every(4), allowedLateness: 12 }).count(),
      ];
      const caps = ws.flatMap((w) => [w.capture(), w.late().capture()]);
      const exec = g.run({ mode });
      await within(exec.done, 5000, "run");
      return JSON.stringify(caps.map((c, i) => (i % 2 === 0 ? rows(c.batches() as never) : lateRows(c.batches() as never))));
    };
    const reference = await job("deterministic");
    expect(JSON.parse(reference).every((x: unknown[]) => Array.isArray(x))).toBe(true);
    for (let i = 0; i < 10; i++) expect(await job("concurrent")).toBe(reference);
  });
});
