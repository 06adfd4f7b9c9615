/**
 * `last()`: the last item of the whole stream in logical-time order (see `sequence.ts`), emitted
 * at its own time once the input has closed — the only moment it is known to be the last. Until
 * then the operator holds a capability at the time of the latest item it has seen.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { sequenceLogic } from "./sequence.js";

/** The last item, once the input closes. */
export function lastLogic(backend?: KeyedState<unknown>): OperatorLogic {
  return sequenceLogic({
    items(state, items, out) {
      state.set("last", { item: items[items.length - 1] });
      out.hold();
    },
    close(state, emit) {
      const last = state.get<{ item: unknown }>("last");
      if (last !== undefined) emit([last.item]);
      state.delete("last");
    },
  }, backend);
}
