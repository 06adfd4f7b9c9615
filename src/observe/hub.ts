/**
 * One monitor per dataflow that forwards to every observer attached to it, so several views
 * (a notebook view, the terminal's panes) can watch one run. Detaching the last one removes the
 * monitor, and the run goes back to paying nothing for observation.
 */
import type { Time } from "../time/order.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { Failure } from "../runtime/failure.js";
import type { Monitor } from "../runtime/monitor.js";

class Hub implements Monitor {
  readonly members = new Set<Monitor>();

  sent(from: string, to: string, time: Time, count: number): void {
    for (const m of this.members) m.sent(from, to, time, count);
  }

  frontiers(locations: readonly number[]): void {
    for (const m of this.members) m.frontiers(locations);
  }

  capability(node: string, time: Time, diff: number): void {
    for (const m of this.members) m.capability(node, time, diff);
  }

  failure(node: string, f: Failure): void {
    for (const m of this.members) m.failure(node, f);
  }

  changed(what: string): void {
    for (const m of this.members) m.changed(what);
  }
}

/** Starts forwarding `df`'s runtime events to `m`. */
export function attach(df: Dataflow, m: Monitor): void {
  const current = df.monitor;
  const hub = current instanceof Hub ? current : new Hub();
  df.monitor = hub;
  hub.members.add(m);
}

/** Stops forwarding to `m`; removes the monitor when nobody is left. */
export function detach(df: Dataflow, m: Monitor): void {
  const hub = df.monitor;
  if (!(hub instanceof Hub)) return;
  hub.members.delete(m);
  if (hub.members.size === 0) df.monitor = undefined;
}
