/**
 * Differential operators: collections as streams of updates `[data, diff]` at logical times (the
 * collection at time `t` is the sum of the diffs at times `<= t`), after Differential Dataflow.
 *
 * The diffs of each time are summed per datum (data compare as state keys: by value, objects by
 * their JSON); once the frontier has passed the time, each datum whose net diff is not zero moves
 * its running count from `old` to `new = old + diff`, and the operator emits, at that time, the
 * updates that change its own output collection accordingly. Running counts are plain data in the
 * node's keyed state. The times must be integers: one running count per datum is only right when
 * the times are totally ordered.
 */
import { formatTime } from "../time/order.js";
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { describe } from "../operators/checks.js";
import { NodeState } from "../operators/node-state.js";
import { TimeGroups, type GroupFold } from "../operators/time-groups.js";

/** An update to a collection: `diff` copies of `data` added (negative: removed). */
export type Update<D> = [data: D, diff: number];

/** Runs a differential operator: `changes(data, old, new)` gives the output updates when a datum's count moves. */
export function differentialLogic(what: string, changes: (data: unknown, old: number, now: number) => Array<Update<unknown>>, backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  const diffs = new TimeGroups<number>(state);
  const diffOf = (item: unknown): number => {
    if (!Array.isArray(item) || item.length !== 2 || !Number.isSafeInteger(item[1])) {
      throw new TypeError(`${what} expected an update [data, diff] with an integer diff, got ${describe(item)}`);
    }
    return item[1] as number;
  };
  const net: GroupFold<number> = {
    group: (item) => (diffOf(item), (item as Update<unknown>)[0]),
    first: diffOf,
    add: (acc, item) => acc + diffOf(item),
  };
  return {
    state: state.store,
    snapshot: () => diffs.snapshot(),
    restore(ctx, data) {
      state.resume();
      diffs.restore(ctx, data);
    },
    onData(ctx, _port, time, items) {
      if (typeof time !== "number") {
        throw new TypeError(`${what} needs integer times (a running count per datum is only right for totally ordered times), got ${formatTime(time)}`);
      }
      diffs.fold(ctx, time, items, net);
    },
    onFrontier(ctx) {
      diffs.ready(ctx, (time, sums) => {
        const out: Array<Update<unknown>> = [];
        for (const [data, diff] of sums) {
          if (diff === 0) continue;
          const key = ["n", data];
          const old = state.get<number>(key) ?? 0;
          const now = old + diff;
          if (now === 0) state.delete(key);
          else state.set(key, now);
          for (const u of changes(data, old, now)) out.push(u);
        }
        ctx.emit(0, time, out);
      });
    },
  };
}
