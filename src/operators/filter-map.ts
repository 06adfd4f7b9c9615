/** `filterMap`: maps and filters in one step: `undefined` drops the item, anything else is sent. */
import type { OperatorLogic } from "../runtime/logic.js";
import { itemLoopLogic } from "./item-loop.js";

/** Sends `f(item)` unless it is `undefined`; an item whose call throws goes to the `error` port. */
export function filterMapLogic<T, U>(f: (item: T) => U | undefined): OperatorLogic {
  return itemLoopLogic({ kind: "filterMap", f: f as (item: never) => unknown });
}
