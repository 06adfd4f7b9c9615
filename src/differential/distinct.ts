/**
 * Differential `distinct`: each datum once while its count is positive (see `differential.ts`).
 * It emits `[data, +1]` when the count goes from zero or less to positive, and `[data, -1]` when
 * it goes from positive to zero or less.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { differentialLogic, type Update } from "./differential.js";

/** The distinct data of a collection. */
export function diffDistinctLogic(backend?: KeyedState<unknown>): OperatorLogic {
  return differentialLogic("the differential distinct()", (data, old, now): Array<Update<unknown>> => {
    if (old <= 0 && now > 0) return [[data, 1]];
    if (old > 0 && now <= 0) return [[data, -1]];
    return [];
  }, backend);
}
