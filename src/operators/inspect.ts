/** `inspect`: calls a function on every item and its time, and passes the batch on unchanged. */
import type { Time } from "../time/order.js";
import type { OperatorLogic } from "../runtime/logic.js";

/** Calls `f(item, time)` for each item; an item whose call throws goes to the `error` port (and on). */
export function inspectLogic<T>(f: (item: T, time: Time) => void): OperatorLogic {
  return {
    onData(ctx, _port, time, items) {
      for (let i = 0; i < items.length; i++) {
        try {
          f(items[i] as T, time);
        } catch (e) {
          ctx.fail(time, e, items[i]);
        }
      }
      ctx.emit(0, time, items);
    },
  };
}
