/**
 * The per-time stash of a stateful operator: a value for each time that has not completed yet,
 * and the capability that lets the operator send at that time once it has.
 *
 * Invariants: while a time has a slot, the operator holds a capability at that time, so no
 * frontier downstream passes it. `ready(passed, handle)` hands over the slots whose time `passed`
 * says is complete (no more data at it can arrive), earliest first in the total order of times,
 * and drops each capability after its slot was handled. This is how an operator acts on a time
 * only once the frontier has passed it, whatever the scheduling.
 */
import { compareTimes, timeKey, type Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext } from "../runtime/logic.js";

interface Slot<S> {
  readonly time: Time;
  readonly cap: Capability;
  value: S;
}

/** Values per incomplete time, with their capabilities. */
export class TimeStash<S> {
  private readonly slots = new Map<number | string, Slot<S>>();

  /** The value stashed at `time`, made with `init()` (and a capability kept) on first use. */
  at(ctx: LogicContext, time: Time, init: () => S): S {
    const k = timeKey(time);
    let slot = this.slots.get(k);
    if (slot === undefined) this.slots.set(k, (slot = { time, cap: ctx.retain(time), value: init() }));
    return slot.value;
  }

  /** Handles every slot whose time `passed` says is complete, earliest first, then drops its capability. */
  ready(passed: (t: Time) => boolean, handle: (time: Time, value: S, cap: Capability) => void): void {
    if (this.slots.size === 0) return;
    const due: Slot<S>[] = [];
    for (const slot of this.slots.values()) if (passed(slot.time)) due.push(slot);
    if (due.length === 0) return;
    due.sort((a, b) => compareTimes(a.time, b.time));
    for (const slot of due) {
      this.slots.delete(timeKey(slot.time));
      try {
        handle(slot.time, slot.value, slot.cap);
      } finally {
        slot.cap.drop();
      }
    }
  }

  /** Number of incomplete times. */
  get size(): number {
    return this.slots.size;
  }

  /** The incomplete times, earliest first. */
  times(): Time[] {
    return [...this.slots.values()].map((s) => s.time).sort(compareTimes);
  }
}
