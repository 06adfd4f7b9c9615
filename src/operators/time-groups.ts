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
import { timeFromPlain, timeToPlain, type PlainTime } from "../time/plain-time.js";
import { stateKey } from "../state/keyed-state.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, RestoreContext } from "../runtime/logic.js";
import type { NodeState } from "./node-state.js";
import { TimeStash } from "./stash.js";

interface Box<A> {
  acc: A;
}

/** How a batch folds into per-group accumulators. */
export interface GroupFold<A> {
  /** The group of `item` (groups compare as state keys: by value, objects by their JSON). */
  group(item: unknown): unknown;
  /** The accumulator of a group whose first item is `item`. */
  first(item: unknown): A;
  /** The accumulator after one more item (it may change `acc` in place and return it). */
  add(acc: A, item: unknown): A;
}

/** Accumulators per (time, group) for times that have not completed yet. */
export class TimeGroups<A> {
  private readonly stash = new TimeStash<Time>();

  /** Groups kept in `state`, complete once all `inputs` input ports have passed their time. */
  constructor(private readonly state: NodeState, private readonly inputs = 1) {}

  /**
   * Folds a batch at `time` into the accumulators of its items' groups: an item starts its
   * group's accumulator with `f.first(item)` or updates it with `f.add(acc, item)`. Each group the
   * batch touches is read and written once. An item whose calls throw goes to the `error` port.
   */
  fold(ctx: LogicContext, time: Time, items: readonly unknown[], f: GroupFold<A>): void {
    const touched = new Map<unknown, { group: unknown; fresh: boolean; acc: A }>();
    const tk = timeKey(time);
    for (const item of items) {
      try {
        const group = f.group(item);
        const sk = stateKey(group);
        const t = touched.get(sk);
        if (t !== undefined) {
          t.acc = f.add(t.acc, item);
          continue;
        }
        const box = this.state.get<Box<A>>(["g", tk, group]);
        const acc = box === undefined ? f.first(item) : f.add(box.acc, item);
        touched.set(sk, { group, fresh: box === undefined, acc });
      } catch (e) {
        ctx.fail(time, e, item);
      }
    }
    if (touched.size === 0) return;
    this.stash.at(ctx, time, () => time);
    let groups: unknown[] | undefined;
    for (const t of touched.values()) {
      if (t.fresh) (groups ??= this.state.get<unknown[]>(["k", tk]) ?? []).push(t.group);
      this.state.set(["g", tk, t.group], { acc: t.acc });
    }
    if (groups !== undefined) this.state.set(["k", tk], groups);
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

  /** Checkpoints: the pending times, earliest first, as plain data (their groups are in the state). */
  snapshot(): PlainTime[] {
    return this.stash.times().map(timeToPlain);
  }

  /** Recovery: takes back the capabilities of the pending times `snapshot` gave (their groups are in the restored state). */
  restore(ctx: RestoreContext, times: unknown): void {
    if (!Array.isArray(times)) throw new TypeError(`node "${ctx.name}": a checkpoint's pending times must be an array, got ${JSON.stringify(times)}`);
    for (const t of times) {
      const time = timeFromPlain(t);
      this.stash.restoreSlot(ctx, time, time);
    }
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

/** A fold that collects each group's items into `sides` lists, putting this input's items in list `side`. */
export function collectFold(group: (item: unknown) => unknown, side = 0, sides = 1): GroupFold<unknown[][]> {
  return {
    group,
    first: (item) => {
      const acc: unknown[][] = Array.from({ length: sides }, () => []);
      acc[side]!.push(item);
      return acc;
    },
    add: (acc, item) => {
      acc[side]!.push(item);
      return acc;
    },
  };
}
