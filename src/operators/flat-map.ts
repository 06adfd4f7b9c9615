/** `flatMap`: any number of output items per input item, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";
import { itemLoopLogic } from "./item-loop.js";

/** Emits every item of the iterable `f` returns; an item whose call throws goes to the `error` port. */
export function flatMapLogic<T, U>(f: (item: T) => Iterable<U>): OperatorLogic {
  return itemLoopLogic({ kind: "flatMap", f: f as (item: never) => Iterable<unknown> });
}
