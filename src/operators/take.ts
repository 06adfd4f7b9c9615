/**
 * `take(n)` and `first()`: the first `n` items of the whole stream in logical-time order (see
 * `sequence.ts`), each at its own time. Once it has them, the operator stops: it drops every
 * capability it holds and ignores the rest, so it holds nothing downstream back any more.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount } from "./checks.js";
import { sequenceLogic } from "./sequence.js";

/** The first `n` items in logical-time order; `what` names the operator in messages. */
export function takeLogic(n: number, what = "take(n): n", backend?: KeyedState<unknown>): OperatorLogic {
  const limit = checkCount(n, what);
  return sequenceLogic({
    stopped: limit === 0,
    item(state, item, out) {
      const seen = (state.get<number>("taken") ?? 0) + 1;
      state.set("taken", seen);
      out.emit(item);
      if (seen >= limit) out.stop();
    },
  }, backend);
}
