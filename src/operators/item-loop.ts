/** Operator logic for a per-item loop: run it over each batch and send what it emits. */
import { chainRunner, type ItemLoop } from "../runtime/item-loops.js";
import type { OperatorLogic } from "../runtime/logic.js";

/** The logic of a one-stage per-item operator (which adjacent ones may also fuse with). */
export function itemLoopLogic(loop: ItemLoop): OperatorLogic {
  const run = chainRunner([loop]);
  const counts = [0, 0];
  return {
    itemLoop: loop,
    onData(ctx, _port, time, items) {
      ctx.emit(0, time, run(items, time, counts, (_stage, e, item) => ctx.fail(time, e, item)), ctx.eventTime);
    },
  };
}
