/** `skip(n)`: every item but the first `n` of the whole stream in logical-time order (see `sequence.ts`). */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount } from "./checks.js";
import { sequenceLogic } from "./sequence.js";

/** Drops the first `n` items in logical-time order and sends the rest, each at its own time. */
export function skipLogic(n: number, backend?: KeyedState<unknown>): OperatorLogic {
  const limit = checkCount(n, "skip(n): n");
  return sequenceLogic({
    item(state, item, out) {
      const seen = (state.get<number>("seen") ?? 0) + 1;
      if (seen <= limit) state.set("seen", seen);
      else out.emit(item);
    },
  }, backend);
}
