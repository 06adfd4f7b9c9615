/**
 * `scan`: a running accumulator over the stream in logical-time order (see `sequence.ts`),
 * emitting its value after every item — one per group: the whole stream, or each key of a keyed
 * stream (then `{ key, value }`). The accumulators are plain data in the node's keyed state; `init`
 * is shared by every group, so `f` should return a new accumulator rather than change the old one.
 * An item whose call throws goes to the `error` port and leaves the accumulator as it was.
 */
import { stateKey, type KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { Grouping } from "./grouping.js";
import { sequenceLogic } from "./sequence.js";

interface Box<A> {
  acc: A;
}

/** Emits `acc = f(acc, item)` after each item, with `acc` starting at `init` for every group. */
export function scanLogic<T, A>(grouping: Grouping, f: (acc: A, item: T) => A, init: A, backend?: KeyedState<unknown>): OperatorLogic {
  return sequenceLogic({
    items(state, items, out) {
      const accs = new Map<unknown, { group: unknown; acc: A }>();
      for (const item of items) {
        try {
          const group = grouping.group(item);
          const sk = stateKey(group);
          let g = accs.get(sk);
          if (g === undefined) {
            const box = state.get<Box<A>>(["acc", group]);
            accs.set(sk, (g = { group, acc: box === undefined ? init : box.acc }));
          }
          g.acc = f(g.acc, item as T);
          out.emit(grouping.result(group, g.acc));
        } catch (e) {
          out.fail(e, item);
        }
      }
      for (const g of accs.values()) state.set(["acc", g.group], { acc: g.acc });
    },
  }, backend);
}
