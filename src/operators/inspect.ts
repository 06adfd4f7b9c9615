/** `inspect`: calls a function on every item and its time, and passes the items on unchanged. */
import type { Time } from "../time/order.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { itemLoopLogic } from "./item-loop.js";

/** Calls `f(item, time)` for each item; an item whose call throws goes to the `error` port (and on). */
export function inspectLogic<T>(f: (item: T, time: Time) => void): OperatorLogic {
  return itemLoopLogic({ kind: "inspect", f: f as (item: never, time: Time) => void });
}
