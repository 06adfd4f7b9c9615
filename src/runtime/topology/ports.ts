/**
 * Ports and edges: where batches enter and leave nodes.
 *
 * Invariants: a batch sent on an output is copied to every edge of it (fan-out broadcasts) and
 * counted as a pointstamp at each edge's target before it is queued; an input port reads every
 * edge into it (fan-in merges). A port whose node has finished drops arrivals instead of queueing
 * them, so frontiers keep moving.
 */
import type { Antichain } from "../../time/antichain.js";
import { compareTimes, type Time } from "../../time/order.js";
import type { ProgressTracker } from "../../progress/tracker.js";
import type { Batch } from "../batch.js";
import type { EdgeQueue } from "./edge-queue.js";
import type { Chaos } from "../scheduling/chaos.js";
import { Signal } from "../scheduling/signal.js";
import type { Monitor } from "../monitor.js";

/** What a port needs from the node it belongs to. */
export interface PortOwner {
  /** The node's name. */
  readonly name: string;
  /** The dataflow's services. */
  readonly host: { readonly tracker: ProgressTracker; readonly stopped: boolean; readonly monitor: Monitor | undefined; readonly chaos: Chaos | undefined; frontierAt(loc: number): Antichain };
  /** Counters the ports keep up to date. */
  readonly stats: { itemsOut: number; batchesOut: number; dropped: number };
  /** Wakes the node's driver. */
  poke(): void;
  /** True when a batch from `from` may be handled at once, inside the sender's call. */
  acceptsDirect(from: PortOwner): boolean;
  /** True when the node only reads a batch's array while handling it (keeps and changes nothing). */
  readonly readsOnly: boolean;
  /** Handles a batch inside the sender's call. */
  dispatch(port: InPort, batch: Batch): void;
}

/** A connection from an output port to an input port, with its queue. */
export interface Edge<N extends PortOwner = PortOwner> {
  /** Where batches come from. */
  readonly from: OutPort<N>;
  /** Where batches go. */
  readonly to: InPort<N>;
  /** The queue between them. */
  readonly queue: EdgeQueue;
  /** The edge's place in connection order (logical-time mode orders a port's edges by it). */
  readonly order: number;
}

/** A queued batch found by an ordered scan, with where it is. */
export interface Found {
  batch: Batch;
  seq: number;
  queue: EdgeQueue;
  pos: number;
}

/** A node's input port. */
export class InPort<N extends PortOwner = PortOwner> {
  /** Every edge into this port. */
  readonly edges: Array<Edge<N>> = [];
  /** True once any edge was connected (a port that lost all its edges is closed, not open). */
  everConnected = false;
  /** A frontier change the node has not seen yet. */
  frontierPending = false;
  /** The node has finished: arrivals are dropped. */
  discard = false;
  /** Wakes a task waiting on this port. */
  readonly signal = new Signal();
  /** Called after this port's frontier changed (probes listen here). */
  onFrontier: (() => void) | undefined;
  private roundRobin = 0;

  /** `node.port` (made once: monitors are handed it with every batch). */
  readonly id: string;

  /** A port `name` (number `index`) of `node`, tracked at location `loc`. */
  constructor(readonly node: N, readonly name: string, readonly index: number, readonly loc: number) {
    this.id = `${node.name}.${name}`;
  }

  /** The port's frontier as of the last flush. */
  get frontier(): Antichain {
    return this.node.host.frontierAt(this.loc);
  }

  /** True when some edge has a queued batch. */
  hasData(): boolean {
    for (const e of this.edges) if (e.queue.length > 0) return true;
    return false;
  }

  /** Queued items over all edges. */
  queuedItems(): number {
    let n = 0;
    for (const e of this.edges) n += e.queue.items;
    return n;
  }

  /** True when nothing more will ever be read here. */
  finished(): boolean {
    return !this.frontierPending && !this.hasData() && this.frontier.isEmpty;
  }

  /** Takes the next batch, visiting edges in turn. */
  takeNext(): Batch | undefined {
    const es = this.edges;
    const n = es.length;
    if (n === 1) return es[0]!.queue.shift();
    const chaos = this.node.host.chaos;
    if (chaos !== undefined) this.roundRobin = chaos.pick(n);
    for (let k = 0; k < n; k++) {
      const i = (this.roundRobin + k) % n;
      const b = es[i]!.queue.shift();
      if (b !== undefined) {
        this.roundRobin = (i + 1) % n;
        return b;
      }
    }
    return undefined;
  }

  /** The queued batch first in (time, arrival) order, compared against `best` (`pos` counts from the oldest). */
  findFirst(best: Found | undefined): Found | undefined {
    for (const e of this.edges) {
      e.queue.scan((batch, seq, pos) => {
        if (best === undefined || earlier(batch.time, seq, best.batch.time, best.seq)) best = { batch, seq, queue: e.queue, pos };
      });
    }
    return best;
  }

  /** Records a new arrival and wakes whoever waits for it. */
  arrived(): void {
    this.signal.notify();
    this.node.poke();
  }

  /** Records a frontier change and wakes whoever waits for it. */
  frontierChanged(): void {
    this.frontierPending = true;
    this.signal.notify();
    this.onFrontier?.();
    this.node.poke();
  }
}

/** How deep senders may call into receivers directly before batches queue instead. */
const MAX_DIRECT_DEPTH = 24;
let depth = 0;

function earlier(t1: Time, s1: number, t2: Time, s2: number): boolean {
  const c = compareTimes(t1, t2);
  return c < 0 || (c === 0 && s1 < s2);
}

/** A node's output port. */
export class OutPort<N extends PortOwner = PortOwner> {
  /** Every edge out of this port. */
  readonly edges: Array<Edge<N>> = [];

  /** `node.port` (made once: monitors are handed it with every batch). */
  readonly id: string;

  /** A port `name` (number `index`) of `node`, tracked at location `loc`. */
  constructor(readonly node: N, readonly name: string, readonly index: number, readonly loc: number) {
    this.id = `${node.name}.${name}`;
  }

  /**
   * Sends `items` at `time` down every edge (the caller has checked the capability); failures
   * sent on `error` are counted as failures, not items out. A per-item operator handed the batch
   * directly only reads the array during the call, so it gets `items` itself; every other receiver
   * gets an array of its own: `items` for the last edge unless the array is `borrowed` (its owner
   * keeps using it after this call), a copy otherwise.
   */
  send(time: Time, items: unknown[], borrowed = false, eventTime?: Time): void {
    const n = items.length;
    if (n === 0) return;
    const node = this.node;
    node.host.monitor?.emitted?.(this.id, time, items);
    if (this.name !== "error") {
      node.stats.itemsOut += n;
      node.stats.batchesOut++;
    }
    const es = this.edges;
    const last = es.length - 1;
    const tracker = node.host.tracker;
    for (let i = 0; i <= last; i++) {
      const e = es[i]!;
      const to = e.to;
      if (to.discard) {
        to.node.stats.dropped += n;
        continue;
      }
      node.host.monitor?.sent(this.id, to.id, time, n);
      const direct = depth < MAX_DIRECT_DEPTH && to.node.acceptsDirect(node);
      const own = (direct && to.node.readsOnly) || (i === last && !borrowed) ? items : items.slice();
      const batch: Batch = eventTime === undefined ? { time, items: own } : { time, items: own, eventTime };
      if (direct) {
        depth++;
        try {
          to.node.dispatch(to, batch);
        } finally {
          depth--;
        }
        continue;
      }
      tracker.update(to.loc, time, 1);
      e.queue.push(batch);
      to.arrived();
    }
  }

  /** Resolves once every edge queue behind this port has room (or the run stopped). */
  async waitForRoom(): Promise<void> {
    for (let c = this.fullQueue(); c !== undefined && !this.node.host.stopped; c = this.fullQueue()) await c.room();
  }

  /** The first edge whose queue is full, if any. */
  fullQueue(): EdgeQueue | undefined {
    for (const e of this.edges) if (e.queue.full && !e.to.discard) return e.queue;
    return undefined;
  }
}
