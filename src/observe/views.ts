/** Turning runtime values into their views: times, frontiers, failures. */
import type { Antichain } from "../time/antichain.js";
import { formatTime, type Time } from "../time/order.js";
import type { Failure } from "../runtime/failure.js";
import type { FailureView, FrontierView, TimeView } from "./model.js";

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

/** The least integer of a frontier, or null. */
export function leastTime(f: FrontierView): number | null {
  return leastNumber(f.times);
}

/** The least integer of an antichain, or null (as `leastTime` of its view, without making the view). */
export function leastOf(f: Antichain): number | null {
  return leastNumber(f.elements);
}

function leastNumber(times: readonly unknown[]): number | null {
  let least: number | null = null;
  for (const t of times) if (typeof t === "number" && (least === null || t < least)) least = t;
  return least;
}

/** A failure as views show it. */
export function failureView(f: Failure): FailureView {
  return {
    node: f.node,
    ...(f.port !== undefined ? { port: f.port } : {}),
    ...(f.time !== undefined ? { time: timeView(f.time) } : {}),
    message: f.message,
  };
}
