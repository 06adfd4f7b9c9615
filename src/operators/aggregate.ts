/**
 * Per-time aggregates (`reduce`, `aggregate`, `count`, `sum`, `min`, `max`, `avg`, `distinct`):
 * the items of each group at each logical time fold into a result, emitted at that time once the
 * frontier has passed it (no more data at that time can arrive). Groups are the whole stream or
 * the keys of a keyed stream (see `grouping.ts`); results of one time come out in the order their
 * groups were first seen. An item whose function throws goes to the `error` port and is left out.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { LogicContext, OperatorLogic } from "../runtime/logic.js";
import type { Fold } from "./folds.js";
import type { Grouping } from "./grouping.js";
import { NodeState } from "./node-state.js";
import { TimeGroups, type GroupFold } from "./time-groups.js";

/** Folds each group's items per time with `fold` and emits `grouping.result(group, result)` once the time completes. */
export function aggregateLogic<T, A, R>(grouping: Grouping, fold: Fold<T, A, R>, backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  const groups = new TimeGroups<A>(state);
  const spec: GroupFold<A> = { group: (item) => grouping.group(item), first: (item) => fold.first(item as T), add: (acc, item) => fold.add(acc, item as T) };
  const fire = (ctx: LogicContext): void =>
    groups.ready(ctx, (time, done) => {
      const out: unknown[] = [];
      for (const [group, acc] of done) {
        try {
          out.push(grouping.result(group, fold.result(acc)));
        } catch (e) {
          ctx.fail(time, e, acc);
        }
      }
      ctx.emit(0, time, out);
    });
  return {
    state: state.store,
    onData(ctx, _port, time, items) {
      groups.fold(ctx, time, items, spec);
    },
    onFrontier: fire,
    snapshot: () => groups.snapshot(),
    restore(ctx, data) {
      state.resume();
      groups.restore(ctx, data);
    },
  };
}
