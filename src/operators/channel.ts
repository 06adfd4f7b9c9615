/**
 * Output channels: read a stream from outside the graph with `for await`.
 *
 * The channel's node does not take anything by itself: the reader pulls, so an unread channel
 * holds its upstream back (backpressure) instead of buffering without bound. Iteration ends when
 * the graph can send nothing more here, or when the run stops.
 */
import type { Batch } from "../runtime/batch.js";
import type { Dataflow } from "../runtime/dataflow.js";
import { GraphError } from "../runtime/failure.js";
import type { Activation, NodeRuntime } from "../runtime/node.js";
import type { InPort } from "../runtime/topology/ports.js";

/** An async-iterable view of a stream's items that ends when the graph ends. */
export class OutputChannel<T> implements AsyncIterable<T> {
  private reading = false;
  private cur: Activation | undefined;

  /** A channel reading `port` of `df`. */
  constructor(private readonly df: Dataflow, private readonly port: InPort<NodeRuntime>) {}

  /** The items, one at a time. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const b of this.batches()) yield* b.items;
  }

  /** The batches, as `{ time, items }`. */
  batches(): AsyncIterable<Batch<T>> {
    if (this.reading) throw new GraphError(`the output channel at ${this.port.id} is already being read; make another channel() for a second reader`);
    this.reading = true;
    const next = (): Promise<IteratorResult<Batch<T>>> => this.read().then((b) => (b === undefined ? { done: true, value: undefined } : { done: false, value: b as Batch<T> }));
    const stop = async (): Promise<IteratorResult<Batch<T>>> => {
      this.release();
      if (this.port.node.state === "running") this.port.node.finish();
      return { done: true, value: undefined };
    };
    return { [Symbol.asyncIterator]: () => ({ next, return: stop }) };
  }

  private release(): void {
    if (this.cur !== undefined) this.port.node.end(this.cur);
    this.cur = undefined;
  }

  private async read(): Promise<Batch | undefined> {
    const port = this.port;
    const node = port.node;
    this.release();
    for (;;) {
      if (this.df.stopped || node.state === "finished" || node.state === "removed") return undefined;
      const b = port.takeNext();
      if (b !== undefined) {
        this.cur = node.begin(port, b);
        return b;
      }
      port.frontierPending = false;
      if (this.df.status !== "idle" && port.finished()) {
        node.finish();
        return undefined;
      }
      await port.signal.wait();
    }
  }
}
