/**
 * The sequential scheduler: every node runs in one task, in topological order (deterministic and
 * step modes).
 *
 * The schedule is a sequence of units, each one node activation or one input call: passes visit
 * the nodes in topological order (creation order breaks ties and cycles), and a visited node with
 * work handles its events in the order they were sent when it reads one edge, else in (time, port
 * index, arrival) order; after every activation progress is
 * propagated (frontiers recomputed, their changes delivered to the ports). When a pass moves
 * nothing, the next input call is applied, in the order the calls were made. What a node sees
 * therefore depends only on the graph and the sequence of input calls, never on timing: the same
 * program gives the same outputs, state and frontiers at every unit, batch boundaries aside.
 *
 * Deterministic mode runs the units by itself (`wake`), as fast as it can without changing what
 * any node sees: progress is propagated lazily, right before a node that can look at frontiers
 * runs (per-item operators cannot: they never read a frontier and their frontier events are
 * no-ops), and a per-item operator with data runs the per-item operators after it as one loop
 * (see `NodeRuntime.activate`). Step mode runs one unit per `next()` call, propagating after each.
 */
import type { InputCall } from "./input-driver.js";
import type { NodeRuntime } from "../node.js";
import type { StreamDriver } from "./stream-driver.js";
import type { Yielder } from "../scheduling/yielder.js";

/** What the scheduler needs from the dataflow. */
export interface Schedulable {
  /** True once the execution stopped or failed. */
  readonly stopped: boolean;
  /** Hands the event loop a turn now and then. */
  readonly yielder: Yielder;
  /** True when pointstamp changes wait to be propagated. */
  readonly progressPending: boolean;
  /** Nodes in topological order. */
  order(): readonly NodeRuntime[];
  /** Applies the next input call in call order and returns it; undefined when there is none. */
  applyNextCall(): InputCall | undefined;
  /** Recomputes frontiers and delivers their changes; returns how many locations moved. */
  propagate(): number;
  /** The driver of a stream-style node. */
  driver(node: NodeRuntime): StreamDriver | undefined;
  /** A stream-style node's driver whose node is busy outside the graph (neither parked nor done), if any. */
  busy(): StreamDriver | undefined;
}

/** One unit of the schedule. */
export type Unit =
  | { readonly kind: "node"; readonly node: NodeRuntime }
  | { readonly kind: "call"; readonly call: InputCall }
  | { readonly kind: "idle" };

const IDLE: Unit = { kind: "idle" };

/**
 * How many event-loop turns a pass that moved nothing waits for a stream-style node busy outside
 * the graph (awaiting a timer, I/O, a macrotask) to park again before the next input call is
 * applied anyway. Within it, what such a node does keeps its place in the schedule.
 */
const BUSY_TURNS = 64;

/**
 * How many event-loop turns a stream-style node's own turn lasts at most: a node that awaits a
 * macrotask or two (a `setImmediate`, a settled promise from outside) parks again within its turn,
 * so what it sends then keeps its place in the schedule in deterministic and step modes alike
 * (step mode's caller spends event-loop turns between units, deterministic mode does not).
 */
const TURN_TURNS = 8;

/** Runs the graph one unit at a time, by itself (deterministic) or when asked (step). */
export class Scheduler {
  private scheduled = false;
  private running = false;
  private again = false;
  private pass: readonly NodeRuntime[] | undefined;
  private pos = 0;
  private moved = false;
  private waited = 0;
  /** Node activations so far. */
  activations = 0;

  /**
   * A scheduler for `df`. `auto`: deterministic mode (runs by itself, propagates lazily, runs
   * chains of per-item operators as one loop); otherwise step mode.
   */
  constructor(private readonly df: Schedulable, readonly auto: boolean) {}

  /** True when the scheduler is neither running nor about to. */
  get idle(): boolean {
    return !this.running && !this.scheduled;
  }

  /** Something changed: run soon (or go round again after the current unit). Step mode: nothing. */
  wake(): void {
    if (!this.auto) return;
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
        let u = this.next();
        if (u instanceof Promise) u = await u;
        if (df.stopped) return;
        if (u.kind === "idle") {
          if (!this.again) return;
          continue;
        }
        const y = df.yielder.check();
        if (y !== undefined) await y;
      }
    } finally {
      this.running = false;
      if (this.again && !df.stopped) this.wake();
    }
  }

  /** Performs the next unit: a node activation, else (when a pass moved nothing) the next input call. */
  next(): Unit | Promise<Unit> {
    const df = this.df;
    const lazy = this.auto;
    for (;;) {
      if (df.stopped) return IDLE;
      const pass = (this.pass ??= df.order());
      while (this.pos < pass.length) {
        const node = pass[this.pos++]!;
        if (node.state !== "running") continue;
        const body = node.spec.body.type;
        if (body === "logic") {
          if (lazy && node.seesFrontiers && df.progressPending) df.propagate();
          if (node.hasEvent()) {
            node.activate(lazy);
            this.activations++;
            this.moved = true;
            this.waited = 0;
            if (!lazy) df.propagate();
            return { kind: "node", node };
          }
          if (node.mayFinish()) node.finish();
        } else if (body === "stream") {
          const drv = df.driver(node);
          if (drv === undefined || drv.settled || node.parked?.() !== true) continue;
          if (lazy && df.progressPending) df.propagate();
          if (!(node.hasEvent() || drv.wantsTurn)) continue;
          this.activations++;
          this.moved = true;
          this.waited = 0;
          return turn(drv).then(() => {
            if (!lazy) df.propagate();
            return { kind: "node", node };
          });
        }
      }
      this.pass = undefined;
      this.pos = 0;
      const moved = this.moved;
      this.moved = false;
      if (df.propagate() > 0 || moved) continue;
      const busy = df.busy();
      if (busy !== undefined && this.waited < BUSY_TURNS) {
        this.waited++;
        return parkedOrTurn(busy).then(() => this.next());
      }
      this.waited = 0;
      const call = df.applyNextCall();
      if (call === undefined) return IDLE;
      if (!lazy) df.propagate();
      return { kind: "call", call };
    }
  }
}

/** Resolves when `drv`'s node parks or settles, or after an event-loop turn. */
function parkedOrTurn(drv: StreamDriver): Promise<void> {
  return parkedWithin(drv.idle.wait(), 1);
}

/** Grants a stream-style node one turn and waits until it parks again (or `TURN_TURNS` macrotasks pass). */
async function turn(drv: StreamDriver): Promise<void> {
  const idle = drv.idle.wait();
  drv.open();
  await parkedWithin(idle, TURN_TURNS);
  drv.close();
}

/** Resolves when `idle` does, or after `turns` event-loop turns. */
async function parkedWithin(idle: Promise<unknown>, turns: number): Promise<void> {
  const parked = idle.then(() => true);
  for (let i = 0; i < turns; i++) {
    let timer: ReturnType<typeof setImmediate> | undefined;
    const done = await Promise.race([parked, new Promise<boolean>((r) => (timer = setImmediate(() => r(false))))]);
    clearImmediate(timer!);
    if (done) return;
  }
}
