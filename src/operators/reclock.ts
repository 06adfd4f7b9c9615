/**
 * `reclock(clock)`: data at time `t` is released at the first time `c >= t` at which the clock
 * stream has an item, once both frontiers have passed `c` (see `clocked.ts`). Data with no later
 * clock item is never released.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { clockedLogic } from "./clocked.js";

/** Releases the data (input 0) at the times of the clock (input 1). */
export function reclockLogic(backend?: KeyedState<unknown>): OperatorLogic {
  return clockedLogic({
    latestOnly: false,
    tick(_state, kept, emit) {
      const out: unknown[] = [];
      for (const k of kept) for (const item of k.items) out.push(item);
      emit(out);
    },
  }, backend);
}
