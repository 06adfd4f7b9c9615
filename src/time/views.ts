/**
 * Times and frontiers as views show them: plain, JSON-writable data (integers stay numbers,
 * structured times appear printed), with Flink's watermark for a single-integer frontier.
 */
import type { Antichain } from "./antichain.js";
import { formatTime, type Time } from "./order.js";

/** A time as views show it: an integer, or the printed form of a structured time. */
export type TimeView = number | string;

/** A frontier as views show it. */
export interface FrontierView {
  /** Printed like `[1]`, `[(0, 1), (1, 0)]` or `[]`. */
  readonly text: string;
  /** The elements. */
  readonly times: readonly TimeView[];
  /** True when nothing more can arrive (the empty frontier). */
  readonly done: boolean;
  /** Flink's watermark (`frontier - 1`) when the frontier is a single integer. */
  readonly watermark: number | null;
}

/** A time as views show it. */
export function timeView(t: Time): TimeView {
  return typeof t === "number" ? t : formatTime(t);
}

/** A frontier as views show it. */
export function frontierView(f: Antichain): FrontierView {
  const times = f.elements.map(timeView);
  const only = times.length === 1 && typeof times[0] === "number" ? times[0] : null;
  return { text: f.toString(), times, done: f.isEmpty, watermark: only === null ? null : only - 1 };
}
