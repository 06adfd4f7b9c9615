/**
 * Monitors: what the runtime tells observers while it runs.
 *
 * A dataflow has at most one monitor, a hub that forwards to every member attached to it (the
 * observation model's observers, a step-mode recorder, the determinism checker's recorder).
 * Every hook is called only when a monitor is attached, behind one `undefined` check, so a run
 * nobody watches pays nothing for it. The optional hooks (`consumed`, `emitted`, `noticed`,
 * `step`) are defined on the hub only while some member has them, so the runtime can skip the
 * work of reporting them (and per-item operators still fuse) when nobody listens.
 */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { StepRecord } from "./step-record.js";
import type { Failure } from "./failure.js";

/** What the runtime reports to an attached observer. */
export interface Monitor {
  /** A batch of `count` items at `time` went from port `from` to port `to` (queued or handed directly). */
  sent(from: string, to: string, time: Time, count: number): void;
  /** The frontier of these tracker locations changed (after a flush); `before` holds what each was. */
  frontiers(locations: readonly number[], before: readonly Antichain[]): void;
  /** Node `node` now holds `diff` more capabilities at `time` (negative: fewer). */
  capability(node: string, time: Time, diff: number): void;
  /** Node `node` reported a failure. */
  failure(node: string, f: Failure): void;
  /** The run's status changed (started, completed, stopped, failed) or the graph's shape changed. */
  changed(what: string): void;
  /** A node began handling a batch of `count` items at `time` that arrived at input port `port`. */
  consumed?(port: string, time: Time, count: number): void;
  /**
   * Output port `port` sent `items` at `time` (once per batch, whatever the number of edges).
   * While any member listens, adjacent per-item operators run one by one rather than fused, so
   * every stage's output is seen.
   */
  emitted?(port: string, time: Time, items: readonly unknown[]): void;
  /** A node was told that the frontier of its input port `port` is now `frontier`. */
  noticed?(port: string, frontier: Antichain): void;
  /** Step mode performed a step. */
  step?(record: StepRecord): void;
}

type Optional = "consumed" | "emitted" | "noticed" | "step";
const OPTIONAL: readonly Optional[] = ["consumed", "emitted", "noticed", "step"];

/** Forwards to every member; optional hooks are defined only while a member has them. */
class Hub implements Monitor {
  readonly members = new Set<Monitor>();
  /** The members as an array, for the per-batch hooks. */
  private list: Monitor[] = [];
  consumed?: Monitor["consumed"];
  emitted?: Monitor["emitted"];
  noticed?: Monitor["noticed"];
  step?: Monitor["step"];

  sent(from: string, to: string, time: Time, count: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) list[i]!.sent(from, to, time, count);
  }

  frontiers(locations: readonly number[], before: readonly Antichain[]): void {
    for (const m of this.members) m.frontiers(locations, before);
  }

  capability(node: string, time: Time, diff: number): void {
    const list = this.list;
    for (let i = 0; i < list.length; i++) list[i]!.capability(node, time, diff);
  }

  failure(node: string, f: Failure): void {
    for (const m of this.members) m.failure(node, f);
  }

  changed(what: string): void {
    for (const m of this.members) m.changed(what);
  }

  /** Recomputes which optional hooks exist. */
  rewire(): void {
    this.list = [...this.members];
    for (const hook of OPTIONAL) {
      const has = [...this.members].filter((m) => m[hook] !== undefined);
      // Set to undefined rather than deleted: deleting would turn the hub into a slow
      // dictionary-mode object, looked up on every batch.
      (this as Record<Optional, unknown>)[hook] =
        has.length === 0
          ? undefined
          : (...args: unknown[]) => {
              for (const m of has) (m[hook] as (...a: unknown[]) => void).apply(m, args);
            };
    }
  }
}

/** Anything that carries a monitor slot (a dataflow). */
export interface Monitored {
  monitor: Monitor | undefined;
}

/** Starts forwarding `target`'s runtime events to `m`. */
export function addMonitor(target: Monitored, m: Monitor): void {
  const current = target.monitor;
  const hub = current instanceof Hub ? current : new Hub();
  target.monitor = hub;
  hub.members.add(m);
  hub.rewire();
}

/** Stops forwarding to `m`; removes the monitor when nobody is left. */
export function removeMonitor(target: Monitored, m: Monitor): void {
  const hub = target.monitor;
  if (!(hub instanceof Hub)) return;
  hub.members.delete(m);
  hub.rewire();
  if (hub.members.size === 0) target.monitor = undefined;
}
