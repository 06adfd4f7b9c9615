/**
 * The per-time stash of a stateful operator: a value for each time that has not completed yet,
 * and the capability that lets the operator send at that time once it has.
 *
 * Invariants: while a time has a slot, the operator holds a capability at that time, so no
 * frontier downstream passes it. `ready(passed, handle)` hands over the slots whose time `passed`
 * says is complete (no more data at it can arrive), earliest first in the total order of times,
 * and drops each capability after its slot was handled. A slot added while another is handled
 * (at that time or later) is handed over in the same call when `passed` says it is complete. This
 * is how an operator acts on a time only once the frontier has passed it, whatever the scheduling.
 * Integer times are kept in a heap, so finding the due slots costs O(log n) each; for integer
 * times `passed` must be downward closed (a time is complete only when every earlier one is),
 * which every frontier test `t => !frontier.lessEqual(t)` is.
 */
import { compareTimes, formatTime, timeKey, type Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, RestoreContext } from "../runtime/logic.js";
import { earliestPassed, NumberHeap } from "../time/heap.js";

interface Slot<S> {
  readonly time: Time;
  readonly cap: Capability;
  value: S;
}

/** Values per incomplete time, with their capabilities. */
export class TimeStash<S> {
  private readonly byTime = new Map<number | string, Slot<S>>();
  /** The integer times of slots (entries whose slot is gone are skipped). */
  private readonly heap = new NumberHeap();

  /** The value stashed at `time`, made with `init()` (and a capability kept) on first use. */
  at(ctx: LogicContext, time: Time, init: () => S): S {
    const k = timeKey(time);
    let slot = this.byTime.get(k);
    if (slot === undefined) {
      this.byTime.set(k, (slot = { time, cap: ctx.retain(time), value: init() }));
      if (typeof time === "number") this.heap.push(time);
    }
    return slot.value;
  }

  /** Handles every slot whose time `passed` says is complete, earliest first, then drops its capability. */
  ready(passed: (t: Time) => boolean, handle: (time: Time, value: S, cap: Capability) => void): void {
    for (let slot = this.nextDue(passed); slot !== undefined; slot = this.nextDue(passed)) {
      this.byTime.delete(timeKey(slot.time));
      try {
        handle(slot.time, slot.value, slot.cap);
      } finally {
        slot.cap.drop();
      }
    }
  }

  /** The earliest slot whose time is complete, if any. */
  private nextDue(passed: (t: Time) => boolean): Slot<S> | undefined {
    const heap = this.heap;
    const due = earliestPassed(heap, this.byTime, passed);
    if (due !== undefined) return due;
    if (this.byTime.size <= heap.size) return undefined;
    let best: Slot<S> | undefined;
    for (const slot of this.byTime.values()) {
      if (typeof slot.time !== "number" && passed(slot.time) && (best === undefined || compareTimes(slot.time, best.time) < 0)) best = slot;
    }
    return best;
  }

  /** The value stashed at `time`, if any (made by nothing). */
  peek(time: Time): S | undefined {
    return this.byTime.get(timeKey(time))?.value;
  }

  /** Every slot as `[time, value]`, earliest first (values as kept: the caller copies what it must). */
  slots(): Array<[Time, S]> {
    return [...this.byTime.values()].sort((a, b) => compareTimes(a.time, b.time)).map((s) => [s.time, s.value]);
  }

  /** Recovery: puts back a slot at `time` with `value`, taking back its capability through `ctx`. */
  restoreSlot(ctx: RestoreContext, time: Time, value: S): void {
    const k = timeKey(time);
    if (this.byTime.has(k)) throw new Error(`node "${ctx.name}": a checkpoint holds time ${formatTime(time)} twice`);
    this.byTime.set(k, { time, cap: ctx.mint(time), value });
    if (typeof time === "number") this.heap.push(time);
  }

  /** Number of incomplete times. */
  get size(): number {
    return this.byTime.size;
  }

  /** The incomplete times, earliest first. */
  times(): Time[] {
    return [...this.byTime.values()].map((s) => s.time).sort(compareTimes);
  }
}
