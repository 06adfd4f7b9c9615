/**
 * Keeps long runs from starving the event loop.
 *
 * Node tasks hand work to each other through promises, which run as microtasks: left alone, a
 * busy graph would never let timers, keyboard input or display updates run. Every task calls
 * `check()` between batches; once a time slice has passed it returns a promise that resolves on
 * the next macrotask turn (`setImmediate`), shared by every task that asks meanwhile.
 */
import { performance } from "node:perf_hooks";

/** Hands the event loop a turn every `sliceMs` milliseconds of work. */
export class Yielder {
  private last = performance.now();
  private calls = 0;
  private pending: Promise<void> | undefined;
  private handle: ReturnType<typeof setImmediate> | undefined;
  private wake: (() => void) | undefined;
  /** Turns handed to the event loop so far. */
  yields = 0;

  /** A yielder with the given time slice. */
  constructor(private readonly sliceMs = 2) {}

  /** Undefined while the slice lasts; then a promise for the next event-loop turn. */
  check(): Promise<void> | undefined {
    if (this.pending !== undefined) return this.pending;
    if ((++this.calls & 31) !== 0) return undefined;
    if (performance.now() - this.last < this.sliceMs) return undefined;
    return this.turn();
  }

  /** A promise for the next event-loop turn (shared). */
  turn(): Promise<void> {
    if (this.pending === undefined) {
      this.pending = new Promise<void>((resolve) => {
        this.wake = resolve;
        this.handle = setImmediate(() => this.resume());
      });
    }
    return this.pending;
  }

  /** Resolves any pending turn now and cancels its timer. */
  cancel(): void {
    if (this.handle !== undefined) clearImmediate(this.handle);
    if (this.pending !== undefined) this.resume();
  }

  private resume(): void {
    const w = this.wake;
    this.pending = this.wake = this.handle = undefined;
    this.last = performance.now();
    this.yields++;
    w?.();
  }
}
