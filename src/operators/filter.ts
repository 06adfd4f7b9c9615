/** `filter`: keeps the items a predicate accepts, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";

/** Keeps items for which `p` is truthy; an item whose call throws goes to the `error` port. */
export function filterLogic<T>(p: (item: T) => unknown): OperatorLogic {
  return {
    onData(ctx, _port, time, items) {
      const out: T[] = [];
      for (let i = 0; i < items.length; i++) {
        const x = items[i] as T;
        try {
          if (p(x)) out.push(x);
        } catch (e) {
          ctx.fail(time, e, x);
        }
      }
      ctx.emit(0, time, out);
    },
  };
}
