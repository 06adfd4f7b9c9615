/**
 * Input handles: where data enters a graph. An input is also a stream (of its `out` port).
 *
 * `send(items)` adds items at the input's current time (or a later time given explicitly) and
 * resolves when the graph has room for more; `push` is the same without waiting. `advanceTo(t)`
 * promises that no item earlier than `t` will follow; `close()` that nothing will. Calls apply in
 * the order they are made. An array is always a batch of items: to send one item that is itself
 * an array, wrap it (`send([pair])`).
 */
import type { Time } from "../time/order.js";
import type { InputDriver } from "../runtime/drivers/input-driver.js";
import type { ScopeRef } from "./build.js";
import { Stream } from "./stream.js";

/** An input of a graph: send items, advance its time, close it. */
export class InputHandle<T> extends Stream<T> {
  /** The handle over `driver`, a stream of its `out` port. */
  constructor(scope: ScopeRef, private readonly driver: InputDriver) {
    super(scope, `${driver.name}.out`);
  }

  /** The input's name (also its node's name). */
  get name(): string {
    return this.driver.name;
  }

  /** The current time: sends default to it and may not go below it. */
  get time(): Time {
    return this.driver.time;
  }

  /**
   * Items sent so far. For a durable input of a restored run this counts every item sent before the
   * crash too (they were replayed from the store's log), so a producer resumes after them.
   */
  get sent(): number {
    return this.driver.sent;
  }

  /** True after `close()`. */
  get closed(): boolean {
    return this.driver.closed;
  }

  /** Sends one item, or an array of items, at the current time or at `time`; waits under backpressure. */
  send(items: T | readonly T[], time?: Time): Promise<void> {
    return this.driver.send(items, time);
  }

  /** Like `send` but never waits; returns false when the caller should slow down. Nothing is dropped. */
  push(items: T | readonly T[], time?: Time): boolean {
    return this.driver.push(items, time);
  }

  /** Resolves when the input may send more: `if (!input.push(x)) await input.ready()`. */
  ready(): Promise<void> {
    return this.driver.ready();
  }

  /** Moves the current time forward to `time` (monotone): times before it can complete. */
  advanceTo(time: Time): void {
    this.driver.advanceTo(time);
  }

  /** Ends the input. */
  close(): void {
    this.driver.close();
  }

  override toString(): string {
    return `Input(${this.name} @ ${String(this.time)}${this.closed ? ", closed" : ""})`;
  }
}
