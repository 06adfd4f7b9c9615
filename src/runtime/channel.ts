/**
 * The bounded queue of batches on one edge.
 *
 * Invariants: nothing pushed is ever lost; batches leave in the order they came; `full` holds while
 * the queued item count is at or above capacity, and senders wait for `room()` before sending more,
 * so memory is bounded by capacity plus one batch per sender. A single batch larger than the
 * capacity is still accepted.
 */
import type { Batch } from "./batch.js";
import { Signal } from "./signal.js";

let arrivals = 0;

/** A FIFO of batches with an item-count bound. */
export class Channel {
  private buf: Batch[] = [];
  private seqs: number[] = [];
  private head = 0;
  private readonly roomSignal = new Signal();
  /** Items currently queued. */
  items = 0;

  /** A channel that reports `full` at `capacity` queued items. */
  constructor(readonly capacity: number) {}

  /** Appends a batch (never refuses). */
  push(b: Batch): void {
    this.buf.push(b);
    this.seqs.push(arrivals++);
    this.items += b.items.length;
  }

  /** Removes and returns the oldest batch. */
  shift(): Batch | undefined {
    return this.take(this.head);
  }

  /** Removes and returns the batch at absolute position `i` (see `scan`). */
  take(i: number): Batch | undefined {
    if (i >= this.buf.length) return undefined;
    const b = this.buf[i]!;
    if (i === this.head) {
      this.head++;
      if (this.head === this.buf.length) {
        this.buf.length = this.seqs.length = this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= this.buf.length) {
        this.buf = this.buf.slice(this.head);
        this.seqs = this.seqs.slice(this.head);
        this.head = 0;
      }
    } else {
      this.buf.splice(i, 1);
      this.seqs.splice(i, 1);
    }
    const wasFull = this.items >= this.capacity;
    this.items -= b.items.length;
    if (wasFull && this.items < this.capacity) this.roomSignal.notify();
    return b;
  }

  /** Calls `f(batch, arrivalSeq, position)` for every queued batch, oldest first. */
  scan(f: (b: Batch, seq: number, pos: number) => void): void {
    for (let i = this.head; i < this.buf.length; i++) f(this.buf[i]!, this.seqs[i]!, i);
  }

  /** Every queued batch, oldest first, removing them. */
  drain(): Batch[] {
    const out = this.buf.slice(this.head);
    this.buf = [];
    this.seqs = [];
    this.head = 0;
    this.items = 0;
    this.roomSignal.notify();
    return out;
  }

  /** Number of queued batches. */
  get length(): number {
    return this.buf.length - this.head;
  }

  /** True while the queued items reach the capacity. */
  get full(): boolean {
    return this.items >= this.capacity;
  }

  /** Resolves when the channel drops below capacity (or at once if it is). */
  room(): Promise<void> {
    return this.full ? this.roomSignal.wait() : Promise.resolve();
  }

  /** Wakes senders waiting for room (used when a run stops). */
  release(): void {
    this.roomSignal.notify();
  }
}
