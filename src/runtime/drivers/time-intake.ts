/**
 * Logical-time mode: how a node with several input edges takes its inputs in time order.
 *
 * A batch queued at a port keeps that port's frontier at its time, so a node cannot tell from the
 * frontier whether more data at that time may still come while the batch waits there. The intake
 * therefore takes every queued batch into a per-time stash (as Timely's notificator does), moving
 * its pointstamp from the port to a capability the node holds at the batch's time (through the
 * node's summary, so everything downstream still waits for it), and releases a time only once the
 * frontier of every input port has passed it: then no earlier or equal time can still arrive, and
 * its batches go to the node in (port index, edge, arrival) order. Times are released earliest
 * first among those complete.
 *
 * The node sees its ports' frontiers held back at the times of the batches it has not finished
 * handling (`frontier`), so for the node data never arrives after its frontier passed the time, and
 * a frontier event follows the last batch of a time. What the node sees per time therefore depends
 * only on what was sent at that time, never on the order in which tasks ran; memory grows with the
 * data of times that have not completed.
 */
import { Antichain } from "../../time/antichain.js";
import { earliestPassed, NumberHeap } from "../../time/heap.js";
import { compareTimes, timeKey, type Time } from "../../time/order.js";
import type { Batch } from "../batch.js";
import type { InPort } from "../topology/ports.js";

/** What the intake needs from its node. */
export interface IntakeOwner {
  /** Input ports, in declaration order. */
  readonly inputs: readonly InPort[];
  /** The earliest time the node may send at because of data at `time` (its summary), or null. */
  capabilityTimeFor(time: Time): Time | null;
  /** Adds `diff` to the count of capabilities at `time`. */
  countCapability(time: Time, diff: number): void;
  /** Moves `diff` pointstamps at `time` at tracker location `loc`. */
  countAt(loc: number, time: Time, diff: number): void;
}

/** A stashed batch. */
export interface Held {
  /** The port it arrived at. */
  readonly port: InPort;
  /** The batch. */
  readonly batch: Batch;
  /** Its edge's place in connection order. */
  readonly edge: number;
  /** Arrival order. */
  readonly seq: number;
}

interface Slot {
  readonly time: Time;
  readonly held: Held[];
  sorted: boolean;
}

/** The per-time stash of a node's inputs. */
export class TimeIntake {
  private readonly slots = new Map<number | string, Slot>();
  private readonly heap = new NumberHeap();
  /** Slots whose time is not an integer (found by a scan rather than the heap). */
  private others = 0;
  private seq = 0;
  /** Per port (by index): how many batches wait, or are being handled, at each time. */
  private readonly waiting: Array<Map<number | string, { time: Time; count: number }>>;
  /** Per port: the frontier the node was last told. */
  private readonly told: Array<Antichain | undefined>;

  /** An intake for `node`. */
  constructor(private readonly node: IntakeOwner) {
    this.waiting = node.inputs.map(() => new Map());
    this.told = node.inputs.map(() => undefined);
  }

  /** True when nothing is stashed. */
  get empty(): boolean {
    return this.slots.size === 0;
  }

  /** True when `port` has batches not handed to the node yet. */
  holds(port: InPort): boolean {
    return (this.waiting[port.index]?.size ?? 0) > 0;
  }

  /** Items stashed from `port` and not handed to the node yet. */
  itemsAt(port: InPort): number {
    let n = 0;
    for (const slot of this.slots.values()) for (const h of slot.held) if (h.port === port) n += h.batch.items.length;
    return n;
  }

  /** Takes every queued batch of every port into the stash. */
  takeIn(): void {
    const node = this.node;
    for (const p of node.inputs) {
      for (const e of p.edges) {
        for (let b = e.queue.shift(); b !== undefined; b = e.queue.shift()) {
          const hold = node.capabilityTimeFor(b.time);
          if (hold !== null) node.countCapability(hold, 1);
          node.countAt(p.loc, b.time, -1);
          this.add({ port: p, batch: b, edge: e.order, seq: this.seq++ });
        }
      }
    }
  }

  /** True when some stashed time is complete. */
  ready(): boolean {
    return this.due(undefined) !== undefined;
  }

  /**
   * The next batch in (time, port, edge, arrival) order among the times every input's frontier has
   * passed (only batches of `only` when given), removed from the stash; undefined when none is due.
   */
  next(only?: InPort): Held | undefined {
    const slot = this.due(only);
    if (slot === undefined) return undefined;
    if (!slot.sorted) {
      slot.held.sort((a, b) => a.port.index - b.port.index || a.edge - b.edge || a.seq - b.seq);
      slot.sorted = true;
    }
    const i = only === undefined ? 0 : slot.held.findIndex((h) => h.port === only);
    const [h] = slot.held.splice(i, 1);
    if (slot.held.length === 0) {
      this.slots.delete(timeKey(slot.time));
      if (typeof slot.time !== "number") this.others--;
    }
    return h;
  }

  /** The node is done handling a batch at `time` from `port`: once none is left there, its frontier (as the node sees it) may move. */
  handled(port: InPort, time: Time): void {
    const w = this.waiting[port.index]!;
    const k = timeKey(time);
    const entry = w.get(k);
    if (entry === undefined) return;
    if (--entry.count === 0) {
      w.delete(k);
      port.frontierPending = true;
    }
  }

  /** The frontier of `port` as the node sees it: held back at the times of batches it has not been handed. */
  frontier(port: InPort): Antichain {
    const real = port.frontier;
    const w = this.waiting[port.index];
    if (w === undefined || w.size === 0) return real;
    const a = Antichain.from(real.elements);
    for (const { time } of w.values()) a.insert(time);
    return a.freeze();
  }

  /** The frontier to tell the node about `port`, or undefined when it is what the node was last told. */
  tell(port: InPort): Antichain | undefined {
    const f = this.frontier(port);
    const before = this.told[port.index];
    if (before !== undefined && before.equals(f)) return undefined;
    this.told[port.index] = f;
    return f;
  }

  /** Empties the stash (the node finished): releases the capabilities held; returns the items dropped. */
  drop(): number {
    let n = 0;
    for (const slot of this.slots.values()) {
      for (const h of slot.held) {
        const hold = this.node.capabilityTimeFor(h.batch.time);
        if (hold !== null) this.node.countCapability(hold, -1);
        n += h.batch.items.length;
      }
    }
    this.slots.clear();
    this.others = 0;
    for (const w of this.waiting) w.clear();
    return n;
  }

  private add(h: Held): void {
    const t = h.batch.time;
    const k = timeKey(t);
    let slot = this.slots.get(k);
    if (slot === undefined) {
      this.slots.set(k, (slot = { time: t, held: [], sorted: true }));
      if (typeof t === "number") this.heap.push(t);
      else this.others++;
    }
    const last = slot.held[slot.held.length - 1];
    if (last !== undefined && (last.port.index > h.port.index || (last.port.index === h.port.index && last.edge > h.edge))) slot.sorted = false;
    slot.held.push(h);
    const w = this.waiting[h.port.index]!;
    const entry = w.get(k);
    if (entry === undefined) w.set(k, { time: t, count: 1 });
    else entry.count++;
  }

  /** True when every input's frontier has passed `t`. */
  private passed(t: Time): boolean {
    for (const p of this.node.inputs) if (p.frontier.lessEqual(t)) return false;
    return true;
  }

  /** The earliest complete slot (with a batch of `only`, when given). */
  private due(only: InPort | undefined): Slot | undefined {
    if (only === undefined) {
      const due = earliestPassed(this.heap, this.slots, (t) => this.passed(t));
      if (due !== undefined) return due;
      if (this.others === 0) return undefined;
    }
    let best: Slot | undefined;
    for (const slot of this.slots.values()) {
      if (only === undefined && typeof slot.time === "number") continue;
      if (only !== undefined && !slot.held.some((h) => h.port === only)) continue;
      if ((best === undefined || compareTimes(slot.time, best.time) < 0) && this.passed(slot.time)) best = slot;
    }
    return best;
  }
}
