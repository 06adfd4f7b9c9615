/** `filter`: keeps the items a predicate accepts, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";
import { itemLoopLogic } from "./item-loop.js";

/** Keeps items for which `p` is truthy; an item whose call throws goes to the `error` port. */
export function filterLogic<T>(p: (item: T) => unknown): OperatorLogic {
  return itemLoopLogic({ kind: "filter", f: p as (item: never) => unknown });
}
