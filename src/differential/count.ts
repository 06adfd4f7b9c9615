/**
 * Differential `count`: the collection of `[data, count]` pairs, one per datum with a non-zero
 * count (see `differential.ts`). When a datum's count moves from `old` to `new` at `t`, it emits
 * `[[data, old], -1]` (if `old != 0`) and `[[data, new], +1]` (if `new != 0`) at `t`.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { differentialLogic, type Update } from "./differential.js";

/** Counts a collection's data. */
export function diffCountLogic(backend?: KeyedState<unknown>): OperatorLogic {
  return differentialLogic("the differential count()", (data, old, now) => {
    const out: Array<Update<unknown>> = [];
    if (old !== 0) out.push([[data, old], -1]);
    if (now !== 0) out.push([[data, now], 1]);
    return out;
  }, backend);
}
