/** Operator logic for a per-item kernel: run it over each batch and send what it emits. */
import { chainRunner, type ItemKernel } from "../runtime/kernels.js";
import type { OperatorLogic } from "../runtime/logic.js";

/** The logic of a one-stage per-item operator (which adjacent ones may also fuse with). */
export function kernelLogic(kernel: ItemKernel): OperatorLogic {
  const run = chainRunner([kernel]);
  const counts = [0, 0];
  return {
    kernel,
    onData(ctx, _port, time, items) {
      ctx.emit(0, time, run(items, time, counts, (_stage, e, item) => ctx.fail(time, e, item)), ctx.eventTime);
    },
  };
}
