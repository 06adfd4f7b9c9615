/**
 * An operator's outgoing items, gathered into batches until `flush`.
 *
 * Consecutive items for the same (output, time, event time) go into one batch; a change of any of
 * them starts a new one. Invariant: `flush` sends everything in the order it was added; the
 * operator must still hold a capability at or before each time when it flushes.
 */
import type { LogicContext } from "../runtime/logic.js";

interface Pending {
  readonly output: number;
  readonly time: number;
  readonly eventTime: number | undefined;
  readonly items: unknown[];
}

/** Items waiting to be sent, by output and time. */
export class Outbox {
  private batches: Pending[] = [];
  private last: Pending | undefined;

  /** Adds `item` for output `output` at `time` (late items: with their `eventTime`). */
  add(output: number, time: number, item: unknown, eventTime?: number): void {
    this.open(output, time, eventTime).items.push(item);
  }

  /** Adds every item of `items`. */
  addAll(output: number, time: number, items: readonly unknown[], eventTime?: number): void {
    const to = this.open(output, time, eventTime).items;
    for (let i = 0; i < items.length; i++) to.push(items[i]);
  }

  /** Sends every batch and starts over. */
  flush(ctx: LogicContext): void {
    const batches = this.batches;
    if (batches.length === 0) return;
    this.batches = [];
    this.last = undefined;
    for (const b of batches) ctx.emit(b.output, b.time, b.items, b.eventTime);
  }

  private open(output: number, time: number, eventTime: number | undefined): Pending {
    const l = this.last;
    if (l !== undefined && l.output === output && l.time === time && l.eventTime === eventTime) return l;
    const p: Pending = { output, time, eventTime, items: [] };
    this.batches.push(p);
    return (this.last = p);
  }
}
