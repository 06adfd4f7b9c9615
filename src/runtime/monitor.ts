/**
 * Monitors: what the runtime tells an observer while it runs.
 *
 * A dataflow has at most one monitor (the observation model multiplexes it). Every hook is
 * called only when a monitor is attached, behind one `undefined` check, so a run nobody watches
 * pays nothing for it.
 */
import type { Time } from "../time/order.js";
import type { Failure } from "./failure.js";

/** What the runtime reports to an attached observer. */
export interface Monitor {
  /** A batch of `count` items at `time` went from port `from` to port `to` (queued or handed directly). */
  sent(from: string, to: string, time: Time, count: number): void;
  /** The frontier of these tracker locations changed (after a flush). */
  frontiers(locations: readonly number[]): void;
  /** Node `node` now holds `diff` more capabilities at `time` (negative: fewer). */
  capability(node: string, time: Time, diff: number): void;
  /** Node `node` reported a failure. */
  failure(node: string, f: Failure): void;
  /** The run's status changed (started, completed, stopped, failed) or the graph's shape changed. */
  changed(what: string): void;
}
