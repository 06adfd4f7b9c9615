/**
 * `zip`: pairs the items of two streams in arrival order within each logical time (input 0 gives
 * the first of each pair, input 1 the second). Once both inputs' frontiers have passed a time, its
 * i-th items pair up as `[a, b]`; the extra items of the longer side are dropped.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { NodeState } from "./node-state.js";
import { collectFold, TimeGroups } from "./time-groups.js";

/** Pairs the two inputs' items per time. */
export function zipLogic(backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  const groups = new TimeGroups<unknown[][]>(state, 2);
  const sides = [collectFold(() => null, 0, 2), collectFold(() => null, 1, 2)];
  return {
    state: state.store,
    snapshot: () => groups.snapshot(),
    restore(ctx, data) {
      state.resume();
      groups.restore(ctx, data);
    },
    onData(ctx, port, time, items) {
      groups.fold(ctx, time, items, sides[port]!);
    },
    onFrontier(ctx) {
      groups.ready(ctx, (time, done) => {
        const [as = [], bs = []] = done[0]![1];
        const n = Math.min(as.length, bs.length);
        const out: Array<[unknown, unknown]> = new Array(n);
        for (let i = 0; i < n; i++) out[i] = [as[i], bs[i]];
        ctx.emit(0, time, out);
      });
    },
  };
}
