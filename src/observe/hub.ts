/**
 * Attaching observers to a dataflow: one monitor per dataflow forwards to every observer (see
 * `addMonitor` in the runtime), so several views (a notebook view, the terminal's panes) can watch
 * one run. Detaching the last one removes the monitor, and the run goes back to paying nothing.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import { addMonitor, removeMonitor, type Monitor } from "../runtime/monitor.js";

/** Starts forwarding `df`'s runtime events to `m`. */
export function attach(df: Dataflow, m: Monitor): void {
  addMonitor(df, m);
}

/** Stops forwarding to `m`; removes the monitor when nobody is left. */
export function detach(df: Dataflow, m: Monitor): void {
  removeMonitor(df, m);
}
