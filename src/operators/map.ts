/** `map`: one output item per input item, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";

/** Applies `f` to every item; an item whose call throws goes to the `error` port. */
export function mapLogic<T, U>(f: (item: T) => U): OperatorLogic {
  return {
    onData(ctx, _port, time, items) {
      const n = items.length;
      const out = new Array<U>(n);
      let w = 0;
      for (let i = 0; i < n; i++) {
        try {
          out[w] = f(items[i] as T);
          w++;
        } catch (e) {
          ctx.fail(time, e, items[i]);
        }
      }
      if (w < n) out.length = w;
      ctx.emit(0, time, out);
    },
  };
}
