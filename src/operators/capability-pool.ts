/**
 * Capabilities shared by count, one per logical time: what window records hold for panes to come,
 * and what asynchronous calls hold for the results they will send.
 *
 * Invariants: a time's capability is kept while its count is positive, and dropped only by
 * `sweep()`, which the operator calls after it has sent what it buffered, so a pane that released
 * the last hold on its own time can still be sent before the capability goes.
 */
import { timeKey, type Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, RestoreContext } from "../runtime/logic.js";
import { timeFromPlain, timeToPlain, type PlainTime } from "../time/plain-time.js";

interface Held {
  readonly cap: Capability;
  n: number;
}

/** Reference-counted capabilities by time. */
export class CapabilityPool {
  private readonly held = new Map<number | string, Held>();
  private zero: Array<number | string> = [];

  /** Adds a hold at `time` (retaining a capability there on first use; needs one at or before it). */
  acquire(ctx: LogicContext, time: Time): void {
    const k = timeKey(time);
    const h = this.held.get(k);
    if (h !== undefined) h.n++;
    else this.held.set(k, { cap: ctx.retain(time), n: 1 });
  }

  /** Removes a hold at `time`; its capability goes at the next `sweep()` if no hold is left. */
  release(time: Time): void {
    const k = timeKey(time);
    const h = this.held.get(k);
    if (h === undefined) return;
    if (--h.n === 0) this.zero.push(k);
  }

  /** Drops the capabilities no hold needs any more. */
  sweep(): void {
    if (this.zero.length === 0) return;
    const zero = this.zero;
    this.zero = [];
    for (const k of zero) {
      const h = this.held.get(k);
      if (h !== undefined && h.n <= 0) {
        this.held.delete(k);
        h.cap.drop();
      }
    }
  }

  /** Checkpoints: each time held with its number of holds. */
  snapshot(): Array<[PlainTime, number]> {
    return [...this.held.values()].filter((h) => h.n > 0).map((h) => [timeToPlain(h.cap.time), h.n]);
  }

  /** Recovery: takes back the capabilities of the holds `snapshot` gave. */
  restore(ctx: RestoreContext, held: ReadonlyArray<readonly [unknown, number]>): void {
    for (const [t, n] of held) {
      const time = timeFromPlain(t);
      this.held.set(timeKey(time), { cap: ctx.mint(time), n });
    }
  }

  /** Number of times held. */
  get size(): number {
    return this.held.size;
  }
}
