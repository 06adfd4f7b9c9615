/**
 * Grouping items for emission by event time: on-time items at their event time, late items at the
 * watermark with their own event time kept on the batch.
 *
 * Invariant: `flush` sends one batch per distinct (time, event time) pair, in the order the pairs
 * first appeared, each item in the order it was added; every time is at or after the watermark the
 * caller holds, so every send is allowed.
 */
import type { LogicContext } from "../runtime/logic.js";

interface Group {
  readonly at: number;
  readonly eventTime: number | undefined;
  items: unknown[];
}

/** Items gathered by (emission time, event time) until `flush`. */
export class ByEventTime {
  private groups: Group[] = [];
  private readonly onTime = new Map<number, Group>();
  private readonly late = new Map<string, Group>();
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
      g = eventTime === undefined ? this.onTime.get(at) : this.late.get(`${at}:${eventTime}`);
      if (g === undefined) {
        g = { at, eventTime, items: [] };
        this.groups.push(g);
        if (eventTime === undefined) this.onTime.set(at, g);
        else this.late.set(`${at}:${eventTime}`, g);
      }
      this.last = g;
    }
    g.items.push(item);
  }

  /** Sends every group on output `output` and starts over. */
  flush(ctx: LogicContext, output = 0): void {
    const groups = this.groups;
    if (groups.length === 0) return;
    this.groups = [];
    this.onTime.clear();
    this.late.clear();
    this.last = undefined;
    for (const g of groups) ctx.emit(output, g.at, g.items, g.eventTime);
  }
}
