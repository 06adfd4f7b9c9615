/**
 * The deterministic scheduler: every node runs in one task, in topological order.
 *
 * Input calls are applied one at a time, in the order they were made, and after each the graph
 * runs to quiescence: nodes are visited in topological order (creation order breaks ties and
 * cycles), a visited node handles its events in (time, port index, arrival) order, and frontiers
 * are recomputed before every pass over the nodes. What a node sees therefore depends only on the
 * graph and the sequence of input calls, never on timing: the same program gives the same
 * outputs, state and frontiers, batch boundaries aside.
 */
import type { NodeRt } from "./node.js";
import type { StreamDriver } from "./stream-driver.js";
import type { Yielder } from "./yielder.js";

/** What the scheduler needs from the dataflow. */
export interface Schedulable {
  /** True once the execution stopped or failed. */
  readonly stopped: boolean;
  /** Hands the event loop a turn now and then. */
  readonly yielder: Yielder;
  /** Nodes in topological order. */
  order(): readonly NodeRt[];
  /** Applies the next input call in call order; false when there is none. */
  applyNextCall(): boolean;
  /** Recomputes frontiers and delivers their changes. */
  flush(): void;
  /** The driver of a stream-style node. */
  driver(node: NodeRt): StreamDriver | undefined;
}

const STEPS_PER_TURN = 4096;

/** Runs the graph to quiescence after each input call. */
export class Scheduler {
  private scheduled = false;
  private running = false;
  private again = false;
  /** Node activations so far. */
  activations = 0;

  /** A scheduler for `df`. */
  constructor(private readonly df: Schedulable) {}

  /** Something changed: run soon (or go round again after the current pass). */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => void this.run());
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    const df = this.df;
    try {
      for (;;) {
        this.again = false;
        await this.quiesce();
        if (df.stopped) return;
        if (df.applyNextCall()) {
          const y = df.yielder.check();
          if (y !== undefined) await y;
          continue;
        }
        if (!this.again) return;
      }
    } finally {
      this.running = false;
      if (this.again && !df.stopped) this.wake();
    }
  }

  /** Visits nodes in order until none has anything to do. */
  private async quiesce(): Promise<void> {
    const df = this.df;
    for (;;) {
      df.flush();
      let moved = false;
      for (const node of df.order()) {
        if (df.stopped) return;
        if (node.state !== "running") continue;
        const body = node.spec.body.type;
        if (body === "logic") {
          if (node.hasEvent()) {
            for (let i = 0; i < STEPS_PER_TURN && node.step(true); i++);
            this.activations++;
            moved = true;
          }
          if (node.inputsFinished()) node.finish();
        } else if (body === "stream") {
          const drv = df.driver(node);
          if (drv === undefined || drv.settled || !(node.hasEvent() || drv.wantsTurn) || node.parked?.() !== true) continue;
          await turn(drv);
          this.activations++;
          moved = true;
        }
      }
      if (!moved) return;
      const y = df.yielder.check();
      if (y !== undefined) await y;
    }
  }
}

/** Grants a stream-style node one turn and waits until it parks again (or a macrotask passes). */
async function turn(drv: StreamDriver): Promise<void> {
  const idle = drv.idle.wait();
  drv.open();
  let timer: ReturnType<typeof setImmediate> | undefined;
  await Promise.race([idle, new Promise<void>((r) => (timer = setImmediate(r)))]);
  clearImmediate(timer!);
  drv.close();
}
