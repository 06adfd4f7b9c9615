/**
 * Fusion: adjacent per-item operators (map, filter, filterMap, flatMap, inspect) that would each be
 * handed a batch in turn run as one item loop over it, with the same counts, failures and sends
 * as if each had run alone. A chain forms only where running it at once changes nothing any node
 * sees (see `directNext` and `sequentialNext`), never under a monitor that records every batch,
 * and never in a chaotic run.
 */
import type { Batch } from "./batch.js";
import { chainRunner, type ChainRun } from "./item-loops.js";
import type { Time } from "../time/order.js";
import type { ItemLoop } from "./item-loops.js";
import type { NodeStats } from "./node-spec.js";
import type { InPort, OutPort, PortOwner } from "./topology/ports.js";

/** How many per-item operators at most run as one loop. */
const MAX_FUSED = 8;

/** What fusion uses of a node (the runtime's node, seen from here). */
export interface FusibleNode<N extends FusibleNode<N>> extends PortOwner {
  /** Input ports. */
  readonly inputs: ReadonlyArray<InPort<N>>;
  /** Output ports (`0` is the data output). */
  readonly outputs: ReadonlyArray<OutPort<N>>;
  /** The per-item loop, for a per-item operator. */
  readonly itemLoop: ItemLoop | undefined;
  /** The last chain it started as head. */
  fused: FusedRun<N> | undefined;
  /** Counters. */
  readonly stats: NodeStats;
  /** Lifecycle. */
  readonly state: string;
  /** Its place in the sequential scheduler's order. */
  readonly rank: number;
  /** Starts handling data at `time` from `port`. */
  enter(port: InPort<N>, time: Time, eventTime?: Time): unknown;
  /** Ends an activation `enter` started. */
  end(act: unknown, counted?: boolean): void;
  /** Reports that `item` failed at `time`. */
  fail(time: Time, error: unknown, item?: unknown): void;
  /** Sends `items` at `time` on `port`. */
  sendOn(port: OutPort<N>, time: Time, items: unknown[], eventTime?: Time): void;
}

/** The last fused chain a node started, with its compiled loop and per-stage counts. */
export interface FusedRun<N = unknown> {
  /** The nodes, head first. */
  readonly chain: readonly N[];
  /** The loop over their per-item functions. */
  readonly run: ChainRun;
  /** Items in and out per stage, filled by each run. */
  readonly counts: number[];
}

/**
 * `head` and the per-item operators after it that `follows` says may run in the same loop.
 * Nothing fuses while a monitor records every batch consumed or sent (it must see each stage),
 * nor in a chaotic run (so that it schedules the same with or without such a monitor).
 */
export function fusedChain<N extends FusibleNode<N>>(head: N, follows: (next: N, prev: N) => boolean): N[] {
  const chain: N[] = [head];
  const m = head.host.monitor;
  if ((m !== undefined && (m.emitted !== undefined || m.consumed !== undefined)) || head.host.chaos !== undefined) return chain;
  for (let node: N = head; chain.length < MAX_FUSED; ) {
    const edges = node.outputs[0]!.edges;
    if (edges.length !== 1) break;
    const to = edges[0]!.to;
    const next = to.node;
    if (to.discard || next.itemLoop === undefined || chain.includes(next) || !follows(next, node)) break;
    chain.push(next);
    node = next;
  }
  return chain;
}

/**
 * Runs a batch through a chain of per-item operators in one loop, then sends the result on.
 * `counted`: the batch counts at the head's input port (it was queued), until the loop is done.
 */
export function runFused<N extends FusibleNode<N>>(chain: readonly N[], port: InPort<N>, batch: Batch, counted: boolean): void {
  const head = chain[0]!;
  const time = batch.time;
  let run = head.fused;
  if (run === undefined || run.chain.length !== chain.length || run.chain.some((n, k) => n !== chain[k])) {
    head.fused = run = { chain, run: chainRunner(chain.map((n) => n.itemLoop!)), counts: new Array<number>(chain.length * 2).fill(0) };
  }
  const acts = chain.map((n, k) => n.enter(k === 0 ? port : chain[k - 1]!.outputs[0]!.edges[0]!.to, time, batch.eventTime));
  const out = run.run(batch.items, time, run.counts, (k, e, item) => chain[k]!.fail(time, e, item));
  const last = chain.length - 1;
  chain.forEach((n, k) => {
    const got = run.counts[2 * k]!;
    const sent = run.counts[2 * k + 1]!;
    n.stats.itemsIn += got;
    if (got > 0) n.stats.batchesIn++;
    if (k < last && sent > 0) {
      n.stats.itemsOut += sent;
      n.stats.batchesOut++;
    }
  });
  try {
    // A stage's failure may have ended the run (nobody consumes its error port): then nothing goes on.
    if (!head.host.stopped) chain[last]!.sendOn(chain[last]!.outputs[0]!, time, out, batch.eventTime);
  } finally {
    for (let k = last; k >= 0; k--) chain[k]!.end(acts[k]!, k === 0 && counted);
  }
}

/** The next per-item operator fuses when it would be handed the batch directly. */
export function directNext<N extends FusibleNode<N>>(next: N, prev: N): boolean {
  return next.acceptsDirect(prev);
}

/**
 * Deterministic mode: the next per-item operator fuses when running it right now changes nothing
 * any node sees. It reads only this one edge, has nothing queued (so in the pass it would handle
 * exactly what the loop hands it, in the same order), and comes later in the scheduler's order
 * (so it would run in this very pass). The nodes the pass visits in between are not downstream of
 * the chain, so their inputs do not change; only the interleaving of the per-item functions' calls
 * does, item by item, as when concurrent mode fuses.
 */
export function sequentialNext<N extends FusibleNode<N>>(next: N, prev?: N): boolean {
  if (next.state !== "running" || (prev !== undefined && next.rank <= prev.rank) || next.inputs.length !== 1) return false;
  const p = next.inputs[0]!;
  return p.edges.length === 1 && !p.hasData();
}
