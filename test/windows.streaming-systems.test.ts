// The running example of Streaming Systems (Akidau, Chernyak, Lax), chapters 2 and 4: team scores
// summed in 2-minute fixed windows (and 1-minute sessions) under different triggers, watermarks
// and accumulation modes. Element event times, processing times and watermark moves are those of
// the book's companion Beam tests; each expected pane is the one Beam produces there (window, sum,
// pane timestamp, timing, index, onTimeIndex, isFirst, isLast), compared as a multiset, except
// where a test says how and why this runtime differs. Times are minutes:seconds after 12:00, in ms
// of event time; processing time starts at 12:00 too.
//
// Where Beam's direct runner differs, it is for one reason: its output watermark is held per key,
// by every window's holds, so an element still waiting in one window keeps the panes of the
// key's other windows on time, and the pane the watermark's jump to +infinity fires is also the
// window's last (it is collected at once). Here a pane is ON_TIME when it is the window's first
// after its end and goes out at `end - 1`, and isLast when the window is dropped with it: both are
// known when the pane is made, so the same in every mode and schedule.
import { describe, expect, it } from "vitest";
import {
  Graph,
  ManualClock,
  TestStream,
  afterCount,
  afterDelay,
  every,
  onTime,
  repeatedly,
  session,
  timestamped,
  tumbling,
  type Stream,
  type WindowAssigner,
  type WindowOptions,
  type WindowResult,
} from "../src/internals.js";
import { MODES, within } from "./helpers.js";

/** "m:ss" after 12:00, in ms. */
const at = (mmss: string): number => {
  const [m, s] = mmss.split(":").map(Number);
  return (m! * 60 + s!) * 1000;
};
const text = (ms: number): string => `${Math.floor(ms / 60000)}:${String(Math.floor((ms % 60000) / 1000)).padStart(2, "0")}`;

type Watermark = "batch" | "perfect" | "heuristic";

/** The book's input as a script: a score at an event time, arriving at a processing time, with the watermark moves of `watermark`. */
function scores(watermark: Watermark, extraSix = false): TestStream<number> {
  let s = TestStream.create<number>();
  let now = 0;
  const to = (mmss: string) => {
    const t = at(mmss);
    s = s.advanceProcessingTime(t - now);
    now = t;
  };
  const score = (v: number, ts: string) => (s = s.addElements(timestamped(v, at(ts))));
  const wm = (ts: string) => (s = s.advanceWatermarkTo(at(ts)));
  to("4:59"), score(5, "0:26");
  to("5:39"), score(7, "2:24");
  to("6:00");
  if (watermark === "heuristic") wm("2:00");
  to("6:13"), score(3, "3:39");
  to("6:39"), score(4, "4:19");
  if (extraSix) score(6, "0:53");
  to("7:06"), score(8, "3:06");
  to("7:19"), score(3, "6:39");
  to("7:30");
  if (watermark === "heuristic") wm("4:00"), to("7:40"), wm("6:00");
  to("8:19"), score(9, "1:25");
  to("8:39");
  if (watermark === "perfect") wm("2:00");
  score(8, "7:26");
  to("9:00"), score(1, "7:46");
  if (watermark === "perfect") wm("4:00"), to("9:10"), wm("6:00"), to("9:20"), wm("8:00");
  to("9:30");
  if (watermark === "heuristic") wm("8:00");
  return s.advanceWatermarkToInfinity();
}

/** The book's first streaming input (figure 2-7): the same scores at 2:26 and 1:26, the watermark only at the end. */
function plainScores(): TestStream<number> {
  let s = TestStream.create<number>();
  let now = 0;
  for (const [pt, v, ts] of [["4:59", 5, "0:26"], ["5:39", 7, "2:26"], ["6:13", 3, "3:39"], ["6:39", 4, "4:19"], ["7:06", 8, "3:06"], ["7:19", 3, "6:39"], ["8:19", 9, "1:26"], ["8:39", 8, "7:26"], ["9:00", 1, "7:46"]] as const) {
    s = s.advanceProcessingTime(at(pt) - now).addElements(timestamped(v, at(ts)));
    now = at(pt);
  }
  return s.advanceProcessingTime(at("10:00") - now).advanceWatermarkToInfinity();
}

/** The panes of the windowed sum, as the book prints them: "[start, end) sum timestamp TIMING index onTimeIndex first last". */
async function panes(script: TestStream<number>, assigner: WindowAssigner, options: WindowOptions, mode: (typeof MODES)[number]): Promise<string[]> {
  const g = new Graph("streaming-systems");
  const w = (g.testStream(script) as Stream<number>).windowAll(assigner, options).sum();
  const out = w.capture();
  const exec = g.run({ mode, clock: new ManualClock() });
  await within(exec.done, 5000, "run");
  const line = (r: WindowResult<unknown, number>) =>
    `[${text(r.start)}, ${text(r.end)}) ${r.value} ${text(r.timestamp)} ${r.pane.timing} ${r.pane.index} ${r.pane.onTimeIndex}${r.pane.isFirst ? " first" : ""}${r.pane.isLast ? " last" : ""}`;
  return out.items().map(line).sort();
}

const TWO_MIN = tumbling(at("2:00"));
const FOREVER = 1000 * 24 * 3600 * 1000;
const earlyOnTimeLate = onTime({ early: afterDelay(at("1:00")), late: afterCount(1) });
/** With early, on-time and late firings and the heuristic watermark, the panes of the windows after the first (figures 2-11 and 2-12). */
const HEURISTIC_LATER_WINDOWS = [
  "[2:00, 4:00) 10 3:59 EARLY 0 -1 first",
  "[2:00, 4:00) 18 3:59 ON_TIME 1 0",
  "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
  "[4:00, 6:00) 4 5:59 ON_TIME 1 0",
  "[6:00, 8:00) 3 7:59 EARLY 0 -1 first",
  "[6:00, 8:00) 12 7:59 ON_TIME 1 0",
];

describe("Streaming Systems, chapters 2 and 4 (the book's Beam tests)", () => {
  for (const mode of MODES) {
    it(`figure 2-6: per-record triggering, accumulating (${mode})`, async () => {
      expect(await panes(scores("batch"), TWO_MIN, { trigger: every(1), allowedLateness: FOREVER }, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 14 1:59 EARLY 1 -1",
          "[2:00, 4:00) 7 3:59 EARLY 0 -1 first",
          "[2:00, 4:00) 10 3:59 EARLY 1 -1",
          "[2:00, 4:00) 18 3:59 EARLY 2 -1",
          "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
          "[6:00, 8:00) 3 7:59 EARLY 0 -1 first",
          "[6:00, 8:00) 11 7:59 EARLY 1 -1",
          "[6:00, 8:00) 12 7:59 EARLY 2 -1",
        ].sort(),
      );
    });

    it(`figure 2-7: aligned delay (micro-batch): panes at the 2-minute marks of processing time from 12:05 (${mode})`, async () => {
      // Each pane fires at the first mark at or after its first element (5:00, 7:00, 9:00, ...). Beam's direct runner
      // gives the panes of figure 2-8 here (its timers and per-key holds); here the marks are kept exactly: [2:00, 4:00)
      // fires 10 at 7:00 (8 comes at 7:06), and 1, arriving at the 9:00 mark, fires its window at once.
      const trigger = repeatedly(afterDelay(0, { alignedTo: at("2:00"), offset: at("5:00") }));
      expect(await panes(plainScores(), TWO_MIN, { trigger, allowedLateness: FOREVER }, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 14 1:59 EARLY 1 -1",
          "[2:00, 4:00) 10 3:59 EARLY 0 -1 first",
          "[2:00, 4:00) 18 3:59 EARLY 1 -1",
          "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
          "[6:00, 8:00) 11 7:59 EARLY 0 -1 first",
          "[6:00, 8:00) 12 7:59 EARLY 1 -1",
        ].sort(),
      );
    });

    it(`figure 2-8: unaligned delay, repeatedly 2 minutes after the first element of the pane (${mode})`, async () => {
      // The EARLY panes are Beam's. 9 (at 1:25, arriving at 8:19) is due at 10:19, after the clock stops: it comes out
      // in the final pane when the window is dropped, after its end: LATE here. Beam makes that pane ON_TIME, and adds an
      // empty ON_TIME pane to each other window, because 9's hold keeps the key's output watermark behind them all.
      expect(await panes(scores("batch"), TWO_MIN, { trigger: repeatedly(afterDelay(at("2:00"))), allowedLateness: FOREVER }, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 14 1:59 LATE 1 0 last",
          "[2:00, 4:00) 18 3:59 EARLY 0 -1 first",
          "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
          "[6:00, 8:00) 12 7:59 EARLY 0 -1 first",
        ].sort(),
      );
    });

    it(`figure 2-10: the watermark trigger with a perfect and a heuristic watermark (${mode})`, async () => {
      expect(await panes(scores("perfect"), TWO_MIN, {}, mode)).toEqual(
        ["[0:00, 2:00) 14 1:59 ON_TIME 0 0 first last", "[2:00, 4:00) 18 3:59 ON_TIME 0 0 first last", "[4:00, 6:00) 4 5:59 ON_TIME 0 0 first last", "[6:00, 8:00) 12 7:59 ON_TIME 0 0 first last"].sort(),
      );
      // Heuristic: 9 (at 1:25) comes after the watermark passed 2:00; with no allowed lateness it is dropped.
      expect(await panes(scores("heuristic"), TWO_MIN, {}, mode)).toEqual(
        ["[0:00, 2:00) 5 1:59 ON_TIME 0 0 first last", "[2:00, 4:00) 18 3:59 ON_TIME 0 0 first last", "[4:00, 6:00) 4 5:59 ON_TIME 0 0 first last", "[6:00, 8:00) 12 7:59 ON_TIME 0 0 first last"].sort(),
      );
    });

    it(`figure 2-11: early (1 minute of processing time), on-time and late firings, perfect and heuristic watermark (${mode})`, async () => {
      const options = { trigger: earlyOnTimeLate, allowedLateness: FOREVER };
      expect(await panes(scores("perfect"), TWO_MIN, options, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 14 1:59 ON_TIME 1 0",
          "[2:00, 4:00) 10 3:59 EARLY 0 -1 first",
          "[2:00, 4:00) 18 3:59 EARLY 1 -1",
          "[2:00, 4:00) 18 3:59 ON_TIME 2 0",
          "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
          "[4:00, 6:00) 4 5:59 ON_TIME 1 0",
          "[6:00, 8:00) 3 7:59 EARLY 0 -1 first",
          "[6:00, 8:00) 12 7:59 ON_TIME 1 0",
        ].sort(),
      );
      expect(await panes(scores("heuristic"), TWO_MIN, options, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 5 1:59 ON_TIME 1 0",
          "[0:00, 2:00) 14 1:59 LATE 2 1",
          ...HEURISTIC_LATER_WINDOWS,
        ].sort(),
      );
    });

    it(`figure 2-12: allowed lateness of 2 minutes (an extra 6 at 0:53 joins the first window late) (${mode})`, async () => {
      expect(await panes(scores("heuristic", true), TWO_MIN, { trigger: earlyOnTimeLate, allowedLateness: at("2:00") }, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 5 1:59 ON_TIME 1 0",
          "[0:00, 2:00) 11 1:59 LATE 2 1",
          ...HEURISTIC_LATER_WINDOWS,
        ].sort(),
      );
    });

    it(`figure 2-13: early, on-time and late firings in discarding mode (${mode})`, async () => {
      expect(await panes(scores("heuristic"), TWO_MIN, { trigger: earlyOnTimeLate, allowedLateness: FOREVER, accumulation: "discarding" }, mode)).toEqual(
        [
          "[0:00, 2:00) 5 1:59 EARLY 0 -1 first",
          "[0:00, 2:00) 0 1:59 ON_TIME 1 0",
          "[0:00, 2:00) 9 1:59 LATE 2 1",
          "[2:00, 4:00) 10 3:59 EARLY 0 -1 first",
          "[2:00, 4:00) 8 3:59 ON_TIME 1 0",
          "[4:00, 6:00) 4 5:59 EARLY 0 -1 first",
          "[4:00, 6:00) 0 5:59 ON_TIME 1 0",
          "[6:00, 8:00) 3 7:59 EARLY 0 -1 first",
          "[6:00, 8:00) 9 7:59 ON_TIME 1 0",
        ].sort(),
      );
    });

    it(`figure 4-7: 1-minute sessions with early and late firings; a late element merges two sessions into one (${mode})`, async () => {
      expect(await panes(scores("heuristic"), session(at("1:00")), { trigger: earlyOnTimeLate, allowedLateness: FOREVER }, mode)).toEqual(
        [
          "[0:26, 1:26) 5 1:25 EARLY 0 -1 first",
          "[0:26, 1:26) 5 1:25 ON_TIME 1 0",
          "[2:24, 3:24) 7 3:23 EARLY 0 -1 first",
          "[2:24, 5:19) 22 5:18 EARLY 0 -1 first",
          "[2:24, 5:19) 22 5:18 ON_TIME 1 0",
          "[0:26, 5:19) 36 5:18 LATE 0 0 first",
          "[6:39, 7:39) 3 7:38 EARLY 0 -1 first",
          // Beam also marks this pane last: the watermark's jump to +infinity fires it and collects the window at once.
          "[6:39, 8:46) 12 8:45 ON_TIME 0 0 first",
        ].sort(),
      );
    });
  }
});
