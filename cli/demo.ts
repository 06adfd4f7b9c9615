/**
 * The demo graph of `streamweave --demo`: click events arriving out of order, counted per user in
 * 5-second tumbling event-time windows with 3 s of allowed lateness (as in examples/windows.mjs),
 * fed on a timer so frontiers, the watermark, the panes and the window's state move live.
 *
 * Event time runs 2.5× faster than the wall clock (a window closes every 2 s). Most clicks are
 * up to 2.5 s late, so the watermark (max seen - 2 s) holds a few of them back; now and then one
 * is 3–9 s late: within the allowed lateness it makes a LATE pane, beyond it goes to `late`.
 */
import type { Capture, Execution, Graph, InputHandle, Stream } from "streamweave";
import * as lib from "streamweave";

/** A click. */
export interface Click {
  /** Who clicked. */
  readonly user: string;
  /** When, in event time (ms). */
  readonly ts: number;
}

/** The running demo, and the names it puts in the REPL's scope. */
export interface Demo {
  /** The graph. */
  readonly g: Graph;
  /** Its input. */
  readonly clicks: InputHandle<Click>;
  /** Clicks re-stamped with their event time (its frontier is the watermark). */
  readonly timed: Stream<Click>;
  /** Window panes: `{ key, start, end, value, pane }`. */
  readonly panes: Capture<unknown>;
  /** Clicks too late for every window. */
  readonly late: Capture<Click>;
  /** The run. */
  readonly exec: Execution;
  /** Stops feeding (the graph keeps running until `.stop`). */
  stop(): void;
}

const USERS = ["ada", "bob", "cy", "dee", "eve"];

/** Builds the demo graph, runs it, and feeds it every `tickMs` (default 100 ms). */
export function startDemo(tickMs = 100): Demo {
  const g = new lib.Graph("clicks");
  const clicks = g.input<Click>("clicks");
  const timed = clicks.eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 2000 });
  const counts = timed
    .keyBy((c) => c.user)
    .window(lib.tumbling(5000), { allowedLateness: 3000 })
    .count();
  const panes = counts.capture({ name: "panes" });
  const late = counts.late().capture({ name: "late" });
  const exec = g.run();
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let now = 0;
  const timer = setInterval(() => {
    if (exec.status !== "running") {
      clearInterval(timer);
      return;
    }
    now += tickMs * 2.5;
    const n = 1 + Math.floor(random() * 3);
    const batch: Click[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      const lateness = r < 0.06 ? 3000 + random() * 6000 : random() * 2500;
      batch.push({ user: USERS[Math.floor(random() * USERS.length)]!, ts: Math.max(0, Math.round(now - lateness)) });
    }
    clicks.push(batch);
  }, tickMs);
  timer.unref();
  return { g, clicks, timed, panes, late, exec, stop: () => clearInterval(timer) };
}
