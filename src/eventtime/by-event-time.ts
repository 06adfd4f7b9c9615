/**
 * Grouping items for emission by event time: on-time items at their event time, late items at the
 * watermark with their own event time kept on the batch.
 *
 * Items are grouped by the logical time they go out at; within one time, consecutive items with
 * the same event time share a batch. So the items that reach one logical time downstream keep
 * their input order whatever batches the input was cut into (order-sensitive windows, like
 * `every(3)` or `collect`, then give the same results), and disordered input still makes few
 * batches. Invariant: every time is at or after the watermark the caller holds, so every send is
 * allowed.
 */
import type { LogicContext } from "../runtime/logic.js";

interface Run {
  readonly eventTime: number | undefined;
  readonly items: unknown[];
}

interface Group {
  readonly at: number;
  readonly runs: Run[];
  last: Run;
}

/** Items by (emission time, event time), until `flush`. */
export class ByEventTime {
  private readonly groups = new Map<number, Group>();
  private last: Group | undefined;

  /**
   * Adds `item` with event time `ts` while the watermark is `w`: at `ts` when `ts >= w` (on time),
   * else at `w` carrying `ts` (late).
   */
  add(item: unknown, ts: number, w: number): void {
    const onTime = ts >= w;
    const at = onTime ? ts : w;
    const eventTime = onTime ? undefined : ts;
    let g = this.last;
    if (g === undefined || g.at !== at) {
      g = this.groups.get(at);
      if (g === undefined) {
        const run: Run = { eventTime, items: [] };
        this.groups.set(at, (g = { at, runs: [run], last: run }));
      }
      this.last = g;
    }
    let run = g.last;
    if (run.eventTime !== eventTime) g.runs.push((run = g.last = { eventTime, items: [] }));
    run.items.push(item);
  }

  /** Sends every batch on output `output` (times in order of first appearance) and starts over. */
  flush(ctx: LogicContext, output = 0): void {
    if (this.groups.size === 0) return;
    const groups = [...this.groups.values()];
    this.groups.clear();
    this.last = undefined;
    for (const g of groups) for (const r of g.runs) ctx.emit(output, g.at, r.items, r.eventTime);
  }
}
