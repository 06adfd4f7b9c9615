/**
 * Quiescence: nothing is left to do for the input calls made so far.
 *
 * A dataflow is quiet when every input call has been applied, frontier changes have been
 * propagated, and no node has a batch queued or being handled, a frontier change to see, or a
 * fired timer to handle. Capabilities may still be held (an open input, a stash waiting for its
 * frontier): quiet is not done. Scripted drivers (test streams, examples) wait for it before they
 * move a manual clock, so processing-time timers fire after the data sent before them was handled.
 */
import type { Dataflow } from "../dataflow.js";

/** True when `df` has nothing to do right now (see the module doc). */
export function isQuiet(df: Dataflow): boolean {
  df.flush();
  if (!df.calls.idle || df.tracker.pending) return false;
  for (const node of df.nodes.values()) {
    if (node.state !== "running") continue;
    if (node.active.length > 0 || node.hasEvent()) return false;
  }
  return true;
}

/**
 * Resolves once `df` has been quiet for two event-loop turns in a row (or its run ended): true
 * then; false when `deadline` (a `performance.now()` time) passed first.
 */
export async function whenQuiet(df: Dataflow, deadline = Infinity): Promise<boolean> {
  for (let calm = 0; calm < 2; ) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (df.status !== "running") return true;
    calm = isQuiet(df) ? calm + 1 : 0;
    if (calm < 2 && performance.now() > deadline) return false;
  }
  return true;
}
