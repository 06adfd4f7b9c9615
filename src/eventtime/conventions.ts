/**
 * Watermark conventions: the project keeps event time in frontiers; these show the others.
 *
 * With `F` the minimum of a frontier of event times: Beam's watermark `W = F` (all input with event
 * time `< W` has been seen) and Flink's watermark `w = F - 1` (no more elements with timestamp
 * `<= w`). A done (empty) frontier is `+Infinity` in both views. Conversions the other way: Flink's
 * "watermark w" is the frontier `w + 1`, Beam's "watermark W" is the frontier `W`.
 */
import type { Antichain } from "../time/antichain.js";

/** A frontier of event times, or its elements. */
export type FrontierLike = Antichain | readonly number[];

/** The earliest event time a frontier allows (`+Infinity` when it is done). */
export function frontierMinimum(frontier: FrontierLike): number {
  const elems = Array.isArray(frontier) ? (frontier as readonly number[]) : (frontier as Antichain).elements;
  let min = Infinity;
  for (const e of elems) {
    if (typeof e !== "number") throw new TypeError(`a watermark needs integer (event) times, but the frontier holds ${String(e)}`);
    if (e < min) min = e;
  }
  return min;
}

/** Beam's watermark for a frontier: its minimum `F` (all event times `< F` are complete). */
export function beamWatermark(frontier: FrontierLike): number {
  return frontierMinimum(frontier);
}

/** Flink's watermark for a frontier: `F - 1` (no more timestamps `<= F - 1`); `+Infinity` when done. */
export function flinkWatermark(frontier: FrontierLike): number {
  return frontierMinimum(frontier) - 1;
}

/** The frontier time that Flink's `Watermark(w)` stands for: `w + 1`. */
export function frontierOfFlinkWatermark(w: number): number {
  return w + 1;
}
