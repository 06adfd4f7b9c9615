/** Captures: record everything that reaches a point of the graph, with its time. */
import type { Antichain } from "../time/antichain.js";
import { timeKey, type Time } from "../time/order.js";
import type { Batch } from "../runtime/batch.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { InPort } from "../runtime/topology/ports.js";

/** Everything that reached a capture node, in arrival order. */
export class Capture<T> {
  private readonly recorded: Array<Batch<T>> = [];
  private df: Dataflow | undefined;
  private port: InPort<NodeRuntime> | undefined;
  /** The node logic that records batches. */
  readonly logic: OperatorLogic = {
    // What a capture records stays in memory: a restored run's capture holds what came after the checkpoint.
    stateless: true,
    onData: (ctx, _port, time, items) => {
      const eventTime = ctx.eventTime;
      this.recorded.push(eventTime === undefined ? { time, items: items as T[] } : { time, items: items as T[], eventTime });
    },
  };

  /** Binds the capture to the port it records (done once, by the graph). */
  attach(df: Dataflow, port: InPort<NodeRuntime>): this {
    this.df = df;
    this.port = port;
    return this;
  }

  /** The items, in arrival order. */
  items(): T[] {
    const out: T[] = [];
    for (const b of this.recorded) for (const x of b.items) out.push(x);
    return out;
  }

  /** The items grouped by time (times in order of first arrival). */
  byTime(): Map<Time, T[]> {
    const keys = new Map<number | string, T[]>();
    const out = new Map<Time, T[]>();
    for (const b of this.recorded) {
      const k = timeKey(b.time);
      let list = keys.get(k);
      if (list === undefined) {
        keys.set(k, (list = []));
        out.set(b.time, list);
      }
      for (const x of b.items) list.push(x);
    }
    return out;
  }

  /** Every batch as `{ time, items }`, in arrival order. */
  batches(): ReadonlyArray<Batch<T>> {
    return this.recorded;
  }

  /** Number of items recorded. */
  get size(): number {
    let n = 0;
    for (const b of this.recorded) n += b.items.length;
    return n;
  }

  /** The frontier at the capture: the times that may still arrive. */
  get frontier(): Antichain {
    this.df!.flush();
    return this.port!.frontier;
  }

  toString(): string {
    return `Capture(${this.port?.id ?? "unattached"}) ${this.size} items`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
