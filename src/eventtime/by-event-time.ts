/**
 * Grouping items for emission by event time: on-time items at their event time, late items at the
 * watermark with their own event time kept on the batch.
 *
 * Only consecutive items with the same (time, event time) share a batch, so the items that reach
 * one logical time downstream keep their input order whatever the batches the input was cut into
 * (results of order-sensitive windows, like `every(3)` or `collect`, then do not depend on it).
 * Invariant: every time is at or after the watermark the caller holds, so every send is allowed.
 */
import type { LogicContext } from "../runtime/logic.js";

interface Group {
  readonly at: number;
  readonly eventTime: number | undefined;
  readonly items: unknown[];
}

/** Runs of items by (emission time, event time), until `flush`. */
export class ByEventTime {
  private groups: Group[] = [];
  private last: Group | undefined;

  /**
   * Adds `item` with event time `ts` while the watermark is `w`: at `ts` when `ts >= w` (on time),
   * else at `w` carrying `ts` (late).
   */
  add(item: unknown, ts: number, w: number): void {
    const at = ts >= w ? ts : w;
    const eventTime = ts >= w ? undefined : ts;
    let g = this.last;
    if (g === undefined || g.at !== at || g.eventTime !== eventTime) {
      this.groups.push((g = this.last = { at, eventTime, items: [] }));
    }
    g.items.push(item);
  }

  /** Sends every run on output `output`, in order, and starts over. */
  flush(ctx: LogicContext, output = 0): void {
    const groups = this.groups;
    if (groups.length === 0) return;
    this.groups = [];
    this.last = undefined;
    for (const g of groups) ctx.emit(output, g.at, g.items, g.eventTime);
  }
}
