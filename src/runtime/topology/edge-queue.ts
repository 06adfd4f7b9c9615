/**
 * The bounded queue of batches on one edge.
 *
 * Invariants: nothing pushed is ever lost; batches leave in the order they came (except that the
 * deterministic scheduler may take a later one first, by time); `full` holds while the queued
 * item count is at or above capacity, and senders wait for `room()` before sending more, so
 * memory is bounded by capacity plus one batch per sender. A single batch larger than the
 * capacity is still accepted.
 */
import type { Batch } from "../batch.js";
import { Signal } from "../scheduling/signal.js";

let arrivals = 0;

/** A FIFO of batches (a growable ring) with an item-count bound. */
export class EdgeQueue {
  private buf: Array<Batch | undefined> = new Array(8);
  private seqs: number[] = new Array(8).fill(0);
  private head = 0;
  private count = 0;
  private readonly roomSignal = new Signal();
  /** Items currently queued. */
  items = 0;

  /** A queue that reports `full` at `capacity` queued items (chaotic runs pick capacities at random). */
  constructor(public capacity: number) {}

  /** Appends a batch (never refuses). */
  push(b: Batch): void {
    if (this.count === this.buf.length) this.grow();
    const i = (this.head + this.count) & (this.buf.length - 1);
    this.buf[i] = b;
    this.seqs[i] = arrivals++;
    this.count++;
    this.items += b.items.length;
  }

  /** Removes and returns the oldest batch. */
  shift(): Batch | undefined {
    if (this.count === 0) return undefined;
    const b = this.buf[this.head]!;
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.count--;
    this.taken(b);
    return b;
  }

  /** Removes and returns the batch at position `k` from the oldest (see `scan`). */
  take(k: number): Batch | undefined {
    if (k === 0) return this.shift();
    if (k >= this.count) return undefined;
    const mask = this.buf.length - 1;
    const b = this.buf[(this.head + k) & mask]!;
    for (let j = k; j < this.count - 1; j++) {
      const from = (this.head + j + 1) & mask;
      const to = (this.head + j) & mask;
      this.buf[to] = this.buf[from];
      this.seqs[to] = this.seqs[from]!;
    }
    this.buf[(this.head + this.count - 1) & mask] = undefined;
    this.count--;
    this.taken(b);
    return b;
  }

  /** Calls `f(batch, arrivalSeq, position)` for every queued batch, oldest first. */
  scan(f: (b: Batch, seq: number, pos: number) => void): void {
    const mask = this.buf.length - 1;
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & mask;
      f(this.buf[i]!, this.seqs[i]!, k);
    }
  }

  /** Every queued batch, oldest first, removing them. */
  drain(): Batch[] {
    const out: Batch[] = [];
    for (let b = this.shift(); b !== undefined; b = this.shift()) out.push(b);
    this.roomSignal.notify();
    return out;
  }

  /** Number of queued batches. */
  get length(): number {
    return this.count;
  }

  /** True while the queued items reach the capacity. */
  get full(): boolean {
    return this.items >= this.capacity;
  }

  /** Resolves when the queue drops below capacity (or at once if it is). */
  room(): Promise<void> {
    return this.full ? this.roomSignal.wait() : Promise.resolve();
  }

  /** Wakes senders waiting for room (used when a run stops). */
  release(): void {
    this.roomSignal.notify();
  }

  private taken(b: Batch): void {
    const wasFull = this.items >= this.capacity;
    this.items -= b.items.length;
    if (wasFull && this.items < this.capacity) this.roomSignal.notify();
  }

  private grow(): void {
    const n = this.buf.length;
    const buf = new Array<Batch | undefined>(n * 2);
    const seqs = new Array<number>(n * 2).fill(0);
    for (let k = 0; k < this.count; k++) {
      buf[k] = this.buf[(this.head + k) & (n - 1)];
      seqs[k] = this.seqs[(this.head + k) & (n - 1)]!;
    }
    this.buf = buf;
    this.seqs = seqs;
    this.head = 0;
  }
}
