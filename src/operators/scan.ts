/**
 * `scan`: a running accumulator over the stream in logical-time order (see `sequence.ts`),
 * emitting its value after every item — one per group: the whole stream, or each key of a keyed
 * stream (then `{ key, value }`). The accumulators are plain data in the node's keyed state; `init`
 * is shared by every group, so `f` should return a new accumulator rather than change the old one.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { Grouping } from "./grouping.js";
import { sequenceLogic } from "./sequence.js";

interface Box<A> {
  acc: A;
}

/** Emits `acc = f(acc, item)` after each item, with `acc` starting at `init` for every group. */
export function scanLogic<T, A>(grouping: Grouping, f: (acc: A, item: T) => A, init: A, backend?: KeyedState<unknown>): OperatorLogic {
  return sequenceLogic({
    item(state, item, out) {
      const group = grouping.group(item);
      const key = ["acc", group];
      const box = state.get<Box<A>>(key);
      const acc = f(box === undefined ? init : box.acc, item as T);
      state.set(key, { acc });
      out.emit(grouping.result(group, acc));
    },
  }, backend);
}
