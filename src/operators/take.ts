/**
 * `take(n)` and `first()`: the first `n` items of the whole stream in logical-time order (see
 * `sequence.ts`), each at its own time. Once it has them, the operator stops: it drops every
 * capability it holds and ignores the rest, so it holds nothing downstream back any more.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount } from "./checks.js";
import { sequenceLogic } from "./sequence.js";

/** The first `n` items in logical-time order. */
export function takeLogic(n: number, backend?: KeyedState<unknown>): OperatorLogic {
  const limit = checkCount(n, "take(n): n");
  return sequenceLogic({
    stopped: limit === 0,
    items(state, items, out) {
      const taken = state.get<number>("taken") ?? 0;
      const now = Math.min(limit, taken + items.length);
      for (let i = 0; i < now - taken; i++) out.emit(items[i]);
      state.set("taken", now);
      if (now >= limit) out.stop();
    },
  }, backend);
}
