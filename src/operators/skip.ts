/** `skip(n)`: every item but the first `n` of the whole stream in logical-time order (see `sequence.ts`). */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount } from "./checks.js";
import { sequenceLogic } from "./sequence.js";

/** Drops the first `n` items in logical-time order and sends the rest, each at its own time. */
export function skipLogic(n: number, backend?: KeyedState<unknown>): OperatorLogic {
  const limit = checkCount(n, "skip(n): n");
  return sequenceLogic({
    items(state, items, out) {
      const skipped = state.get<number>("skipped") ?? 0;
      const skip = Math.min(limit - skipped, items.length);
      if (skip > 0) state.set("skipped", skipped + skip);
      for (let i = Math.max(skip, 0); i < items.length; i++) out.emit(items[i]);
    },
  }, backend);
}
