/** `map`: one output item per input item, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";
import { itemLoopLogic } from "./item-loop.js";

/** Applies `f` to every item; an item whose call throws goes to the `error` port. */
export function mapLogic<T, U>(f: (item: T) => U): OperatorLogic {
  return itemLoopLogic({ kind: "map", f: f as (item: never) => unknown });
}
