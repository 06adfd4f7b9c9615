/**
 * Per-time groups: the accumulators a per-time operator keeps for each (time, group) until the
 * time completes, with the capability to send at that time.
 *
 * The accumulators live in the operator's {@link NodeState} (under `["g", time, group]`, with the
 * groups of each time, in first-seen order, under `["k", time]`); a {@link TimeStash} holds one
 * capability per time that has any. `ready` hands over every time that no input of the node can
 * still send data at (`!frontier.lessEqual(t)` on every input), earliest first, with its groups,
 * removes them from the state and then drops the capability.
 */
import { timeKey, type Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext } from "../runtime/logic.js";
import type { NodeState } from "./node-state.js";
import { TimeStash } from "./stash.js";

interface Box<A> {
  acc: A;
}

/** Accumulators per (time, group) for times that have not completed yet. */
export class TimeGroups<A> {
  private readonly stash = new TimeStash<Time>();

  /** Groups kept in `state`, complete once all `inputs` input ports have passed their time. */
  constructor(private readonly state: NodeState, private readonly inputs = 1) {}

  /** Sets `group`'s accumulator at `time` to `first()` if it has none yet, else to `next(acc)`. */
  update(ctx: LogicContext, time: Time, group: unknown, first: () => A, next: (acc: A) => A): void {
    const tk = timeKey(time);
    const key = ["g", tk, group];
    const box = this.state.get<Box<A>>(key);
    if (box !== undefined) {
      this.state.set(key, { acc: next(box.acc) });
      return;
    }
    const acc = first();
    this.stash.at(ctx, time, () => time);
    const groups = this.state.get<unknown[]>(["k", tk]) ?? [];
    groups.push(group);
    this.state.set(["k", tk], groups);
    this.state.set(key, { acc });
  }

  /** True when no input can still send data at `time`. */
  complete(ctx: LogicContext, time: Time): boolean {
    for (let p = 0; p < this.inputs; p++) if (ctx.frontier(p).lessEqual(time)) return false;
    return true;
  }

  /** Hands over each completed time's groups, earliest first, and then drops its capability. */
  ready(ctx: LogicContext, handle: (time: Time, groups: Array<[group: unknown, acc: A]>, cap: Capability) => void): void {
    this.stash.ready((t) => this.complete(ctx, t), (time, _t, cap) => handle(time, this.take(time), cap));
  }

  /** Forgets every pending time and drops its capability. */
  clear(): void {
    this.stash.ready(() => true, (time) => void this.take(time));
  }

  /** Number of pending times. */
  get size(): number {
    return this.stash.size;
  }

  private take(time: Time): Array<[unknown, A]> {
    const tk = timeKey(time);
    const groups = this.state.get<unknown[]>(["k", tk]) ?? [];
    const out: Array<[unknown, A]> = [];
    for (const g of groups) {
      const key = ["g", tk, g];
      out.push([g, this.state.get<Box<A>>(key)!.acc]);
      this.state.delete(key);
    }
    this.state.delete(["k", tk]);
    return out;
  }
}
