/** Turning runtime values into their views: times, frontiers, failures. */
import type { Antichain } from "../time/antichain.js";
import type { Failure } from "../runtime/failure.js";
import type { FailureView } from "./model.js";
import { frontierView, timeView, type FrontierView } from "../time/views.js";

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
