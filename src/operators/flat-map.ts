/** `flatMap`: any number of output items per input item, at the same time. */
import type { OperatorLogic } from "../runtime/logic.js";

/** Emits every item of the iterable `f` returns; an item whose call throws goes to the `error` port. */
export function flatMapLogic<T, U>(f: (item: T) => Iterable<U>): OperatorLogic {
  return {
    onData(ctx, _port, time, items) {
      const out: U[] = [];
      for (let i = 0; i < items.length; i++) {
        const mark = out.length;
        try {
          const r = f(items[i] as T);
          if (Array.isArray(r)) for (let j = 0; j < r.length; j++) out.push(r[j] as U);
          else if (r != null && typeof (r as Iterable<U>)[Symbol.iterator] === "function") for (const y of r) out.push(y);
          else throw new TypeError(`flatMap's function must return an iterable (such as an array), got ${r === null ? "null" : typeof r}`);
        } catch (e) {
          out.length = mark;
          ctx.fail(time, e, items[i]);
        }
      }
      ctx.emit(0, time, out);
    },
  };
}
